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
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.topics.Topic;

/**
 * The epoch events of one search as they are published, the driver's sign that a trainer is alive. Reads every
 * partition of the epochs topic from its end as of creation (the leases of jobs published after that are all that
 * matter), without a consumer group; the trainers' own events are the signal, not the predictor's output, so a
 * predictor that is down or behind never makes a live trainer look dead. Undecodable records are skipped.
 * Not thread-safe.
 */
final class EpochWatch implements AutoCloseable {

    /** One epoch event: which run of which model showed progress. */
    record Progress(String modelId, int run) {
    }

    private final String searchId;
    private final KafkaConsumer<String, EpochMetric> consumer;
    private final EventPoller<String, EpochMetric> poller;

    EpochWatch(Properties kafka, Topic<String, EpochMetric> topic, String searchId) {
        this.searchId = searchId;
        Properties config = new Properties();
        config.putAll(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "peng4nn-search-" + searchId + "-epochs");
        this.consumer = topic.consumer(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // resolve the positions now: seekToEnd is lazy, and an event published before the first poll must count
        partitions.forEach(consumer::position);
        this.poller = new EventPoller<>(consumer, UndecodableRecordHandler.logging());
    }

    /** The events of this search that arrived, waiting at most {@code wait} for the first. */
    List<Progress> poll(Duration wait) {
        List<Progress> progress = new ArrayList<>();
        for (ConsumerRecord<String, EpochMetric> record : poller.poll(wait)) {
            EpochMetric event = record.value();
            if (event != null && searchId.equals(event.getSearchId())) {
                progress.add(new Progress(event.getModelId(), event.getRun()));
            }
        }
        return progress;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
