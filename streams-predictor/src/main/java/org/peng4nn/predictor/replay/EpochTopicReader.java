package org.peng4nn.predictor.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.predictor.EpochCheck;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Reads a historical epochs topic, from its beginning to the end offsets it has when the read starts, back into
 * learning curves: one per model (its latest run), evaluations sorted by epoch, models in order of first appearance.
 * Records the predictor would dead-letter are skipped and counted.
 */
public final class EpochTopicReader {

    /** How many skipped records {@link Curves#problems()} describes one by one; the counts go on past it. */
    public static final int PROBLEMS_SHOWN = 10;

    /**
     * The curves, and what was left out on the way.
     *
     * @param records     every record read, decodable or not (of every search)
     * @param skipped     records left out: undecodable, invalid, of another metric, or of an older run
     * @param undecodable of those, the records whose bytes are no event (named in {@code problems})
     * @param invalid     of those, decoded events the predictor would dead-letter (named in {@code problems})
     * @param problems    the first {@value #PROBLEMS_SHOWN} undecodable or invalid records, each with topic,
     *                    partition, offset and what was wrong
     */
    public record Curves(List<LabeledCurve> curves, long records, long skipped, long undecodable, long invalid,
                         List<String> problems) {
        public Curves {
            curves = List.copyOf(curves);
            problems = List.copyOf(problems);
        }
    }

    private EpochTopicReader() {
    }

    /** @param client Kafka client settings: bootstrap.servers and any security settings */
    public static Curves read(Properties client, String topic, Duration timeout) {
        return read(client, topic, null, timeout);
    }

    /**
     * @param client   Kafka client settings: bootstrap.servers and any security settings
     * @param searchId only the events of this search, or null for all; others are neither curves nor skipped
     * @param timeout  longest wait for the topic's metadata, and for the next records while its end is not reached
     */
    public static Curves read(Properties client, String topic, String searchId, Duration timeout) {
        // a topic of the epochs contract outside the catalogue: a history kept by another deployment
        return read(client, TopicCatalogue.defaults().epochMetrics().named(topic), searchId, timeout);
    }

    /** @param client Kafka client settings: bootstrap.servers and any security settings */
    public static Curves read(Properties client, Topic<String, EpochMetric> epochs, Duration timeout) {
        return read(client, epochs, null, timeout);
    }

    private static Curves read(Properties client, Topic<String, EpochMetric> epochs, String searchId,
            Duration timeout) {
        String topic = epochs.name();
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a mistyped name is an error, not a new empty topic on a broker that creates topics on first use
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Map<String, Integer> runs = new LinkedHashMap<>();
        Map<String, TreeMap<Double, Double>> points = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        long records = 0;
        long skipped = 0;
        long invalid = 0;
        long[] undecodable = {0};
        try (KafkaConsumer<String, EpochMetric> consumer = epochs.consumer(props)) {
            var info = consumer.partitionsFor(topic, timeout);
            if (info == null || info.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = info.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            EventPoller<String, EpochMetric> poller = new EventPoller<>(consumer, error -> {
                Long stop = end.get(new TopicPartition(topic, error.partition().orElse(-1)));
                if (stop != null && error.offset().orElse(-1) >= stop) {
                    return;
                }
                undecodable[0]++;
                if (problems.size() < PROBLEMS_SHOWN) {
                    problems.add(error.getMessage());
                }
            });
            // a deadline for progress, not for the whole read: a long history takes as long as it takes
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " not read to its end: no records for " + timeout);
                }
                long before = undecodable[0];
                var polled = poller.poll(Duration.ofMillis(200));
                if (!polled.isEmpty() || undecodable[0] > before) {
                    deadline = System.nanoTime() + timeout.toNanos();
                }
                for (ConsumerRecord<String, EpochMetric> r : polled) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;   // written after the read started: a live topic's end moves, the read's does not
                    }
                    records++;
                    EpochMetric e = r.value();
                    if (searchId != null && (e == null || !searchId.equals(String.valueOf(e.getSearchId())))) {
                        continue;
                    }
                    Optional<String> problem = e == null ? Optional.of("no value (a tombstone)") : EpochCheck.problem(r.key(), e);
                    if (problem.isPresent()) {
                        skipped++;
                        invalid++;
                        if (problems.size() < PROBLEMS_SHOWN) {
                            problems.add("invalid record in " + topic + "-" + r.partition() + " at offset " + r.offset()
                                    + ": " + problem.get());
                        }
                        continue;
                    }
                    if (!EpochMetrics.VAL_ACC.equals(e.getMetric())) {
                        skipped++;
                        continue;
                    }
                    int known = runs.getOrDefault(e.getModelId(), 0);
                    if (e.getRun() < known) {
                        skipped++;
                        continue;
                    }
                    if (e.getRun() > known) {
                        runs.put(e.getModelId(), e.getRun());
                        points.put(e.getModelId(), new TreeMap<>());
                    }
                    points.get(e.getModelId()).putIfAbsent(e.getEpoch(), e.getValue());
                }
            }
        }
        List<LabeledCurve> curves = new ArrayList<>();
        points.forEach((model, curve) -> curves.add(new LabeledCurve(model,
                curve.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                curve.values().stream().mapToDouble(Double::doubleValue).toArray(), 0)));
        return new Curves(curves, records + undecodable[0], skipped + undecodable[0], undecodable[0], invalid, problems);
    }
}
