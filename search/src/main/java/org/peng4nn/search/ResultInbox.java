package org.peng4nn.search;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.topics.Topic;

/**
 * The results of one search, read from the results topic. It reads every partition from the beginning
 * without a consumer group: a result may be published before the search gets round to waiting for it
 * (or, when a search is resumed, before the search even started), and the compacted topic still holds it.
 * Results of other searches are passed over; of several results for one model the one of the highest run
 * counts (the first of that run, so a duplicate delivery changes nothing). Undecodable records are logged
 * and skipped. Not thread-safe.
 */
final class ResultInbox implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String searchId;
    private final KafkaConsumer<String, ModelResult> consumer;
    private final EventPoller<String, ModelResult> poller;
    private final Map<String, ModelResult> results = new HashMap<>();

    ResultInbox(Properties kafka, Topic<String, ModelResult> topic, String searchId) {
        this.searchId = searchId;
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "peng4nn-search-" + searchId);
        this.consumer = topic.consumer(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.poller = new EventPoller<>(consumer, UndecodableRecordHandler.logging());
    }

    /** Reads the results that arrived, waiting at most {@code wait} for the first. */
    void poll(Duration wait) {
        for (ConsumerRecord<String, ModelResult> record : poller.poll(wait)) {
            take(record.value());
        }
    }

    /**
     * The result of the model's highest run read so far. The caller decides whether that run is the one it waits
     * for: a late result of a superseded run is older than the run the driver published last.
     */
    Optional<ModelResult> latest(String modelId) {
        return Optional.ofNullable(results.get(modelId));
    }

    /** Records stepped over because they could not be decoded. */
    long undecodable() {
        return poller.skipped();
    }

    private void take(ModelResult result) {
        if (result == null || !searchId.equals(result.getSearchId())) {
            return; // a tombstone or another search's
        }
        results.merge(result.getModelId(), result, (kept, next) -> next.getRun() > kept.getRun() ? next : kept);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
