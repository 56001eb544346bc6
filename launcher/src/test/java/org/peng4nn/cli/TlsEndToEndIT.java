package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.serde.EventSerdes;
import picocli.CommandLine;

/**
 * TLS with client certificates (mTLS) end to end against the embedded broker: the test makes a key pair and
 * certificate for the broker and one for the clients with keytool, the broker demands a client certificate,
 * and a producer, the predictor and a consumer all talk to it over TLS with the settings of one
 * {@code --kafka-config} file. A client without a certificate is refused. The key store password, read from
 * that file, appears neither in the logs (Kafka's INFO lines of every client config included) nor in
 * {@code --print-config}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TlsEndToEndIT {

    private static final String PREFIX = "tls.";
    /** Distinctive, so a grep of the logs cannot miss it or find it by accident. */
    private static final String STORE_PASSWORD = "tls-Store-Pass-5e1f9c";
    private static final String BROKER_PASSWORD = "tls-Broker-Pass-77ab20";

    @TempDir
    static Path dir;
    private static KafkaBroker broker;
    private static Path trust;
    private static Path clientKeys;

    @BeforeAll
    static void makeCertificatesAndStartBroker() throws Exception {
        Path brokerKeys = dir.resolve("broker.p12");
        clientKeys = dir.resolve("client.p12");
        trust = dir.resolve("trust.p12");
        keyPair(brokerKeys, "broker", BROKER_PASSWORD);
        keyPair(clientKeys, "client", STORE_PASSWORD);
        // one trust store for both sides: the broker talks to itself on this listener too, as a client
        trust(brokerKeys, "broker", BROKER_PASSWORD);
        trust(clientKeys, "client", STORE_PASSWORD);

        broker = KafkaBroker.start(BrokerOptions.defaults()
                .withBrokerConfig("ssl.client.auth", "required")
                .withBrokerConfig("ssl.keystore.type", "PKCS12")
                .withBrokerConfig("ssl.keystore.location", brokerKeys.toString())
                .withBrokerConfig("ssl.keystore.password", BROKER_PASSWORD)
                .withBrokerConfig("ssl.truststore.type", "PKCS12")
                .withBrokerConfig("ssl.truststore.location", trust.toString())
                .withBrokerConfig("ssl.truststore.password", STORE_PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producerPredictorAndConsumerWorkOverMutualTlsAndTheSecretIsNeverShown() throws Exception {
        Path config = kafkaConfig(true);
        StringWriter logs = new StringWriter();
        CommandLine predictorCli = Peng4nn.commandLine();
        List<String> predictorArgs = List.of("predictor", "--policy", "penguin", "--topic-prefix", PREFIX,
                "--http-port", "0", "-k", "state.dir=" + dir.resolve("predictor-state"),
                "-k", "application.id=peng4nn-tls-it", "--bootstrap-servers", broker.bootstrapServers(),
                "--kafka-config", config.toString());
        try (AutoCloseable capture = captureLogs(logs)) {
            CompletableFuture<Integer> predictor = CompletableFuture.supplyAsync(
                    () -> predictorCli.execute(predictorArgs.toArray(String[]::new)));
            try {
                produceCurve(config, "m1", 25);
                ModelResult result = awaitResult(config, "m1");
                assertThat(result.getModelId()).isEqualTo("m1");
                assertThat(result.getEpochsUsed()).isLessThan(25); // a smooth curve: stopped early
            } finally {
                ((PredictorCommand) predictorCli.getSubcommands().get("predictor").getCommand()).stopped.countDown();
            }
            assertThat(predictor.get(1, TimeUnit.MINUTES)).isZero();
        }
        CliRun printed = CliRun.of("predictor", "--bootstrap-servers", broker.bootstrapServers(),
                "--kafka-config", config.toString(), "--print-config");

        assertThat(printed.status()).as(printed.stderr()).isZero();
        assertThat(printed.stdout()).contains("ssl.keystore.location").doesNotContain(STORE_PASSWORD);
        assertThat(logs.toString()).as("captured logs").contains("ssl.keystore.password")
                .doesNotContain(STORE_PASSWORD).doesNotContain(BROKER_PASSWORD);
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        Properties props = load(kafkaConfig(false));
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("request.timeout.ms", "5000");
        props.put("default.api.timeout.ms", "8000");
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(15, TimeUnit.SECONDS))
                    .hasStackTraceContaining("SslAuthenticationException");
        }
    }

    private static void produceCurve(Path config, String model, int epochs) throws IOException {
        Properties props = load(config);
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<String, EpochMetric> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventSerdes.epochMetric().serializer())) {
            for (int x = 0; x < epochs; x++) {
                producer.send(new ProducerRecord<>(PREFIX + "epochs", model, EpochMetric.newBuilder()
                        .setSearchId("tls").setModelId(model).setRun(1).setTrainerId("t1").setEpoch(x)
                        .setMaxEpochs(epochs).setMetric("val_acc").setValue(90 - Math.pow(1.5, 4 - x))
                        .setEventTime(Instant.now()).build()));
            }
        }
    }

    private static ModelResult awaitResult(Path config, String model) throws IOException {
        Properties props = load(config);
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tls-it-results");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, ModelResult> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                EventSerdes.modelResult().deserializer())) {
            consumer.subscribe(List.of(PREFIX + "results"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ModelResult> r : consumer.poll(Duration.ofMillis(500))) {
                    if (model.equals(r.key())) {
                        return r.value();
                    }
                }
            }
        }
        throw new AssertionError("no result for " + model + " within 90 s");
    }

    /** The client settings of every command: TLS, the trust store, and (mTLS) the client's key store. */
    private static Path kafkaConfig(boolean withCertificate) throws IOException {
        List<String> lines = new ArrayList<>(List.of("security.protocol=SSL", "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + trust, "ssl.truststore.password=" + STORE_PASSWORD));
        if (withCertificate) {
            lines.addAll(List.of("ssl.keystore.type=PKCS12", "ssl.keystore.location=" + clientKeys,
                    "ssl.keystore.password=" + STORE_PASSWORD));
        }
        Path file = Files.createTempFile(dir, "kafka-tls", ".properties");
        Files.write(file, lines);
        return file;
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(file.toFile())) {
            props.load(in);
        }
        return props;
    }

    /** A key pair and self-signed certificate valid for 127.0.0.1 and localhost, as the clients verify the host. */
    private static void keyPair(Path store, String alias, String password) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + alias + ".peng4nn.test", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password, "-keypass", password);
    }

    private static void trust(Path keys, String alias, String password) throws Exception {
        Path certificate = dir.resolve(alias + ".crt");
        keytool("-exportcert", "-alias", alias, "-keystore", keys.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", STORE_PASSWORD);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    /** Every log line at INFO and above, Kafka's included (they print each client's whole config), into {@code out}. */
    private static AutoCloseable captureLogs(StringWriter out) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        Appender appender = WriterAppender.createAppender(PatternLayout.newBuilder().withPattern("%c %msg%n").build(),
                null, out, "tls-it-capture", false, true);
        appender.start();
        Level before = configuration.getRootLogger().getLevel();
        configuration.getRootLogger().addAppender(appender, Level.INFO, null);
        configuration.getRootLogger().setLevel(Level.INFO);
        context.updateLoggers();
        return () -> {
            configuration.getRootLogger().removeAppender(appender.getName());
            configuration.getRootLogger().setLevel(before);
            context.updateLoggers();
            appender.stop();
        };
    }
}
