package org.peng4nn.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * Records the configuration of every Kafka client it is given to ({@code -k metric.reporters=} this class): each
 * producer, consumer, admin and Streams client configures its metrics reporters with its own effective settings.
 * Since the reporter travels with the other settings, every client that shows up here also got them.
 */
public final class ClientConfigRecorder implements MetricsReporter {

    private static final ConcurrentLinkedQueue<Map<String, Object>> CONFIGS = new ConcurrentLinkedQueue<>();

    static List<Map<String, Object>> configs() {
        return List.copyOf(CONFIGS);
    }

    static void clear() {
        CONFIGS.clear();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        CONFIGS.add(new HashMap<>(configs));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }
}
