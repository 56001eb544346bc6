package org.peng4nn.predictor.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
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
