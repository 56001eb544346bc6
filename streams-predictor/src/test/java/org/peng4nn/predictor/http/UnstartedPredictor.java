package org.peng4nn.predictor.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.predictor.PredictorMetrics;
import org.peng4nn.predictor.PredictorSettings;
import org.peng4nn.predictor.PredictorTopology;
import org.peng4nn.predictor.SearchPolicies;
import org.peng4nn.predictor.StreamThreadFailures;
import org.peng4nn.topics.TopicCatalogue;

/** The HTTP API of an instance whose Kafka Streams never starts (no broker needed), with the given limits. */
final class UnstartedPredictor implements AutoCloseable {

    final PredictorHttpApi api;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final Path stateDir;

    UnstartedPredictor(HttpLimits limits) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "http-limits-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"); // never started: nothing connects
        try {
            stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "http-unstarted-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        registry = PredictorHttpApi.newRegistry();
        PredictorSettings settings = new PredictorSettings(TopicCatalogue.withPrefix("http-test."),
                SearchPolicies.of(Policies.REFERENCE, Map.of()), Duration.ofHours(1), Duration.ofMinutes(1));
        streams = new KafkaStreams(PredictorTopology.build(settings, new PredictorMetrics(registry)), props);
        api = PredictorHttpApi.start(streams, new HostInfo("127.0.0.1", 0), registry,
                new StreamThreadFailures(System::currentTimeMillis), limits);
    }

    String url(String path) {
        return "http://127.0.0.1:" + api.port() + path;
    }

    @Override
    public void close() throws IOException {
        api.close();
        streams.close(Duration.ofSeconds(10));
        registry.close();
        try (var files = Files.walk(stateDir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
