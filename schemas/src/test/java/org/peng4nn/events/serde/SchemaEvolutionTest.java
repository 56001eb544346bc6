package org.peng4nn.events.serde;

import static org.apache.avro.SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.SampleEvents;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;

/**
 * Old and new code on one topic. The test history in {@code evolution/} holds v1 (the current
 * schemas) and a v2 of each of three events: EpochMetric gains an optional field, StopReason and
 * ResultStatus gain a symbol.
 */
class SchemaEvolutionTest {

    private static final String TOPIC = "peng4nn.epochs";
    private static final EventSchemaStore HISTORY = EventSchemaStore.load(
            SchemaEvolutionTest.class.getClassLoader(), "evolution",
            List.of("EpochMetric", "StopCommand", "ModelResult"));

    private static final Schema EPOCH_V1 = schema("EpochMetric", 1);
    private static final Schema EPOCH_V2 = schema("EpochMetric", 2);

    @Test
    void anOldReaderReadsARecordOfTheNewWriterAndIgnoresTheNewField() {
        SingleObjectCodec<GenericRecord> newWriter = SingleObjectCodec.generic(EPOCH_V2, HISTORY);
        SingleObjectCodec<GenericRecord> oldReader = SingleObjectCodec.generic(EPOCH_V1, HISTORY);

        GenericRecord read = oldReader.decode(newWriter.encode(epochV2(4096L)));

        assertThat(read.getSchema()).isEqualTo(EPOCH_V1);
        assertThat(read.hasField("gpu_memory_mb")).isFalse();
        assertThat(read.get("model_id")).hasToString("model-7");
        assertThat(read.get("epoch")).isEqualTo(3.0);
        assertThat(read.get("value")).isEqualTo(66.5);
        assertThat(read.get("loss")).isNull();
    }

    @Test
    void aNewReaderReadsARecordOfTheOldWriterWithTheNewFieldAtItsDefault() {
        SingleObjectCodec<GenericRecord> oldWriter = SingleObjectCodec.generic(EPOCH_V1, HISTORY);
        SingleObjectCodec<GenericRecord> newReader = SingleObjectCodec.generic(EPOCH_V2, HISTORY);
        GenericRecord old = new GenericData.Record(EPOCH_V1);
        EPOCH_V1.getFields().forEach(f -> old.put(f.name(), epochV2(null).get(f.name())));

        GenericRecord read = newReader.decode(oldWriter.encode(old));

        assertThat(read.get("gpu_memory_mb")).isNull();
        assertThat(read.get("value")).isEqualTo(66.5);
        assertThat(read.get("event_time")).isEqualTo(SampleEvents.T0.toEpochMilli());
    }

    @Test
    void theGeneratedEventReadsTheNewWriterOnceItsSchemaIsInTheHistory() {
        byte[] written = SingleObjectCodec.generic(EPOCH_V2, HISTORY).encode(epochV2(4096L));
        AvroSerde<EpochMetric> serde = AvroSerde.of(EpochMetric.class, EventSchemaStore.shipped().plus(EPOCH_V2));

        EpochMetric read = serde.deserialize(TOPIC, written);

        assertThat(read.getModelId()).isEqualTo("model-7");
        assertThat(read.getEventTime()).isEqualTo(SampleEvents.T0);
        assertThat(read.getValue()).isEqualTo(66.5);
    }

    @Test
    void withoutTheNewWritersSchemaTheRecordIsReportedNotMisread() {
        byte[] written = SingleObjectCodec.generic(EPOCH_V2, HISTORY).encode(epochV2(4096L));

        UndecodableRecordException e = catchThrowableOfType(UndecodableRecordException.class,
                () -> EventSerdes.epochMetric().deserialize(TOPIC, written));

        assertThat(e.failure()).isEqualTo(DecodeFailure.UNKNOWN_SCHEMA);
    }

    @Test
    void aNewReaderReadsWhatTheGeneratedEventWrote() {
        byte[] written = EventSerdes.epochMetric().serialize(TOPIC, SampleEvents.epochMetric(3, 66.5));

        GenericRecord read = SingleObjectCodec.generic(EPOCH_V2, EventSchemaStore.shipped()).decode(written);

        assertThat(read.get("gpu_memory_mb")).isNull();
        assertThat(read.get("loss")).isEqualTo(0.42);
        assertThat(read.get("epoch_duration_ms")).isEqualTo(12_345L);
    }

    @Test
    void aStopReasonUnknownToTheReaderStillStopsTheRun() {
        Schema v2 = schema("StopCommand", 2);
        GenericRecord command = new GenericRecordBuilder(v2)
                .set("model_id", "model-7").set("search_id", "search-1").set("run", 1)
                .set("reason", new GenericData.EnumSymbol(v2.getField("reason").schema(), "PREEMPTED"))
                .set("at_epoch", 4.0).set("issued_at", SampleEvents.T0.toEpochMilli())
                .build();
        byte[] written = SingleObjectCodec.generic(v2, HISTORY).encode(command);

        StopCommand read = AvroSerde.of(StopCommand.class, HISTORY).deserialize("peng4nn.control", written);

        assertThat(read.getReason()).isEqualTo(StopReason.MANUAL);
        assertThat(read.getPredictedFinal()).isNull();
    }

    @Test
    void aResultStatusUnknownToTheReaderIsReportedButKnownStatusesOfTheSameWriterStillRead() {
        Schema v2 = schema("ModelResult", 2);
        SingleObjectCodec<GenericRecord> newWriter = SingleObjectCodec.generic(v2, HISTORY);
        AvroSerde<ModelResult> oldReader = AvroSerde.of(ModelResult.class, HISTORY);

        ModelResult completed = oldReader.deserialize("peng4nn.results", newWriter.encode(result(v2, "COMPLETED")));
        UndecodableRecordException e = catchThrowableOfType(UndecodableRecordException.class,
                () -> oldReader.deserialize("peng4nn.results", newWriter.encode(result(v2, "CANCELLED"))));

        assertThat(completed.getStatus()).isEqualTo(ResultStatus.COMPLETED);
        assertThat(e.failure()).isEqualTo(DecodeFailure.INCOMPATIBLE_SCHEMA);
        assertThat(e.detail()).contains("CANCELLED");
    }

    @Test
    void theCompatibilityRuleOfTheHistoryGuardAcceptsTheseChangesExceptTheNewResultStatus() {
        assertThat(mutuallyReadable("EpochMetric")).isTrue();
        assertThat(mutuallyReadable("StopCommand")).isTrue();
        assertThat(mutuallyReadable("ModelResult")).isFalse();
    }

    private static boolean mutuallyReadable(String record) {
        Schema v1 = schema(record, 1);
        Schema v2 = schema(record, 2);
        return SchemaCompatibility.checkReaderWriterCompatibility(v1, v2).getType() == COMPATIBLE
                && SchemaCompatibility.checkReaderWriterCompatibility(v2, v1).getType() == COMPATIBLE;
    }

    private static GenericRecord epochV2(Long gpuMemoryMb) {
        return new GenericRecordBuilder(EPOCH_V2)
                .set("search_id", "search-1").set("model_id", "model-7").set("run", 1).set("trainer_id", "t-1")
                .set("epoch", 3.0).set("max_epochs", 25).set("value", 66.5)
                .set("gpu_memory_mb", gpuMemoryMb)
                .set("event_time", SampleEvents.T0.toEpochMilli())
                .build();
    }

    private static GenericRecord result(Schema schema, String status) {
        return new GenericRecordBuilder(schema)
                .set("search_id", "search-1").set("model_id", "model-7").set("run", 1)
                .set("status", new GenericData.EnumSymbol(schema.getField("status").schema(), status))
                .set("epochs_used", 25.0).set("max_epochs", 25).set("architecture", "a")
                .set("finished_at", SampleEvents.T0.toEpochMilli())
                .build();
    }

    private static Schema schema(String record, int version) {
        return HISTORY.versions(record).get(version - 1).schema();
    }
}
