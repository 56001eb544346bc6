package org.peng4nn.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.topics.Topic;

/**
 * The records of a topic published after this tail was created: every partition, from its end as of creation, without a
 * consumer group (the driver's watches of the epochs and control topics; what came before the search started is
 * none of its jobs' business). Reads committed records only (the {@link Topic#consumer} default). Undecodable records
 * are logged and skipped; tombstones are passed over. Not thread-safe.
 */
final class TopicTail<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final EventPoller<String, V> poller;

    TopicTail(Properties kafka, Topic<String, V> topic, String clientId) {
        Properties config = new Properties();
        config.putAll(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = topic.consumer(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the positions now: seekToEnd is lazy, and a record published before the first poll must count
        partitions.forEach(consumer::position);
        this.poller = new EventPoller<>(consumer, UndecodableRecordHandler.logging());
    }

    /** The values that arrived, waiting at most {@code wait} for the first. */
    List<V> poll(Duration wait) {
        List<V> values = new ArrayList<>();
        for (ConsumerRecord<String, V> record : poller.poll(wait)) {
            if (record.value() != null) {
                values.add(record.value());
            }
        }
        return values;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
