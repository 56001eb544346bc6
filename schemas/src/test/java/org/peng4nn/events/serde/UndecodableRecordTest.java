package org.peng4nn.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.SampleEvents;

class UndecodableRecordTest {

    private static final String TOPIC = "peng4nn.epochs";

    private final AvroSerde<EpochMetric> serde = EventSerdes.epochMetric();
    private final byte[] good = serde.serialize(TOPIC, SampleEvents.epochMetric(2, 55));

    @Test
    void bytesWithoutTheSingleObjectMarkerHaveABadHeader() {
        UndecodableRecordException e = decodeFails("{\"model_id\":\"m\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(e.failure()).isEqualTo(DecodeFailure.BAD_HEADER);
        assertThat(e.detail()).contains("0x7B 0x22");
    }

    @Test
    void aHeaderCutShortIsABadHeader() {
        assertThat(decodeFails(Arrays.copyOf(good, 5)).failure()).isEqualTo(DecodeFailure.BAD_HEADER);
        assertThat(decodeFails(new byte[0]).failure()).isEqualTo(DecodeFailure.BAD_HEADER);
    }

    @Test
    void aFingerprintOutsideTheHistoryIsAnUnknownSchema() {
        byte[] bytes = good.clone();
        bytes[5] ^= 0x5A;

        UndecodableRecordException e = decodeFails(bytes);

        assertThat(e.failure()).isEqualTo(DecodeFailure.UNKNOWN_SCHEMA);
        assertThat(e.detail()).contains("fingerprint 0x");
    }

    @Test
    void aTruncatedPayloadIsMalformed() {
        UndecodableRecordException e = decodeFails(Arrays.copyOf(good, good.length - 4));

        assertThat(e.failure()).isEqualTo(DecodeFailure.MALFORMED_PAYLOAD);
    }

    @Test
    void strayBytesAfterTheRecordAreMalformed() {
        UndecodableRecordException e = decodeFails(Arrays.copyOf(good, good.length + 3));

        assertThat(e.failure()).isEqualTo(DecodeFailure.MALFORMED_PAYLOAD);
        assertThat(e.detail()).contains("3 stray bytes");
    }

    @Test
    void garbageAfterAValidHeaderIsMalformed() {
        byte[] bytes = Arrays.copyOf(good, 30);
        Arrays.fill(bytes, 10, bytes.length, (byte) 0xFF);

        assertThat(decodeFails(bytes).failure()).isEqualTo(DecodeFailure.MALFORMED_PAYLOAD);
    }

    @Test
    void anotherEventTypeOnTheTopicIsAnIncompatibleSchema() {
        byte[] stop = EventSerdes.stopCommand().serialize("peng4nn.control", SampleEvents.stopCommand());

        UndecodableRecordException e = decodeFails(stop);

        assertThat(e.failure()).isEqualTo(DecodeFailure.INCOMPATIBLE_SCHEMA);
        assertThat(e.detail()).contains("StopCommand").contains("EpochMetric");
    }

    @Test
    void theDeserializerNamesTheTopicButCannotKnowPartitionOrOffset() {
        UndecodableRecordException e = decodeFails(new byte[] {1, 2, 3});

        assertThat(e).isInstanceOf(SerializationException.class);
        assertThat(e.topic()).contains(TOPIC);
        assertThat(e.partition()).isEmpty();
        assertThat(e.offset()).isEmpty();
        assertThat(e.getMessage()).startsWith("undecodable record in " + TOPIC + ": BAD_HEADER: ");
    }

    @Test
    void aLocatedFailureNamesTopicPartitionAndOffset() {
        UndecodableRecordException e = new UndecodableRecordException(TOPIC, 4, 17L, DecodeFailure.UNKNOWN_SCHEMA,
                "no schema", null);

        assertThat(e.getMessage()).isEqualTo("undecodable record in " + TOPIC + "-4 at offset 17: UNKNOWN_SCHEMA: no schema");
        assertThat(e.partition()).hasValue(4);
        assertThat(e.offset()).hasValue(17L);
    }

    @Test
    void theSerdeKeepsWorkingAfterAFailure() {
        decodeFails(new byte[] {1, 2, 3});

        assertThat(serde.deserialize(TOPIC, good)).isEqualTo(SampleEvents.epochMetric(2, 55));
    }

    private UndecodableRecordException decodeFails(byte[] bytes) {
        UndecodableRecordException e = catchThrowableOfType(UndecodableRecordException.class,
                () -> serde.deserialize(TOPIC, bytes));
        assertThat(e).as("decoding %s must fail", Arrays.toString(bytes)).isNotNull();
        return e;
    }
}
