package org.peng4nn.predictor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.predictor.PredictorMetrics;
import org.peng4nn.predictor.PredictorSettings;
import org.peng4nn.predictor.PredictorTopology;
import org.peng4nn.predictor.SearchPolicies;
import org.peng4nn.predictor.StreamThreadFailures;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The API of an instance whose Kafka Streams has not started (no broker needed): it says so instead
 * of failing, and its metrics are already served. The running case is {@link PredictorHttpApiIT}.
 */
class PredictorHttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static KafkaStreams streams;
    private static PrometheusMeterRegistry registry;
    private static PredictorHttpApi api;
    private static Path stateDir;

    @BeforeAll
    static void startOnUnstartedStreams() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "http-api-test");
        // nothing listens there: the streams are never started, so nothing connects
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "http-api-");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        registry = PredictorHttpApi.newRegistry();
        PredictorSettings settings = new PredictorSettings(TopicCatalogue.withPrefix("http-test."),
                SearchPolicies.of(Policies.REFERENCE, Map.of()), Duration.ofHours(1), Duration.ofMinutes(1));
        streams = new KafkaStreams(PredictorTopology.build(settings, new PredictorMetrics(registry)), props);
        api = PredictorHttpApi.start(streams, new HostInfo("127.0.0.1", 0), registry);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        streams.close(Duration.ofSeconds(10));
        registry.close();
        try (var files = Files.walk(stateDir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    @Test
    void portZeroListensOnAFreePort() {
        assertThat(api.port()).isPositive();
        assertThat(api.address().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void healthIs503UntilStreamsRun() throws Exception {
        HttpResponse<String> health = get("/health");

        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(body.get("streams").asText()).isEqualTo("CREATED");
    }

    @Test
    void healthNamesStreamThreadsThatKeepFailing() throws Exception {
        StreamThreadFailures failures = new StreamThreadFailures(System::currentTimeMillis);
        for (int i = 0; i < StreamThreadFailures.LIMIT; i++) {
            failures.record(new IllegalStateException("boom"));
        }
        try (PredictorHttpApi failing = PredictorHttpApi.start(streams, new HostInfo("127.0.0.1", 0), registry,
                failures)) {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + failing.port() + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(health.body()).get("problem").asText()).contains("stream thread failures", "boom");
        }
    }

    @Test
    void modelQueriesAre503WithRetryAfterUntilStreamsRun() throws Exception {
        for (String path : new String[] {"/models", "/models/m1", "/models/m1?scope=local", "/models?scope=local",
                "/searches/s/leaderboard"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).as(path).isPresent();
            assertThat(JSON.readTree(response.body()).get("error").asText()).as(path).contains("CREATED");
        }
    }

    @Test
    void anUnknownStatusFilterIs400() throws Exception {
        HttpResponse<String> response = get("/models?status=finished");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("finished");
    }

    @Test
    void metricsAreServedInPrometheusTextFormatFromTheStart() throws Exception {
        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).get().asString()
                .startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains("# TYPE peng4nn_events_total counter")
                .contains("peng4nn_fit_seconds_count").contains("jvm_memory_used_bytes")
                .contains("process_cpu_usage");
    }

    @Test
    void anotherMethodOnAKnownPathIs405WithAllowGet() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            for (String path : new String[] {"/health", "/metrics", "/models", "/models/m1", "/searches/s/leaderboard"}) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.port() + path)).timeout(Duration.ofSeconds(10))
                        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).as(method + " " + path).contains("GET");
                assertThat(JSON.readTree(response.body()).get("error").asText()).contains(method);
            }
        }
        assertThat(get("/no-such-path").statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
