package org.peng4nn.events.serde;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record whose bytes cannot be decoded into the expected event. It names the topic, partition and
 * offset as far as the code that noticed the failure knows them: a Kafka deserializer only knows the
 * topic, so {@link EventPoller} adds partition and offset from the consumer's
 * {@link org.apache.kafka.common.errors.RecordDeserializationException}.
 */
public final class UndecodableRecordException extends SerializationException {

    private final DecodeFailure failure;
    private final String detail;
    // boxed and nullable rather than Optional fields: exceptions are Serializable, Optional is not
    private final String topic;
    private final Integer partition;
    private final Long offset;

    /** A failure noticed without any knowledge of where the bytes came from. */
    public UndecodableRecordException(DecodeFailure failure, String detail, Throwable cause) {
        this(null, null, null, failure, detail, cause);
    }

    /** A failure at a known position of a topic. */
    public UndecodableRecordException(String topic, int partition, long offset, DecodeFailure failure, String detail,
                                      Throwable cause) {
        this(Objects.requireNonNull(topic, "topic"), Integer.valueOf(partition), Long.valueOf(offset), failure, detail,
                cause);
    }

    private UndecodableRecordException(String topic, Integer partition, Long offset, DecodeFailure failure,
                                       String detail, Throwable cause) {
        super(describe(topic, partition, offset, failure, detail), cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.detail = Objects.requireNonNull(detail, "detail");
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** The same failure, now known to come from {@code topic}; partition and offset stay unknown. */
    public UndecodableRecordException inTopic(String topic) {
        return new UndecodableRecordException(Objects.requireNonNull(topic, "topic"), null, null, failure, detail,
                getCause());
    }

    public DecodeFailure failure() {
        return failure;
    }

    /** What exactly was wrong, without the location prefix of {@link #getMessage()}. */
    public String detail() {
        return detail;
    }

    public Optional<String> topic() {
        return Optional.ofNullable(topic);
    }

    public OptionalInt partition() {
        return partition == null ? OptionalInt.empty() : OptionalInt.of(partition);
    }

    public OptionalLong offset() {
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    private static String describe(String topic, Integer partition, Long offset, DecodeFailure failure,
                                   String detail) {
        StringBuilder where = new StringBuilder("undecodable record");
        if (topic != null) {
            where.append(" in ").append(topic);
            if (partition != null) {
                where.append('-').append(partition);
            }
            if (offset != null) {
                where.append(" at offset ").append(offset);
            }
        }
        return where.append(": ").append(failure).append(": ").append(detail).toString();
    }
}
