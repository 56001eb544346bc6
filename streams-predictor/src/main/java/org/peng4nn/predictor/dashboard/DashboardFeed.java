package org.peng4nn.predictor.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.TopicCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the epochs, predictions, control and results topics from their beginning into a {@link DashboardView}, on
 * its own thread, until closed. Read-only: partitions are assigned, not subscribed, so the feed joins no consumer
 * group, commits nothing and never takes partitions from a predictor. A record that does not decode is skipped and
 * counted: one bad record must not blind the dashboard.
 */
public final class DashboardFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    /** Short, so an event reaches the page well within a second. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** Topics that do not exist yet (a fresh cluster) are looked for again this often. */
    private static final long TOPIC_RETRY_MS = 2_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final TopicCatalogue topics;
    private final DashboardView view;
    private final Thread thread;
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;

    private final Deserializer<EpochMetric> epochs = EventSerdes.epochMetric().deserializer();
    private final Deserializer<Prediction> predictions = EventSerdes.prediction().deserializer();
    private final Deserializer<StopCommand> stops = EventSerdes.stopCommand().deserializer();
    private final Deserializer<ModelResult> results = EventSerdes.modelResult().deserializer();

    private DashboardFeed(Properties clients, TopicCatalogue topics, DashboardView view) {
        Properties props = new Properties();
        props.putAll(clients);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // looking for a topic must never create it with the broker's default partitions before the predictor does
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "peng4nn-dashboard");
        // the predictor's transactions: show what it committed, never an aborted attempt's predictions
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = topics;
        this.view = view;
        this.thread = new Thread(this::run, "dashboard-feed");
        this.thread.setDaemon(true);
    }

    /** Starts reading; {@code clients} holds the Kafka client settings (bootstrap, security). */
    public static DashboardFeed start(Properties clients, TopicCatalogue topics, DashboardView view) {
        DashboardFeed feed = new DashboardFeed(clients, topics, view);
        feed.thread.start();
        return feed;
    }

    /** Records skipped because they did not decode. */
    public long skipped() {
        return skipped.get();
    }

    private List<String> names() {
        return List.of(topics.epochs().name(), topics.predictions().name(), topics.control().name(),
                topics.results().name());
    }

    private void run() {
        try {
            long nextLookup = 0;
            int assignedTopics = 0;
            while (running) {
                if (assignedTopics < names().size() && System.currentTimeMillis() >= nextLookup) {
                    assignedTopics = assign();
                    nextLookup = System.currentTimeMillis() + TOPIC_RETRY_MS;
                }
                if (consumer.assignment().isEmpty()) {
                    // nothing to poll yet; poll() would throw without an assignment
                    synchronized (this) {
                        wait(POLL.toMillis());
                    }
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("dashboard feed stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of the topics that exist, from the beginning; returns how many topics exist. */
    private int assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        int found = 0;
        for (String topic : names()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                found++;
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        List<TopicPartition> added = new ArrayList<>(partitions);
        added.removeAll(consumer.assignment());
        if (!added.isEmpty()) {
            consumer.assign(partitions);
            consumer.seekToBeginning(added);
        }
        return found;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // a compaction tombstone
        }
        String topic = record.topic();
        try {
            if (topic.equals(topics.epochs().name())) {
                view.apply(epochs.deserialize(topic, record.value()));
            } else if (topic.equals(topics.predictions().name())) {
                view.apply(predictions.deserialize(topic, record.value()));
            } else if (topic.equals(topics.control().name())) {
                view.apply(stops.deserialize(topic, record.value()));
            } else if (topic.equals(topics.results().name())) {
                view.apply(results.deserialize(topic, record.value()));
            }
        } catch (RuntimeException e) {
            if (skipped.incrementAndGet() == 1 || LOG.isDebugEnabled()) {
                LOG.warn("dashboard: skipping a record that does not decode ({}-{} offset {}): {}", topic,
                        record.partition(), record.offset(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        synchronized (this) {
            notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
