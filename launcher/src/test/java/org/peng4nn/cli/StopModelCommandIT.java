package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;
import picocli.CommandLine;

/**
 * {@code ./peng4nn dashboard} and {@code ./peng4nn stop} on an embedded broker: the standalone dashboard reads the
 * topics and serves its page; {@code stop} with the right token publishes a MANUAL StopCommand for the model's
 * current run, and is refused (exit 2) with a wrong token or by a read-only dashboard. A record on the topics that
 * does not decode is skipped.
 */
@WithKafkaBroker
class StopModelCommandIT {

    private static final String PREFIX = "it-stop.";
    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix(PREFIX);
    private static final String TOKEN = "let-me-stop";

    @TempDir
    static Path dir;

    private static final ExecutorService COMMANDS = Executors.newCachedThreadPool();
    private static final List<DashboardCommand> RUNNING = new ArrayList<>();

    @BeforeAll
    static void topicsWithOneTrainingModel(KafkaEndpoint kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.ensureTopics(admin, TOPICS, Duration.ofSeconds(60));
        }
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        // a record that does not decode comes first: the dashboard skips it and reads on
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(TOPICS.epochs().name(), 0, "m1".getBytes(StandardCharsets.UTF_8),
                    new byte[] {7, 7, 7})).get();
        }
        try (KafkaProducer<String, EpochMetric> producer = TOPICS.epochMetrics().producer(props)) {
            producer.send(TOPICS.epochMetrics().record("m1", EpochMetric.newBuilder().setSearchId("s1")
                    .setModelId("m1").setRun(3).setTrainerId("t").setEpoch(0).setMaxEpochs(10).setMetric("val_acc")
                    .setValue(40).setEventTime(Instant.now()).build())).get();
        }
    }

    @AfterAll
    static void stopDashboards() {
        RUNNING.forEach(command -> command.stopped.countDown());
        COMMANDS.shutdown();
    }

    /** Runs {@code ./peng4nn dashboard ARGS} until the class ends; returns its page's URL. */
    private static String dashboard(KafkaEndpoint kafka, String... more) throws Exception {
        CommandLine cli = Peng4nn.commandLine();
        DashboardCommand command = cli.getSubcommands().get("dashboard").getCommand();
        List<String> args = new ArrayList<>(List.of("dashboard", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", PREFIX, "--port", "0"));
        args.addAll(List.of(more));
        Future<Integer> status = COMMANDS.submit(() -> cli.execute(args.toArray(String[]::new)));
        RUNNING.add(command);
        while (!command.started.await(100, TimeUnit.MILLISECONDS)) {
            assertThat(status.isDone()).as("dashboard exited early with %s", status.isDone() ? status.get() : null)
                    .isFalse();
        }
        return command.url;
    }

    /** Waits until the dashboard has read the model's event. */
    private static void awaitModel(String page) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> search = http.send(HttpRequest.newBuilder(URI.create(page + "/api/searches/s1"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (search.statusCode() == 200 && search.body().contains("\"m1\"")) {
                return;
            }
            assertThat(System.nanoTime()).as("the dashboard never showed m1").isLessThan(deadline);
            Thread.sleep(100); // polling an HTTP answer: nothing to wait on in between
        }
    }

    private static String base(String page) {
        return page.substring(0, page.length() - "/dashboard".length());
    }

    @Test
    void stopWithTheTokenPublishesAManualStopForTheCurrentRun(KafkaEndpoint kafka) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        String page = dashboard(kafka, "--manual-stop-token-file", tokenFile.toString());
        assertThat(page).startsWith("http://127.0.0.1:");
        awaitModel(page);

        CliRun wrong = CliRun.of("stop", "--url", base(page), "--search", "s1", "--model", "m1", "--token-file",
                Files.writeString(dir.resolve("wrong"), "guess").toString());
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.stderr()).contains("401").doesNotContain(TOKEN);

        CliRun stop = CliRun.of("stop", "--url", base(page), "--search", "s1", "--model", "m1", "--token-file",
                tokenFile.toString(), "--json");
        assertThat(stop.status()).as(stop.stderr()).isZero();
        assertThat(stop.json().get("run").asInt()).isEqualTo(3);

        List<StopCommand> stops = controlRecords(kafka);
        assertThat(stops).hasSize(1);
        assertThat(stops.get(0).getReason()).isEqualTo(StopReason.MANUAL);
        assertThat(stops.get(0).getModelId()).isEqualTo("m1");
        assertThat(stops.get(0).getRun()).isEqualTo(3);
        assertThat(stops.get(0).getAtEpoch()).isEqualTo(0.0);
    }

    @Test
    void aReadOnlyDashboardRefusesToStop(KafkaEndpoint kafka) throws Exception {
        String page = dashboard(kafka);
        CliRun stop = CliRun.of("stop", "--url", base(page), "--search", "s1", "--model", "m1", "--token-file",
                Files.writeString(dir.resolve("any"), "any").toString());
        assertThat(stop.status()).isEqualTo(2);
        assertThat(stop.stderr()).contains("403").contains("manual stop is off");
    }

    @Test
    void stopWithoutAnyTokenIsBadInput() {
        CliRun stop = CliRun.of("stop", "--url", "http://127.0.0.1:1", "--search", "s1", "--model", "m1");
        assertThat(stop.status()).isEqualTo(2);
        assertThat(stop.stderr()).contains("--token-file").contains(StopModelCommand.TOKEN_ENV);
    }

    private static List<StopCommand> controlRecords(KafkaEndpoint kafka) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<StopCommand> stops = new ArrayList<>();
        try (KafkaConsumer<String, StopCommand> consumer = TOPICS.stopCommands().consumer(props)) {
            String name = TOPICS.control().name();
            List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> stops.add(r.value()));
            }
        }
        return stops;
    }
}
