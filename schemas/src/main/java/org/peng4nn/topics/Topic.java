package org.peng4nn.topics;

import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic together with the serdes of its keys and values, so that a topic name and its serdes are never paired
 * by hand: clients of a topic are made here. The catalogue hands out one per event topic
 * ({@link TopicCatalogue#epochMetrics()}...).
 *
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** The same contract under another name: a topic of these events outside the catalogue (a replayed history). */
    public Topic<K, V> named(String otherName) {
        return new Topic<>(otherName, keySerde, valueSerde);
    }

    public ProducerRecord<K, V> record(K key, V value) {
        return new ProducerRecord<>(name, key, value);
    }

    /** A producer for this topic's records; {@code config} holds the client settings, serializers come from here. */
    public KafkaProducer<K, V> producer(Properties config) {
        return new KafkaProducer<>(config, keySerde.serializer(), valueSerde.serializer());
    }

    /**
     * A consumer of this topic's records; {@code config} holds the client settings, deserializers come from here.
     * It reads committed records unless {@code config} says otherwise (see {@link #consumerConfig}).
     */
    public KafkaConsumer<K, V> consumer(Properties config) {
        return new KafkaConsumer<>(consumerConfig(config), keySerde.deserializer(), valueSerde.deserializer());
    }

    /**
     * {@code config} with {@code isolation.level=read_committed} where it names no isolation level. The predictor
     * writes stops, predictions and results in exactly-once transactions; Kafka's consumer default
     * (read_uncommitted) would hand a trainer or a search driver the output of an attempt that was aborted and is
     * about to be redone.
     */
    static Properties consumerConfig(Properties config) {
        Properties effective = new Properties();
        effective.putAll(config);
        effective.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return effective;
    }
}
