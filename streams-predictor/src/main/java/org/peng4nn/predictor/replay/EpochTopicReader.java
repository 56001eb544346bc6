package org.peng4nn.predictor.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Reads a historical epochs topic, from its beginning to its current end, back into learning curves:
 * one per model (its latest run), evaluations sorted by epoch, models in order of first appearance.
 * Records the predictor would dead-letter are skipped and counted.
 */
public final class EpochTopicReader {

    /** The curves, and how many records were skipped as undecodable, invalid, of another metric or an older run. */
    public record Curves(List<LabeledCurve> curves, long records, long skipped) {
    }

    private EpochTopicReader() {
    }

    /** @param client Kafka client settings: bootstrap.servers and any security settings */
    public static Curves read(Properties client, String topic, Duration timeout) {
        // a topic of the epochs contract outside the catalogue: a history kept by another deployment
        return read(client, TopicCatalogue.defaults().epochMetrics().named(topic), timeout);
    }

    /** @param client Kafka client settings: bootstrap.servers and any security settings */
    public static Curves read(Properties client, Topic<String, EpochMetric> epochs, Duration timeout) {
        String topic = epochs.name();
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> runs = new LinkedHashMap<>();
        Map<String, TreeMap<Double, Double>> points = new LinkedHashMap<>();
        long records = 0;
        long skipped = 0;
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
            EventPoller<String, EpochMetric> poller = new EventPoller<>(consumer, error -> undecodable[0]++);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " not read to its end within " + timeout);
                }
                for (ConsumerRecord<String, EpochMetric> r : poller.poll(Duration.ofMillis(200))) {
                    records++;
                    EpochMetric e = r.value();
                    if (EpochCheck.problem(r.key(), e).isPresent() || !EpochMetrics.VAL_ACC.equals(e.getMetric())) {
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
        return new Curves(curves, records + undecodable[0], skipped + undecodable[0]);
    }
}
