package org.peng4nn.events.serde;

import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

/**
 * Polls a consumer and steps over records it cannot deserialize instead of failing forever on them.
 * <p>
 * A Kafka consumer whose deserializer throws reports a {@link RecordDeserializationException} from
 * {@code poll} and stays positioned on the bad record, so a plain loop would meet it again on every
 * poll. Here each such record is reported to the handler as an {@link UndecodableRecordException}
 * with topic, partition and offset, the consumer seeks one past it, and polling carries on. Records
 * before the bad one are not lost: the consumer hands them out first and raises the error on the
 * following poll. Committing after processing a poll's records also commits past the skipped one.
 * <p>
 * Not thread-safe, like the consumer it wraps; the caller keeps owning (and closes) the consumer.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class EventPoller<K, V> {

    private final Consumer<K, V> consumer;
    private final UndecodableRecordHandler handler;
    private long skipped;

    public EventPoller(Consumer<K, V> consumer, UndecodableRecordHandler handler) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Polls for at most {@code timeout}, skipping and reporting undecodable records on the way.
     *
     * @return the decoded records of one successful poll; empty when the time ran out
     */
    public ConsumerRecords<K, V> poll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration remaining = timeout;
        while (true) {
            try {
                return consumer.poll(remaining);
            } catch (RecordDeserializationException e) {
                skip(e);
                // at least one more poll, even out of time: records after the bad one may be fetched already
                remaining = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            }
        }
    }

    /** How many records this poller stepped over. */
    public long skipped() {
        return skipped;
    }

    private void skip(RecordDeserializationException e) {
        TopicPartition partition = e.topicPartition();
        handler.onUndecodable(locate(e));
        consumer.seek(partition, e.offset() + 1);
        skipped++;
    }

    private static UndecodableRecordException locate(RecordDeserializationException e) {
        TopicPartition tp = e.topicPartition();
        String side = e.origin() == RecordDeserializationException.DeserializationExceptionOrigin.KEY
                ? "key: " : "";
        if (e.getCause() instanceof UndecodableRecordException undecodable) {
            return new UndecodableRecordException(tp.topic(), tp.partition(), e.offset(), undecodable.failure(),
                    side + undecodable.detail(), e);
        }
        // another deserializer (a String key, say) failed: its bytes are just as malformed
        String reason = e.getCause() == null ? e.getMessage() : e.getCause().toString();
        return new UndecodableRecordException(tp.topic(), tp.partition(), e.offset(), DecodeFailure.MALFORMED_PAYLOAD,
                side + reason, e);
    }
}
