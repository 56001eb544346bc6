package org.peng4nn.search;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
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

    /**
     * Waits until every one of {@code modelIds} has a result or {@code timeout} passes.
     *
     * @param arrived called once per awaited model, when its result is first known
     * @return the results found, by model id, in the order they became known
     */
    Map<String, ModelResult> await(Set<String> modelIds, Duration timeout, Consumer<ModelResult> arrived) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, ModelResult> found = new LinkedHashMap<>();
        while (true) {
            for (String id : modelIds) {
                ModelResult result = results.get(id);
                if (result != null && found.putIfAbsent(id, result) == null) {
                    arrived.accept(result);
                }
            }
            long left = deadline - System.nanoTime();
            if (found.size() == modelIds.size() || left <= 0) {
                return found;
            }
            for (ConsumerRecord<String, ModelResult> record : poller.poll(POLL.compareTo(Duration.ofNanos(left)) < 0
                    ? POLL : Duration.ofNanos(left))) {
                take(record.value());
            }
        }
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
