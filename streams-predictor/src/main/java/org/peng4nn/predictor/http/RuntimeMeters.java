package org.peng4nn.predictor.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Meters that come from outside the predictor's own code: the Kafka Streams clients' metrics
 * (consumer lag {@code records-lag-max}, poll and commit rates...) and the JVM's memory, GC, threads
 * and CPU. Kafka creates client metrics as partitions get assigned, so the Kafka binder looks for
 * new ones every {@link #KAFKA_REFRESH} rather than micrometer's default minute.
 */
final class RuntimeMeters implements AutoCloseable {

    static final Duration KAFKA_REFRESH = Duration.ofSeconds(5);

    /**
     * The Kafka client meters kept: every client (consumers, restore consumer, producer, admin) exposes hundreds,
     * per node, per task, per processor and per store, which made a scrape ~430 KB. An operator graphs lag,
     * throughput, errors, rebalances and the stream threads' health; the rest stays reachable over JMX.
     */
    static final Set<String> KAFKA_KEPT = Set.of(
            "kafka.stream.alive.stream.threads",
            "kafka.stream.failed.stream.threads",
            "kafka.consumer.fetch.manager.records.lag.max",
            "kafka.consumer.fetch.manager.records.lag",
            "kafka.consumer.fetch.manager.records.consumed.rate",
            "kafka.consumer.fetch.manager.records.consumed.total",
            "kafka.consumer.coordinator.rebalance.total",
            "kafka.consumer.coordinator.failed.rebalance.total",
            "kafka.consumer.coordinator.last.rebalance.seconds.ago",
            "kafka.consumer.coordinator.commit.latency.avg",
            "kafka.producer.record.send.rate",
            "kafka.producer.record.send.total",
            "kafka.producer.record.error.total",
            "kafka.producer.request.latency.avg");
    /** Per stream thread: process, poll and commit rates and latencies, blocked time; a few threads at most. */
    static final String KAFKA_STREAM_THREAD = "kafka.stream.thread.";

    static final MeterFilter KAFKA_OPERATOR_VIEW = MeterFilter.deny(id -> id.getName().startsWith("kafka.")
            && !id.getName().startsWith(KAFKA_STREAM_THREAD) && !KAFKA_KEPT.contains(id.getName()));

    private final ScheduledExecutorService refresher;
    private final KafkaStreamsMetrics kafka;
    private final JvmGcMetrics gc;

    private RuntimeMeters(ScheduledExecutorService refresher, KafkaStreamsMetrics kafka, JvmGcMetrics gc) {
        this.refresher = refresher;
        this.kafka = kafka;
        this.gc = gc;
    }

    static RuntimeMeters bind(KafkaStreams streams, MeterRegistry registry) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peng4nn-kafka-meters");
            t.setDaemon(true);
            return t;
        });
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams, Tags.empty(), refresher, KAFKA_REFRESH);
        kafka.bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return new RuntimeMeters(refresher, kafka, gc);
    }

    @Override
    public void close() {
        kafka.close();
        gc.close();
        refresher.shutdownNow();
    }
}
