package org.peng4nn.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RecordDeserializationException.DeserializationExceptionOrigin;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.SampleEvents;

class EventPollerTest {

    private static final TopicPartition TP = new TopicPartition("peng4nn.epochs", 2);

    private final MockConsumer<String, EpochMetric> consumer = new MockConsumer<>("earliest");
    private final List<UndecodableRecordException> reported = new ArrayList<>();
    private final EventPoller<String, EpochMetric> poller = new EventPoller<>(consumer, reported::add);

    @BeforeEach
    void assign() {
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        consumer.seekToBeginning(List.of(TP));
    }

    @Test
    void reportsTheUndecodableRecordSeeksPastItAndCarriesOn() {
        add(0);
        add(1);
        assertThat(offsets(poller.poll(Duration.ZERO))).containsExactly(0L, 1L);

        add(3);
        add(4);
        UndecodableRecordException cause = new UndecodableRecordException(DecodeFailure.UNKNOWN_SCHEMA,
                "no schema with fingerprint 0x0000000000000001", null).inTopic(TP.topic());
        consumer.setPollException(failureAt(2, DeserializationExceptionOrigin.VALUE, cause));

        assertThat(offsets(poller.poll(Duration.ofMillis(50)))).containsExactly(3L, 4L);

        assertThat(reported).singleElement().satisfies(e -> {
            assertThat(e.topic()).contains(TP.topic());
            assertThat(e.partition()).hasValue(TP.partition());
            assertThat(e.offset()).hasValue(2L);
            assertThat(e.failure()).isEqualTo(DecodeFailure.UNKNOWN_SCHEMA);
            assertThat(e.detail()).isEqualTo(cause.detail());
            assertThat(e.getCause()).isInstanceOf(RecordDeserializationException.class);
        });
        assertThat(poller.skipped()).isEqualTo(1);
        assertThat(consumer.position(TP)).isEqualTo(5L);
    }

    @Test
    void aFailingKeyDeserializerIsReportedAsAMalformedKey() {
        consumer.setPollException(failureAt(0, DeserializationExceptionOrigin.KEY,
                new IllegalArgumentException("not UTF-8")));

        poller.poll(Duration.ZERO);

        assertThat(reported).singleElement().satisfies(e -> {
            assertThat(e.failure()).isEqualTo(DecodeFailure.MALFORMED_PAYLOAD);
            assertThat(e.detail()).startsWith("key: ").contains("not UTF-8");
            assertThat(e.offset()).hasValue(0L);
        });
        assertThat(consumer.position(TP)).isEqualTo(1L);
    }

    @Test
    void aHandlerThatThrowsStopsThePollWithoutSkipping() {
        EventPoller<String, EpochMetric> strict = new EventPoller<>(consumer, e -> {
            throw e;
        });
        consumer.setPollException(failureAt(0, DeserializationExceptionOrigin.VALUE,
                new UndecodableRecordException(DecodeFailure.BAD_HEADER, "bad", null)));

        assertThatThrownBy(() -> strict.poll(Duration.ZERO))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("peng4nn.epochs-2 at offset 0");
        assertThat(consumer.position(TP)).isZero();
        assertThat(strict.skipped()).isZero();
    }

    private void add(long offset) {
        consumer.addRecord(new ConsumerRecord<>(TP.topic(), TP.partition(), offset, "model-7",
                SampleEvents.epochMetric(offset, 50 + offset)));
    }

    private static RecordDeserializationException failureAt(long offset, DeserializationExceptionOrigin origin,
                                                            Throwable cause) {
        return new RecordDeserializationException(origin, TP, offset, 0L, TimestampType.CREATE_TIME,
                null, ByteBuffer.wrap(new byte[] {1, 2, 3}), new RecordHeaders(), cause.getMessage(), cause);
    }

    private static List<Long> offsets(Iterable<ConsumerRecord<String, EpochMetric>> records) {
        return StreamSupport.stream(records.spliterator(), false).map(ConsumerRecord::offset).toList();
    }
}
