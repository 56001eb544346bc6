package org.peng4nn.predictor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.PredictorMetrics;
import org.peng4nn.predictor.PredictorSettings;
import org.peng4nn.predictor.PredictorTopology;
import org.peng4nn.predictor.SearchPolicies;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Two predictor instances (the real topology, one Kafka Streams application) share the partitions of
 * the epochs topic; the HTTP API of either answers for the models of both. The last tests take
 * instance B's API and then A's streams down, in that order.
 */
@WithKafkaBroker
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PredictorHttpApiIT {

    // four partitions, the fewest that let two instances share several each; fewer tasks start faster
    private static final TopicCatalogue TOPICS = TopicCatalogue.builder().prefix("it-http.")
            .partitions(EventTopic.EPOCHS, 4).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int MODELS = 20;
    private static final int BUDGET = 12;
    /** Models of search "alpha"; the rest belong to "beta". */
    private static final int ALPHA = 14;
    /** Epochs sent to a model still training: two predictions, one short of the reference policy's window. */
    private static final int TRAINING_EPOCHS = 5;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Instance a;
    private static Instance b;
    private static int eventsSent;
    private static Path stateDir;

    /** One predictor instance: Kafka Streams, its meters and its HTTP API. */
    private record Instance(String name, KafkaStreams streams, PrometheusMeterRegistry registry,
            PredictorHttpApi api) implements AutoCloseable {

        static Instance start(String name, KafkaEndpoint kafka, Path stateDir) {
            int port = freePort();
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "it-http-predictor");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(name).toString());
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + port);
            props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
            PrometheusMeterRegistry registry = PredictorHttpApi.newRegistry();
            PredictorSettings settings = new PredictorSettings(TOPICS,
                    SearchPolicies.of(Policies.REFERENCE, Map.of()), Duration.ofHours(1), Duration.ofMinutes(10));
            KafkaStreams streams = new KafkaStreams(PredictorTopology.build(settings, new PredictorMetrics(registry)),
                    props);
            // the API starts before the streams, as application.server must be known to the first rebalance
            PredictorHttpApi api = PredictorHttpApi.start(streams, new HostInfo("127.0.0.1", port), registry);
            streams.start();
            return new Instance(name, streams, registry, api);
        }

        String address() {
            return "127.0.0.1:" + api.port();
        }

        boolean ownsPartitions() {
            return streams.state() == KafkaStreams.State.RUNNING
                    && streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
        }

        double events() {
            return registry.find("peng4nn.events").counters().stream().mapToDouble(c -> c.count()).sum();
        }

        @Override
        public void close() {
            api.close();
            streams.close(Duration.ofSeconds(20));
            streams.cleanUp();
            registry.close();
        }
    }

    @BeforeAll
    static void startTwoInstancesAndFeedThem(KafkaEndpoint kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.ensureTopics(admin, TOPICS, TIMEOUT);
        }
        stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "it-http-");
        a = Instance.start("a", kafka, stateDir);
        b = Instance.start("b", kafka, stateDir);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> a.ownsPartitions() && b.ownsPartitions()
                        && a.streams.metadataForAllStreamsClients().size() == 2
                        && b.streams.metadataForAllStreamsClients().size() == 2);

        eventsSent = sendCurves(kafka);
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> a.events() + b.events() == eventsSent);
    }

    @AfterAll
    static void stop() throws IOException {
        for (Instance i : new Instance[] {a, b}) {
            if (i != null) {
                i.close();
            }
        }
        if (stateDir != null) {
            try (var files = Files.walk(stateDir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    @Test
    @Order(1)
    void eitherInstanceListsTheModelsOfBoth() throws Exception {
        for (Instance asked : List.of(a, b)) {
            HttpResponse<String> response = get(asked, "/models");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue(PredictorHttpApi.PARTIAL_HEADER)).isEmpty();
            JsonNode models = JSON.readTree(response.body());
            Set<String> ids = new TreeSet<>();
            Set<String> owners = new HashSet<>();
            for (JsonNode m : models) {
                ids.add(m.get("model_id").asText());
                owners.add(m.get("owner").asText());
                String id = m.get("model_id").asText();
                assertThat(m.get("owner").asText()).as("owner of %s", id).isEqualTo(ownerOf(id).address());
                assertThat(m.get("points").asInt()).as("points of %s", id).isEqualTo(expectedPoints(id, m));
            }
            assertThat(ids).as("asked %s", asked.name).isEqualTo(allModelIds());
            assertThat(owners).containsExactlyInAnyOrder(a.address(), b.address());
        }
    }

    @Test
    @Order(2)
    void eitherInstanceAnswersForAModelOwnedByTheOther() throws Exception {
        int ownedByA = 0;
        int ownedByB = 0;
        for (String id : allModelIds()) {
            Instance owner = ownerOf(id);
            if (owner == a) {
                ownedByA++;
            } else {
                ownedByB++;
            }
            for (Instance asked : List.of(a, b)) {
                HttpResponse<String> response = get(asked, "/models/" + id);
                assertThat(response.statusCode()).as("%s asked for %s", asked.name, id).isEqualTo(200);
                JsonNode model = JSON.readTree(response.body());
                assertThat(model.get("model_id").asText()).isEqualTo(id);
                assertThat(model.get("owner").asText()).isEqualTo(owner.address());
                assertThat(model.get("curve").size()).isGreaterThanOrEqualTo(TRAINING_EPOCHS);
                assertThat(model.get("curve").get(0).get(1).asDouble()).isEqualTo(accuracy(index(id), 0));
                assertThat(model.get("predictions").size()).as("predictions from epoch 3 on").isGreaterThan(0);
                assertThat(model.get("decision").get("action").asText())
                        .isEqualTo(model.get("status").asText().equals("STOPPED") ? "STOP" : "CONTINUE");
            }
        }
        assertThat(ownedByA).as("models owned by A").isPositive();
        assertThat(ownedByB).as("models owned by B").isPositive();
    }

    @Test
    @Order(3)
    void anUnknownModelIs404OnBothInstances() throws Exception {
        for (Instance asked : List.of(a, b)) {
            HttpResponse<String> response = get(asked, "/models/no-such-model");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("no-such-model");
        }
    }

    /**
     * Issue 16 item 3 on running instances: arbitrary model and search ids (slashes, percent signs, spaces, control
     * characters, emoji, 2,000 characters), which an instance looks up by key and forwards to the owner. Seeded, so
     * reproducible; 429 is allowed (the default rate limit applies to the test and the instances' own questions).
     */
    @Test
    @Order(3)
    void arbitraryIdsAreAnsweredWithoutFailingOnBothInstances() throws Exception {
        java.util.Random random = new java.util.Random(16_053);
        String pool = "ab/%?#& .:;+=\\\"'<>{}|^~[]\u0000\u001f\u00e9\u4e2d\ud83d\ude80";
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 12; i++) {
            StringBuilder id = new StringBuilder();
            int length = i == 11 ? 2_000 : 1 + random.nextInt(20);
            for (int c = 0; c < length; c++) {
                id.append(pool.charAt(random.nextInt(pool.length())));
            }
            String encoded = java.net.URLEncoder.encode(id.toString(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            for (Instance asked : List.of(a, b)) {
                for (String path : List.of("/models/" + encoded, "/searches/" + encoded + "/leaderboard",
                        "/models?search_id=" + encoded, "/models/" + encoded + "?scope=local")) {
                    HttpResponse<String> response = get(asked, path);
                    assertThat(response.statusCode()).as("%s %s", asked.name, path).isIn(200, 400, 404, 429, 503);
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                }
            }
        }
        // the 400s are Jetty's (HTML): it refuses an encoded NUL or backslash in a path before any handler
        System.out.println("http fuzz, running instances: requests by status " + statuses);
    }

    @Test
    @Order(3)
    void anUnknownSearchIs404NotAnEmptyLeaderboard() throws Exception {
        for (Instance asked : List.of(a, b)) {
            HttpResponse<String> response = get(asked, "/searches/no-such-search/leaderboard");
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("no-such-search");
        }
    }

    @Test
    @Order(4)
    void filtersApplyToEveryInstance() throws Exception {
        JsonNode training = JSON.readTree(get(a, "/models?status=training").body());
        Set<String> ids = new TreeSet<>();
        training.forEach(m -> ids.add(m.get("model_id").asText()));
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < MODELS; i++) {
            if (stillTraining(i)) {
                expected.add(modelId(i));
            }
        }
        assertThat(ids).isEqualTo(expected);

        JsonNode beta = JSON.readTree(get(b, "/models?search_id=beta").body());
        assertThat(beta.size()).isEqualTo(MODELS - ALPHA);
        beta.forEach(m -> assertThat(m.get("search_id").asText()).isEqualTo("beta"));

        assertThat(get(a, "/models?status=running").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void theLeaderboardMergesBothInstancesAndRanksFinishedModelsByFitness() throws Exception {
        JsonNode fromA = JSON.readTree(get(a, "/searches/alpha/leaderboard").body());
        JsonNode fromB = JSON.readTree(get(b, "/searches/alpha/leaderboard").body());

        assertThat(fromA).isEqualTo(fromB);
        assertThat(fromA.get("models").asInt()).isEqualTo(ALPHA);
        assertThat(fromA.get("partial").asBoolean()).isFalse();
        JsonNode entries = fromA.get("entries");
        int finished = fromA.get("finished").asInt();
        assertThat(finished).isPositive().isLessThan(ALPHA);
        Set<String> owners = new HashSet<>();
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            owners.add(e.get("owner").asText());
            if (i < finished) {
                assertThat(e.get("rank").asInt()).isEqualTo(i + 1);
                assertThat(e.get("status").asText()).isIn("STOPPED", "COMPLETED");
                assertThat(e.get("fitness").asDouble()).isLessThanOrEqualTo(previous);
                previous = e.get("fitness").asDouble();
                assertThat(e.get("epochs_used").asDouble()).isLessThanOrEqualTo(BUDGET);
            } else {
                assertThat(e.get("rank").isNull()).isTrue();
                assertThat(e.get("status").asText()).isEqualTo("TRAINING");
                assertThat(e.get("fitness").isNull()).isTrue();
                assertThat(e.get("epochs_used").asDouble()).isEqualTo(TRAINING_EPOCHS);
            }
        }
        assertThat(owners).containsExactlyInAnyOrder(a.address(), b.address());
    }

    @Test
    @Order(6)
    void healthIsUpAndMetricsHaveThePredictorKafkaAndJvmMeters() throws Exception {
        for (Instance asked : List.of(a, b)) {
            HttpResponse<String> health = get(asked, "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");
            assertThat(JSON.readTree(health.body()).get("streams").asText()).isEqualTo("RUNNING");

            await().atMost(Duration.ofSeconds(3 * RuntimeMeters.KAFKA_REFRESH.toSeconds()))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        HttpResponse<String> metrics = get(asked, "/metrics");
                        System.out.println("metrics bytes " + metrics.body().getBytes(StandardCharsets.UTF_8).length);
                        assertThat(metrics.statusCode()).isEqualTo(200);
                        assertThat(metrics.headers().firstValue("Content-Type")).get().asString()
                                .startsWith("text/plain; version=0.0.4");
                        assertThat(metrics.body())
                                .contains("peng4nn_events_total{outcome=\"fitted\"}")
                                .contains("peng4nn_fit_seconds_bucket")
                                .contains("peng4nn_stops_total{reason=\"CONVERGED\"}")
                                .contains("jvm_memory_used_bytes")
                                .contains("kafka_consumer_fetch_manager_records_lag_max")
                                .contains("kafka_stream_thread_process_rate")
                                .contains("kafka_producer_record_error_total")
                                // per-node, per-task and per-processor meters are what made a scrape ~430 KB
                                .doesNotContain("kafka_producer_node_")
                                .doesNotContain("kafka_stream_processor_node_")
                                .doesNotContain("kafka_stream_task_");
                        assertThat(metrics.body().length()).isLessThan(100_000);
                    });
        }
    }

    @Test
    @Order(7)
    void anUnreachableInstanceMakesListsPartialAndItsModelsUnavailable() throws Exception {
        b.api.close();
        String ownedByB = allModelIds().stream().filter(id -> ownerOf(id) == b).findFirst().orElseThrow();

        HttpResponse<String> list = get(a, "/models");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue(PredictorHttpApi.PARTIAL_HEADER)).contains("true");
        assertThat(list.headers().firstValue(PredictorHttpApi.UNREACHABLE_HEADER)).contains(b.address());
        JsonNode models = JSON.readTree(list.body());
        assertThat(models.size()).isPositive().isLessThan(MODELS);
        models.forEach(m -> assertThat(m.get("owner").asText()).isEqualTo(a.address()));

        HttpResponse<String> one = get(a, "/models/" + ownedByB);
        assertThat(one.statusCode()).isEqualTo(503);
        assertThat(one.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(one.body()).get("error").asText()).contains(b.address());

        assertThat(JSON.readTree(get(a, "/searches/alpha/leaderboard").body()).get("partial").asBoolean()).isTrue();
    }

    @Test
    @Order(8)
    void healthIs503OnceStreamsStopped() throws Exception {
        a.streams.close(Duration.ofSeconds(20));

        HttpResponse<String> health = get(a, "/health");

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("DOWN");
        assertThat(JSON.readTree(health.body()).get("streams").asText()).isEqualTo("NOT_RUNNING");
        assertThat(get(a, "/models").statusCode()).isEqualTo(503);
    }

    // ---- the data: 20 models of two searches, each a smooth PEng4NN-family curve with its own plateau

    private static String modelId(int i) {
        return String.format("m%02d", i);
    }

    private static int index(String modelId) {
        return Integer.parseInt(modelId.substring(1));
    }

    private static Set<String> allModelIds() {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < MODELS; i++) {
            ids.add(modelId(i));
        }
        return ids;
    }

    /** Every third model has trained only a few epochs; the others send their whole budget. */
    private static boolean stillTraining(int i) {
        return i % 3 == 0;
    }

    private static double accuracy(int model, int epoch) {
        return 60 + model - Math.pow(1.5, 4 - epoch);
    }

    /** Points a model's record must hold: what was sent, or up to the stop for a stopped model. */
    private static int expectedPoints(String id, JsonNode summary) {
        if (stillTraining(index(id))) {
            return TRAINING_EPOCHS;
        }
        return switch (summary.get("status").asText()) {
            case "STOPPED" -> (int) Math.round(summary.get("latest_epoch").asDouble()) + 1;
            case "COMPLETED" -> BUDGET;
            default -> -1;
        };
    }

    private static int sendCurves(KafkaEndpoint kafka) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        String topic = TOPICS.name(EventTopic.EPOCHS);
        for (int i = 0; i < MODELS; i++) {
            int epochs = stillTraining(i) ? TRAINING_EPOCHS : BUDGET;
            for (int epoch = 0; epoch < epochs; epoch++) {
                EpochMetric event = EpochMetric.newBuilder().setSearchId(i < ALPHA ? "alpha" : "beta")
                        .setModelId(modelId(i)).setRun(1).setTrainerId("it").setEpoch(epoch).setMaxEpochs(BUDGET)
                        .setMetric("val_acc").setValue(accuracy(i, epoch)).setEventTime(Instant.now()).build();
                records.add(new ProducerRecord<>(topic, modelId(i),
                        EventSerdes.epochMetric().serializer().serialize(topic, event)));
            }
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
        return records.size();
    }

    // ---- plumbing

    private static Instance ownerOf(String modelId) {
        HostInfo active = a.streams.queryMetadataForKey(PredictorTopology.MODELS_STORE, modelId,
                Serdes.String().serializer()).activeHost();
        return active.port() == a.api.port() ? a : b;
    }

    private static HttpResponse<String> get(Instance instance, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + instance.address() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
