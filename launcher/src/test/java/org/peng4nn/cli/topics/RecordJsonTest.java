package org.peng4nn.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.DeadLetterHeaders;
import org.peng4nn.topics.EventTopic;

/** The JSON lines of {@code tail}: one per record, events field by field, failures and dead letters located. */
class RecordJsonTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00.123Z");

    private static EpochMetric epoch(String search, String model, double value) {
        return EpochMetric.newBuilder().setSearchId(search).setModelId(model).setRun(1).setTrainerId("t")
                .setEpoch(3).setMaxEpochs(25).setValue(value).setLoss(0.5).setLrMilestones(List.of(10.0, 20.0))
                .setEventTime(T0).build();
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, long offset, String key, byte[] value,
            RecordHeaders headers) {
        return new ConsumerRecord<>(topic, 2, offset, T0.toEpochMilli(), TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> epochRecord(long offset, EpochMetric event) {
        return record("peng4nn.epochs", offset, event.getModelId().toString(),
                EventSerdes.epochMetric().serialize("peng4nn.epochs", event), new RecordHeaders());
    }

    private static TopicLines lines(String topic, String search, String model) {
        return new TopicLines(ProjectTopic.resolve(topic, "peng4nn."), "peng4nn.", search, model);
    }

    @Test
    void anEventIsItsPositionKeyAndFieldsUnderTheSchemaNames() {
        ObjectNode line = lines("epochs", null, null).line(epochRecord(41, epoch("s1", "m1", 71.5))).orElseThrow();

        assertThat(line.get("topic").asText()).isEqualTo("peng4nn.epochs");
        assertThat(line.get("partition").asInt()).isEqualTo(2);
        assertThat(line.get("offset").asLong()).isEqualTo(41);
        assertThat(line.get("timestamp").asText()).isEqualTo("2026-11-28T12:00:00.123Z");
        assertThat(line.get("key").asText()).isEqualTo("m1");
        JsonNode value = line.get("value");
        assertThat(value.get("search_id").asText()).isEqualTo("s1");
        assertThat(value.get("model_id").asText()).isEqualTo("m1");
        assertThat(value.get("epoch").asDouble()).isEqualTo(3.0);
        assertThat(value.get("value").asDouble()).isEqualTo(71.5);
        assertThat(value.get("metric").asText()).isEqualTo("val_acc");
        assertThat(value.get("train_accuracy").isNull()).isTrue();
        assertThat(value.get("loss").asDouble()).isEqualTo(0.5);
        assertThat(value.get("lr_milestones").toString()).isEqualTo("[10.0,20.0]");
        assertThat(value.get("event_time").asText()).isEqualTo("2026-11-28T12:00:00.123Z");
        // schema order: a line reads like the .avsc
        assertThat(value.fieldNames()).toIterable().startsWith("search_id", "model_id", "run", "trainer_id", "epoch");
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void enumsMapsAndNumbersJsonCannotHoldAreText() {
        ModelResult result = ModelResult.newBuilder().setSearchId("s").setModelId("m").setRun(1)
                .setStatus(ResultStatus.STOPPED_EARLY).setEpochsUsed(7).setMaxEpochs(25).setObservedFinal(null)
                .setPredictedFinal(Double.NaN).setFitness(88.0).setArchitecture("{}").setFinishedAt(T0).build();
        JsonNode value = RecordJson.avro(result);
        assertThat(value.get("status").asText()).isEqualTo("STOPPED_EARLY");
        assertThat(value.get("predicted_final").asText()).isEqualTo("NaN");
        assertThat(value.get("observed_final").isNull()).isTrue();

        TrainingJob job = TrainingJob.newBuilder().setSearchId("s").setModelId("m").setRun(1).setArchitecture("{}")
                .setDataset("synthetic").setMaxEpochs(5).setHyperParameters(Map.of("lr", "0.1", "batch", "64"))
                .setSubmittedAt(T0).build();
        assertThat(RecordJson.avro(job).get("hyper_parameters").toString()).isEqualTo("{\"batch\":\"64\",\"lr\":\"0.1\"}");
    }

    @Test
    void bytesThatAreNoEventAreOneErrorLineNamingWhereAndWhy() {
        TopicLines lines = lines("peng4nn.epochs", "s1", "m1");
        ConsumerRecord<byte[], byte[]> garbage = record("peng4nn.epochs", 17, "m9",
                "not avro".getBytes(StandardCharsets.UTF_8), new RecordHeaders());

        ObjectNode line = lines.line(garbage).orElseThrow();

        // shown whatever the filters: its search and model cannot be read
        assertThat(line.get("topic").asText()).isEqualTo("peng4nn.epochs");
        assertThat(line.get("partition").asInt()).isEqualTo(2);
        assertThat(line.get("offset").asLong()).isEqualTo(17);
        assertThat(line.get("error").asText()).isEqualTo("BAD_HEADER");
        assertThat(line.get("detail").asText()).isNotBlank();
        assertThat(line.get("value_size").asInt()).isEqualTo(8);
        assertThat(line.has("value")).isFalse();
        assertThat(lines.undecodable()).isEqualTo(1);
    }

    @Test
    void searchAndModelFiltersKeepOnlyTheirEvents() {
        TopicLines lines = lines("epochs", "s1", "m1");
        assertThat(lines.line(epochRecord(0, epoch("s1", "m1", 50)))).isPresent();
        assertThat(lines.line(epochRecord(1, epoch("s2", "m1", 50)))).isEmpty();
        assertThat(lines.line(epochRecord(2, epoch("s1", "m2", 50)))).isEmpty();
        assertThat(lines("epochs", null, "m2").line(epochRecord(2, epoch("s1", "m2", 50)))).isPresent();
        assertThat(lines.undecodable()).isZero();
    }

    @Test
    void aDeadLetterShowsReasonSourceHeadersRawValueAndTheEventItHolds() {
        byte[] invalid = EventSerdes.epochMetric().serialize("peng4nn.epochs", epoch("s1", "m1", 250));
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.REASON, "value 250.0 is outside 0-100".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, "peng4nn.epochs".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, "4".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_OFFSET, "1234".getBytes(StandardCharsets.UTF_8));

        ObjectNode line = lines("dlq", null, "m1").line(record("peng4nn.dlq", 3, "m1", invalid, headers)).orElseThrow();

        assertThat(line.get("key").asText()).isEqualTo("m1");
        assertThat(line.get("reason").asText()).isEqualTo("value 250.0 is outside 0-100");
        assertThat(line.get("source").toString()).isEqualTo("{\"topic\":\"peng4nn.epochs\",\"partition\":4,\"offset\":1234}");
        assertThat(line.get("headers").get("trace").asText()).isEqualTo("abc");
        assertThat(line.get("headers").get(DeadLetterHeaders.SOURCE_OFFSET).asText()).isEqualTo("1234");
        assertThat(line.get("value_size").asInt()).isEqualTo(invalid.length);
        assertThat(Base64.getDecoder().decode(line.get("value_base64").asText())).isEqualTo(invalid);
        assertThat(line.get("value").get("value").asDouble()).isEqualTo(250.0);
    }

    @Test
    void aDeadLetterOfBytesSaysWhyTheyDoNotDecode() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, "undecodable".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_TOPIC, "peng4nn.epochs".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetterHeaders.SOURCE_PARTITION, "".getBytes(StandardCharsets.UTF_8));
        headers.add("binary", new byte[] {(byte) 0xff, (byte) 0xfe});

        ObjectNode line = lines("dlq", null, null).line(
                record("peng4nn.dlq", 0, "m1", new byte[] {1, 2, 3}, headers)).orElseThrow();

        assertThat(line.get("value_error").asText()).startsWith("BAD_HEADER");
        assertThat(line.has("value")).isFalse();
        assertThat(line.get("value_base64").asText()).isEqualTo("AQID");
        assertThat(line.get("source").get("partition").asText()).isEmpty();
        assertThat(line.get("headers").get("binary").asText()).isEqualTo("base64://4=");
        // a search cannot be read from bytes: --search leaves them out, --model matches the key
        assertThat(lines("dlq", "s1", null).line(record("peng4nn.dlq", 0, "m1", new byte[] {1}, headers))).isEmpty();
    }

    @Test
    void aTopicIsARoleOrAFullNameEndingInOne() {
        assertThat(ProjectTopic.resolve("epochs", "peng4nn.")).isEqualTo(new ProjectTopic(EventTopic.EPOCHS, "peng4nn.epochs"));
        assertThat(ProjectTopic.resolve("dlq", "lab-")).isEqualTo(new ProjectTopic(EventTopic.DLQ, "lab-dlq"));
        assertThat(ProjectTopic.resolve("peng4nn.results", "peng4nn.")).isEqualTo(new ProjectTopic(EventTopic.RESULTS, "peng4nn.results"));
        assertThat(ProjectTopic.resolve("replay-1a2b.control", "peng4nn.")).isEqualTo(new ProjectTopic(EventTopic.CONTROL, "replay-1a2b.control"));
        assertThat(ProjectTopic.resolve("lab-jobs", "lab-")).isEqualTo(new ProjectTopic(EventTopic.JOBS, "lab-jobs"));
        assertThatThrownBy(() -> ProjectTopic.resolve("orders", "peng4nn."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'orders' is not a topic of the project")
                .hasMessageContaining("jobs, epochs, control, predictions, results, dlq");
    }
}
