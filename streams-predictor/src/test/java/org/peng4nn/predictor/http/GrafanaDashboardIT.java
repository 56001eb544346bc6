package org.peng4nn.predictor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Every metric that docker/grafana/peng4nn-predictor.json queries is on a running predictor's /metrics, so the
 * dashboard cannot drift from the meters unnoticed. The predictor gets the traffic that makes every meter appear:
 * curves that stop (stops, results, fits) and a record that does not decode (dead letters).
 */
@WithKafkaBroker
class GrafanaDashboardIT {

    private static final Path DASHBOARD = Path.of("..", "docker", "grafana", "peng4nn-predictor.json");
    /** Names of the meters we export: ours, the Kafka clients', the JVM's and the process's. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:peng4nn|kafka|jvm|process|system)_[a-z0-9_]+\\b");
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void everyQueriedMetricIsServedByAPredictor(KafkaEndpoint kafka) throws Exception {
        Set<String> queried = queriedMetrics();
        assertThat(queried).contains("peng4nn_events_total", "peng4nn_stops_total", "peng4nn_fit_seconds_bucket");

        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "it-grafana-");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("bootstrap.servers", kafka.bootstrapServers());
        overrides.put("application.id", "it-grafana");
        overrides.put("topics.prefix", "it-grafana.");
        overrides.put("state.dir", dir.resolve("state").toString());
        overrides.put("http.host", "127.0.0.1");
        overrides.put("http.port", "0");
        overrides.put("predictor.policy", Policies.REFERENCE);
        PredictorConfig config = PredictorConfig.load(null, Map.of(), overrides);
        TopicCatalogue topics = config.topics();
        try (PredictorApp predictor = PredictorApp.start(config, dir, Duration.ofMinutes(2));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.clientProperties(),
                        new StringSerializer(), new ByteArraySerializer())) {
            for (int e = 0; e < 12; e++) {
                EpochMetric event = EpochMetric.newBuilder().setSearchId("g").setModelId("m1").setRun(1)
                        .setTrainerId("t").setEpoch(e).setMaxEpochs(12).setMetric("val_acc")
                        .setValue(90 - 70 * Math.pow(0.5, e)).setEventTime(Instant.now()).build();
                producer.send(new ProducerRecord<>(topics.epochs().name(), "m1",
                        topics.epochMetrics().valueSerde().serializer().serialize(topics.epochs().name(), event)));
            }
            producer.send(new ProducerRecord<>(topics.epochs().name(), "bad", new byte[] {1, 2, 3}));
            producer.flush();

            HttpClient http = HttpClient.newHttpClient();
            URI metrics = URI.create("http://127.0.0.1:" + predictor.httpPort() + "/metrics");
            long deadline = System.nanoTime() + WAIT.toNanos();
            Set<String> missing;
            Set<String> served;
            do {
                String scrape = http.send(HttpRequest.newBuilder(metrics).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                served = served(scrape);
                missing = new TreeSet<>(queried);
                missing.removeAll(served);
                if (missing.isEmpty()) {
                    break;
                }
                // the Kafka client meters are refreshed every few seconds and the stops need the curve processed
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            assertThat(missing).as("metrics %s queries that no predictor serves (it serves %s)", DASHBOARD, served)
                    .isEmpty();
        }
    }

    /** Every metric name in the dashboard's queries. */
    static Set<String> queriedMetrics() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        assertThat(expressions).as("queries in %s", DASHBOARD).isNotEmpty();
        Set<String> names = new TreeSet<>();
        for (String expr : expressions) {
            Matcher m = METRIC.matcher(expr);
            boolean any = false;
            while (m.find()) {
                names.add(m.group());
                any = true;
            }
            assertThat(any).as("a metric name in '%s'", expr).isTrue();
        }
        return names;
    }

    /** The metric names of a Prometheus text scrape. */
    private static Set<String> served(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }
}
