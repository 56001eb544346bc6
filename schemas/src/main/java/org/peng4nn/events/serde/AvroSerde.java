package org.peng4nn.events.serde;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.Schema;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated event class, in Avro single-object encoding and without a schema
 * registry: the writer's schema travels as a fingerprint and is looked up in a {@link SchemaStore}
 * (by default {@link EventSchemaStore#shipped()}, every version this code base ever shipped).
 * <p>
 * {@code null} stays {@code null} both ways, so tombstones pass through. Bytes that cannot be decoded
 * raise {@link UndecodableRecordException} naming the topic; a consumer wraps it in a
 * {@link org.apache.kafka.common.errors.RecordDeserializationException} with partition and offset,
 * which {@link EventPoller} turns back into a located {@link UndecodableRecordException}.
 * <p>
 * One instance is its own serializer and deserializer, is stateless apart from caches and is
 * thread-safe, so it can be shared by producers, consumers and Kafka Streams.
 *
 * <pre>{@code
 * Serde<EpochMetric> serde = AvroSerde.of(EpochMetric.class);   // or EventSerdes.epochMetric()
 * new KafkaProducer<>(props, new StringSerializer(), serde.serializer());
 * builder.stream(topics.epochs().name(), Consumed.with(Serdes.String(), serde));
 * }</pre>
 *
 * @param <T> the generated event class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final SingleObjectCodec<T> codec;

    private AvroSerde(Class<T> type, SchemaStore store) {
        this.type = Objects.requireNonNull(type, "type");
        this.codec = SingleObjectCodec.specific(type, store);
    }

    /** A serde that reads every writer version in the shipped schema history. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
        return new AvroSerde<>(type, EventSchemaStore.shipped());
    }

    /** A serde that finds writer schemas in {@code store}, e.g. the shipped history plus a newer writer's. */
    public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaStore store) {
        return new AvroSerde<>(type, store);
    }

    public Class<T> type() {
        return type;
    }

    /** The schema records are written with and read as. */
    public Schema schema() {
        return codec.schema();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.encode(data);
        } catch (RuntimeException e) {
            // Avro reports a missing required field as NullPointerException or AvroRuntimeException
            throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (UndecodableRecordException e) {
            throw topic == null ? e : e.inTopic(topic);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    // Serde, Serializer and Deserializer each declare these defaults; the class has to pick one

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the schema history is part of the code base, not of the configuration
    }

    @Override
    public void close() {
        // no resources held
    }

    @Override
    public String toString() {
        return "AvroSerde[" + type.getSimpleName() + "]";
    }
}
