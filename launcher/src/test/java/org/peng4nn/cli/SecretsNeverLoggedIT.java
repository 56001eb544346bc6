package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.dashboard.ManualStop;

/**
 * Secrets never reach the output, checked where an operator would look: {@code ./peng4nn predictor} runs as a child
 * JVM against a broker that demands SCRAM, its SASL password and a trust store password coming from
 * {@code PENG4NN_KAFKA_*} environment variables (or a {@code --kafka-config} file) and its manual stop token from a
 * file, and everything the process writes (stdout and stderr, its own lines, Kafka's INFO dumps of every client
 * configuration, Jetty's, a refused and an accepted manual stop, the close after SIGTERM) is searched for each secret.
 * The logging is INFO for every logger, more than the command's own configuration shows (Kafka only from WARN), so
 * whatever a more talkative deployment would log is searched too. A wrong password, which the error path reports,
 * and {@code --print-config} are searched the same way.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SecretsNeverLoggedIT {

    private static final String PREFIX = "secrets.";
    /** Distinctive, so a search of the output cannot miss one or find it by accident. */
    private static final String PASSWORD = "Alice-Pass-3f9d2c71";
    private static final String WRONG_PASSWORD = "Wrong-Pass-8e11a0";
    private static final String TRUST_STORE_PASSWORD = "Trust-Store-Pass-4b7c55";
    /** Kafka declares it a password; the name rule alone (password, secret, jaas, .key) printed it. */
    private static final String PASSPHRASE = "Key-Passphrase-91c0de";
    private static final String STOP_TOKEN = "stop-token-6d2e90aa";
    /** Nearly the token: a log line that echoed what was presented would leak most of it. */
    private static final String WRONG_STOP_TOKEN = "stop-token-6d2e90ab";
    private static final List<String> SECRETS = List.of(PASSWORD, WRONG_PASSWORD, TRUST_STORE_PASSWORD, PASSPHRASE,
            STOP_TOKEN, WRONG_STOP_TOKEN);

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static Path logConfig;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = KafkaBroker.start(BrokerOptions.defaults().withScramUser("alice", PASSWORD));
        // every logger at INFO, Kafka's config dumps included, with stack traces: the most a deployment would show
        logConfig = dir.resolve("log4j2-info.xml");
        Files.writeString(logConfig, """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="WARN">
                  <Appenders>
                    <Console name="stderr" target="SYSTEM_ERR">
                      <PatternLayout pattern="%d{HH:mm:ss} %-5level %c - %msg%n%throwable"/>
                    </Console>
                  </Appenders>
                  <Loggers>
                    <Root level="INFO"><AppenderRef ref="stderr"/></Root>
                  </Loggers>
                </Configuration>
                """);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** The SASL settings as {@code PENG4NN_KAFKA_*} variables, the way a container would be given them. */
    private static Map<String, String> saslEnvironment(String password) {
        return Map.of("PENG4NN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "PENG4NN_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256",
                "PENG4NN_KAFKA_SASL_JAAS_CONFIG", jaas(password),
                // unused over SASL_PLAINTEXT, but in every client's configuration and so in Kafka's dumps of it
                "PENG4NN_KAFKA_SSL_TRUSTSTORE_PASSWORD", TRUST_STORE_PASSWORD,
                "PENG4NN_KAFKA_SASL_OAUTHBEARER_ASSERTION_PRIVATE_KEY_PASSPHRASE", PASSPHRASE);
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\""
                + password + "\";";
    }

    private static ChildJvm peng4nn(Map<String, String> environment, Path output, String... args)
            throws IOException {
        return ChildJvm.start(Peng4nn.class, List.of("-Xmx384m", "-Dlog4j2.configurationFile=" + logConfig.toUri()),
                environment, output, false, List.of(args));
    }

    /** All of it, a line still being written too: a secret must not be in any byte the process wrote. */
    private static String read(Path output) throws IOException {
        return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    }

    private static void assertNoSecret(String output, String what) {
        for (String secret : SECRETS) {
            assertThat(output).as("%s must not contain the secret %s", what, secret).doesNotContain(secret);
        }
    }

    @Test
    void aRunningPredictorLogsNoSecretFromStartToSigterm() throws Exception {
        Path tokenFile = dir.resolve("stop-token");
        Files.writeString(tokenFile, STOP_TOKEN + "\n");
        Path output = dir.resolve("predictor.out");
        ChildJvm child = peng4nn(saslEnvironment(PASSWORD), output, "predictor", "--policy", "penguin",
                "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX, "--http-port", "0",
                "--state-dir", dir.resolve("state").toString(), "--manual-stop-token-file", tokenFile.toString());
        Process predictor = child.process();
        try {
            String base = child.awaitPredictorRunning(1).group(1);
            assertThat(base).as("HTTP API address in %s", output).isNotNull();

            publish("sec-m1", 6, 100);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest models = HttpRequest.newBuilder(URI.create(base + "/models")).build();
            ChildJvm.poll(Duration.ofMinutes(1), Duration.ofMillis(200),
                    () -> http.send(models, HttpResponse.BodyHandlers.ofString()).body().contains("sec-m1"));

            // a refused manual stop is logged (as a warning): without what was presented
            assertThat(stop(http, base, WRONG_STOP_TOKEN).statusCode()).isEqualTo(401);
            HttpResponse<String> accepted = stop(http, base, STOP_TOKEN);
            assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 299);

            predictor.destroy(); // SIGTERM: the close is logged too
            assertThat(predictor.waitFor(PredictorCommand.SHUTDOWN_WAIT.toSeconds() + 15, TimeUnit.SECONDS))
                    .as("exits after SIGTERM").isTrue();
        } finally {
            predictor.destroyForcibly().waitFor();
        }

        String logged = read(output);
        System.out.printf("secrets: predictor wrote %,d bytes, %,d lines%n", logged.length(), logged.lines().count());
        assertThat(logged).as("the run reached the places that could leak: %s", output)
                .contains("predictor running")
                .contains("sasl.jaas.config", "ssl.truststore.password",          // the settings were printed...
                        "sasl.oauthbearer.assertion.private.key.passphrase")
                .contains("ConsumerConfig values", "ProducerConfig values", "AdminClientConfig values") // Kafka's dumps
                .contains("manual stop refused");
        assertNoSecret(logged, "the predictor's output (" + output + ")");
    }

    @Test
    void printConfigShowsTheSettingsMaskedFromTheEnvironmentOrAFile() throws Exception {
        Path file = dir.resolve("kafka.properties");
        Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\nsasl.jaas.config="
                + jaas(PASSWORD) + "\n");
        Path fromFile = dir.resolve("print-config-file.out");
        Process printed = peng4nn(Map.of("PENG4NN_KAFKA_SSL_TRUSTSTORE_PASSWORD", TRUST_STORE_PASSWORD), fromFile,
                "predictor", "--bootstrap-servers", broker.bootstrapServers(), "--kafka-config", file.toString(),
                "--print-config").process();
        assertThat(printed.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(printed.exitValue()).as(read(fromFile)).isZero();

        Path fromEnvironment = dir.resolve("print-config-env.out");
        Process printedEnv = peng4nn(saslEnvironment(PASSWORD), fromEnvironment, "predictor", "--bootstrap-servers",
                broker.bootstrapServers(), "--print-config").process();
        assertThat(printedEnv.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(printedEnv.exitValue()).as(read(fromEnvironment)).isZero();

        for (Path output : List.of(fromFile, fromEnvironment)) {
            assertThat(read(output)).as("%s", output).contains("sasl.jaas.config", "ssl.truststore.password",
                    "********");
        }
        assertThat(read(fromEnvironment)).contains("sasl.oauthbearer.assertion.private.key.passphrase");
        for (Path output : List.of(fromFile, fromEnvironment)) {
            assertNoSecret(read(output), "--print-config (" + output + ")");
        }
    }

    @Test
    void aWrongPasswordIsReportedWithoutIt() throws Exception {
        Path output = dir.resolve("wrong-password.out");
        Process predictor = peng4nn(saslEnvironment(WRONG_PASSWORD), output, "predictor", "--policy", "penguin",
                "--bootstrap-servers", broker.bootstrapServers(), "--topic-prefix", PREFIX, "--http-port", "0",
                "--state-dir", dir.resolve("state-wrong").toString()).process();
        try {
            ChildJvm.poll(Duration.ofMinutes(2), Duration.ofMillis(200),
                    () -> read(output).contains("credentials") || !predictor.isAlive());
            // what follows the first report (retries, the exit) is searched too
            predictor.waitFor(10, TimeUnit.SECONDS);
        } finally {
            predictor.destroy();
            predictor.waitFor(PredictorCommand.SHUTDOWN_WAIT.toSeconds() + 15, TimeUnit.SECONDS);
            predictor.destroyForcibly().waitFor();
        }
        String logged = read(output);
        assertThat(logged).as("%s", output).containsIgnoringCase("authentication").contains("credentials");
        assertNoSecret(logged, "the output of a predictor with a wrong password (" + output + ")");
    }

    private static HttpResponse<String> stop(HttpClient http, String base, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/api/stop"))
                        .header(ManualStop.TOKEN_HEADER, token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"search_id\":\"sec\",\"model_id\":\"sec-m1\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void publish(String model, int epochs, int budget) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "SCRAM-SHA-256");
        props.put("sasl.jaas.config", jaas(PASSWORD));
        try (KafkaProducer<String, EpochMetric> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventSerdes.epochMetric().serializer())) {
            for (int e = 0; e < epochs; e++) {
                producer.send(new ProducerRecord<>(PREFIX + "epochs", model, EpochMetric.newBuilder()
                        .setSearchId("sec").setModelId(model).setRun(1).setTrainerId("it").setEpoch(e)
                        .setMaxEpochs(budget).setValue(40 + 5 * e).setEventTime(Instant.now()).build())).get();
            }
        }
    }
}
