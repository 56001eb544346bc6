package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import picocli.CommandLine;

/**
 * A cluster that demands SCRAM-SHA-256 over SASL_PLAINTEXT: the DL4J trainer with a search, a trainer through the
 * bridge, the predictor and
 * {@code replay --from-topic} authenticate with the settings of one {@code --kafka-config} file and work, every
 * client they create carries those settings, and a wrong password is a one-line error.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SaslEndToEndIT {

    private static final String PREFIX = "sasl.";
    private static KafkaBroker broker;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(BrokerOptions.defaults().withScramUser("alice", "alice-secret"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static Path kafkaConfig(String password) throws Exception {
        Path file = Files.createTempFile(dir, "kafka", ".properties");
        Files.writeString(file, String.join("\n", "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=SCRAM-SHA-256",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"alice\" password=\"" + password + "\";",
                "metric.reporters=" + ClientConfigRecorder.class.getName(), ""));
        return file;
    }

    private static List<String> kafka(Path config) {
        return List.of("--bootstrap-servers", broker.bootstrapServers(), "--kafka-config", config.toString());
    }

    @Test
    void trainerPredictorAndReplayAuthenticateAndWork() throws Exception {
        ClientConfigRecorder.clear();
        Path config = kafkaConfig("alice-secret");

        CommandLine predictorCli = Peng4nn.commandLine();
        List<String> predictorArgs = new ArrayList<>(List.of("predictor", "--policy", "penguin", "--topic-prefix",
                PREFIX, "--http-port", "0", "-k", "state.dir=" + dir.resolve("predictor-state"),
                "-k", "application.id=peng4nn-sasl-it"));
        predictorArgs.addAll(kafka(config));
        CompletableFuture<Integer> predictor = CompletableFuture.supplyAsync(
                () -> predictorCli.execute(predictorArgs.toArray(String[]::new)));
        try {
            // the DL4J trainer takes the one job of a search, trains it to its 2-epoch budget and the predictor
            // reports the result back to the search
            List<String> trainerArgs = new ArrayList<>(List.of("trainer", "--topic-prefix", PREFIX, "--max-jobs", "1",
                    "--limit", "120", "--threads", "1", "--group", "sasl-it-trainers"));
            trainerArgs.addAll(kafka(config));
            CompletableFuture<Integer> trainer = CompletableFuture.supplyAsync(
                    () -> Peng4nn.commandLine().execute(trainerArgs.toArray(String[]::new)));
            List<String> searchArgs = new ArrayList<>(List.of("search", "--strategy", "random", "--models", "1",
                    "--max-epochs", "2", "--search-id", "sasl-nas", "--topic-prefix", PREFIX, "--timeout", "2m",
                    "--out", dir.resolve("nas").toString(), "--json"));
            searchArgs.addAll(kafka(config));
            CliRun search = CliRun.of(searchArgs.toArray(String[]::new));
            assertThat(search.status()).as(search.stderr()).isZero();
            assertThat(search.json().get("models").asInt()).isEqualTo(1);
            assertThat(search.json().get("failed").asInt()).isZero();
            assertThat(search.json().get("missing").asInt()).isZero();
            assertThat(trainer.get(1, TimeUnit.MINUTES)).isZero();

            // a trainer in any language, through the bridge: its log ends before the budget, so only a stop ends it
            Path log = dir.resolve("metrics.jsonl");
            StringBuilder lines = new StringBuilder();
            for (int epoch = 0; epoch < 19; epoch++) {
                lines.append(String.format(Locale.ROOT, "{\"epoch\":%d,\"val_acc\":%.4f}%n", epoch,
                        80 - Math.pow(1.4, 5 - epoch)));
            }
            Files.writeString(log, lines);
            List<String> bridgeArgs = new ArrayList<>(List.of("bridge", "--log", log.toString(), "--model-id", "m1",
                    "--search-id", "sasl", "--max-epochs", "20", "--scale", "percent", "--topic-prefix", PREFIX,
                    "--stop-file", dir.resolve("STOP").toString(), "--poll-ms", "100", "--json"));
            bridgeArgs.addAll(kafka(config));
            CliRun bridge = CliRun.of(bridgeArgs.toArray(String[]::new));
            assertThat(bridge.status()).as(bridge.stderr()).isEqualTo(3);
            assertThat(bridge.json().get("outcome").asText()).isEqualTo("stopped");
            assertThat(predictor).as("the predictor runs until stopped").isNotDone();

            List<String> replayArgs = new ArrayList<>(List.of("replay", "--from-topic", PREFIX + "epochs",
                    "--policy", "penguin", "--timeout", "2m", "--json"));
            replayArgs.addAll(kafka(config));
            CliRun replay = CliRun.of(replayArgs.toArray(String[]::new));
            assertThat(replay.status()).as(replay.stderr()).isZero();
            assertThat(replay.json().get("models").asInt()).isEqualTo(2);
            assertThat(replay.json().get("stopped").asInt()).isEqualTo(1);
        } finally {
            ((PredictorCommand) predictorCli.getSubcommands().get("predictor").getCommand()).stopped.countDown();
        }
        assertThat(predictor.get(1, TimeUnit.MINUTES)).isZero();

        List<Map<String, Object>> clients = ClientConfigRecorder.configs();
        assertThat(clients).allSatisfy(client -> assertThat(client)
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsKey("sasl.jaas.config")
                .containsEntry("bootstrap.servers", broker.bootstrapServers()));
        List<String> ids = clients.stream().map(c -> String.valueOf(c.get("client.id"))).toList();
        assertThat(ids).as("trainer: job consumer, result producer")
                .anyMatch(id -> id.endsWith("-jobs")).anyMatch(id -> id.endsWith("-results"));
        assertThat(ids).as("search: job producer").contains("peng4nn-search-sasl-nas-jobs");
        assertThat(ids).as("bridge: reporter, stop listener")
                .anyMatch(id -> id.startsWith("peng4nn-epoch-reporter-")).contains("peng4nn-stop-listener");
        assertThat(ids).as("predictor and replay: Streams' consumers, producers and admins")
                .anyMatch(id -> id.startsWith("peng4nn-sasl-it-") && id.endsWith("-consumer"))
                .anyMatch(id -> id.startsWith("peng4nn-sasl-it-") && id.endsWith("-producer"))
                .anyMatch(id -> id.startsWith("peng4nn-replay-") && id.endsWith("-consumer"));
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheCredentials() throws Exception {
        Path wrong = kafkaConfig("not-her-password");
        List<String> bridgeArgs = new ArrayList<>(List.of("bridge", "--log", dir.resolve("none.jsonl").toString(),
                "--model-id", "m2", "--max-epochs", "5", "--stop-file", dir.resolve("STOP2").toString()));
        bridgeArgs.addAll(kafka(wrong));
        CliRun bridge = CliRun.of(bridgeArgs.toArray(String[]::new));
        assertThat(bridge.status()).isEqualTo(2);
        assertThat(bridge.stderr()).contains("error: " + broker.bootstrapServers()
                + ": Kafka refused the client's credentials", "invalid credentials", "sasl.jaas.config");

        List<String> replayArgs = new ArrayList<>(List.of("replay", "--from-topic", PREFIX + "epochs"));
        replayArgs.addAll(kafka(wrong));
        CliRun replay = CliRun.of(replayArgs.toArray(String[]::new));
        assertThat(replay.status()).isEqualTo(2);
        assertThat(replay.stderr()).contains("error: Kafka refused the client's credentials")
                .doesNotContain("not-her-password");
    }
}
