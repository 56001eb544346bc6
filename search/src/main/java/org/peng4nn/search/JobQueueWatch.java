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
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.topics.Topic;

/**
 * The job records of one search as they are appended to the jobs topic, the driver's own and those a trainer gave
 * back (TrainerWorker publishes the job of a run it abandons on close back to the queue). Reads every partition from
 * its end as of creation, without a consumer group. Not thread-safe.
 */
final class JobQueueWatch implements AutoCloseable {

    /** One job record: which run of which model, and where it lies. */
    record Queued(String modelId, int run, TrainerCommits.JobRecord record) {
    }

    private final String searchId;
    private final KafkaConsumer<String, TrainingJob> consumer;
    private final EventPoller<String, TrainingJob> poller;

    JobQueueWatch(Properties kafka, Topic<String, TrainingJob> topic, String searchId) {
        this.searchId = searchId;
        Properties config = new Properties();
        config.putAll(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "peng4nn-search-" + searchId + "-queue");
        this.consumer = topic.consumer(config);
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now: every job published after this is seen
        this.poller = new EventPoller<>(consumer, UndecodableRecordHandler.logging());
    }

    /** The records of this search appended since the last call, waiting at most {@code wait} for the first. */
    List<Queued> poll(Duration wait) {
        List<Queued> queued = new ArrayList<>();
        for (ConsumerRecord<String, TrainingJob> record : poller.poll(wait)) {
            TrainingJob job = record.value();
            if (job != null && searchId.equals(job.getSearchId())) {
                queued.add(new Queued(job.getModelId(), job.getRun(), new TrainerCommits.JobRecord(
                        new TopicPartition(record.topic(), record.partition()), record.offset())));
            }
        }
        return queued;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
