package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.predictor.PredictorConfig;
import picocli.CommandLine;

/**
 * Every command that talks to Kafka takes its client settings through the one door: a bootstrap address from each
 * source (flag, file, environment) is the one its clients use, and SASL settings reach every client configuration it
 * builds. No broker: the effective configurations are read from the commands themselves.
 */
class KafkaSettingsSourcesTest {

    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"alice\" password=\"alice-secret\";";
    private static final Map<String, String> SASL = Map.of("security.protocol", "SASL_PLAINTEXT",
            "sasl.mechanism", "SCRAM-SHA-256", "sasl.jaas.config", JAAS);

    /** The Kafka commands and, for each, every client configuration it builds from what it parsed. */
    private enum KafkaCommand {
        PREDICTOR("predictor") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return predictorClients(((PredictorCommand) command).config());
            }
        },
        DEMO("demo") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return predictorClients(((DemoCommand) command).predictorConfig("s1"));
            }
        },
        REPLAY("replay", "--from-topic", "history") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return predictorClients(((ReplayCommand) command).config());
            }
        },
        TRAINER("trainer") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return List.of(((TrainerCommand) command).kafkaSettings().properties());
            }
        },
        SEARCH("search") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return List.of(((SearchCommand) command).kafkaSettings().properties());
            }
        },
        BRIDGE("bridge", "--log", "train.csv", "--model-id", "m1", "--max-epochs", "5", "--stop-file", "STOP") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return List.of(((BridgeCommand) command).kafkaSettings().properties());
            }
        },
        TAIL("tail", "epochs") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return List.of(((TailCommand) command).kafkaSettings().properties());
            }
        },
        EXPORT("export", "--from-topic", "epochs", "--out", "curves.csv") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return List.of(((ExportCommand) command).kafkaSettings().properties());
            }
        },
        EVALUATE("evaluate", "--from-topic", "epochs") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return List.of(((EvaluateCommand) command).input.kafkaSettings().properties());
            }

            @Override
            KafkaConnection connection(Object command) {
                return ((EvaluateCommand) command).input.kafka;
            }
        },
        TUNE("tune", "--from-topic", "epochs", "--out", "runs") {
            @Override
            List<Properties> clients(Object command) throws Exception {
                return List.of(((TuneCommand) command).input.kafkaSettings().properties());
            }

            @Override
            KafkaConnection connection(Object command) {
                return ((TuneCommand) command).input.kafka;
            }
        };

        final String[] args;

        KafkaCommand(String... args) {
            this.args = args;
        }

        abstract List<Properties> clients(Object command) throws Exception;

        /** The command's Kafka options: its field {@code kafka} unless the command keeps them elsewhere. */
        KafkaConnection connection(Object command) throws Exception {
            return (KafkaConnection) command.getClass().getDeclaredField("kafka").get(command);
        }

        /** Parses {@code args} after the command's own, with {@code env} as its environment. */
        Object parse(Map<String, String> env, String... more) throws Exception {
            List<String> all = new ArrayList<>(List.of(this.args));
            all.addAll(List.of(more));
            CommandLine.ParseResult parsed = Peng4nn.commandLine().parseArgs(all.toArray(String[]::new));
            Object command = parsed.subcommand().commandSpec().userObject();
            connection(command).environment = env;
            return command;
        }
    }

    /** The Streams instance's configuration, the topic admin's (filtered from it) and the plain clients'. */
    private static List<Properties> predictorClients(PredictorConfig config) {
        Properties streams = config.streamsProperties(Path.of("home"));
        Properties admin = new Properties();
        streams.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k.toString())) {
                admin.put(k, v);
            }
        });
        return List.of(streams, admin, config.clientProperties());
    }

    @TempDir
    Path dir;

    @Test
    void aBootstrapAddressFromTheFlagIsTheOneUsed() throws Exception {
        for (KafkaCommand command : KafkaCommand.values()) {
            Object parsed = command.parse(Map.of("PENG4NN_KAFKA_BOOTSTRAP_SERVERS", "env:1"),
                    "--bootstrap-servers", "flag:1", "--kafka-config", kafkaFile("bootstrap.servers=file:1").toString());
            assertThat(command.clients(parsed)).as(command.name())
                    .allSatisfy(client -> assertThat(client).containsEntry("bootstrap.servers", "flag:1"));
        }
    }

    @Test
    void aBootstrapAddressFromTheFileIsTheOneUsed() throws Exception {
        Path file = kafkaFile("bootstrap.servers=file:1");
        for (KafkaCommand command : KafkaCommand.values()) {
            Object parsed = command.parse(Map.of("PENG4NN_KAFKA_BOOTSTRAP_SERVERS", "env:1"),
                    "--kafka-config", file.toString());
            assertThat(command.clients(parsed)).as(command.name())
                    .allSatisfy(client -> assertThat(client).containsEntry("bootstrap.servers", "file:1"));
        }
    }

    @Test
    void aBootstrapAddressFromTheEnvironmentIsTheOneUsed() throws Exception {
        for (KafkaCommand command : KafkaCommand.values()) {
            Object parsed = command.parse(Map.of("PENG4NN_KAFKA_BOOTSTRAP_SERVERS", "env:1"));
            assertThat(command.clients(parsed)).as(command.name())
                    .allSatisfy(client -> assertThat(client).containsEntry("bootstrap.servers", "env:1"));
        }
    }

    @Test
    void saslSettingsFromEverySourceReachEveryClient() throws Exception {
        Path file = kafkaFile("security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-256\n");
        for (KafkaCommand command : KafkaCommand.values()) {
            // the protocol and mechanism from a file, the secret from the environment, a tuning flag with -k
            Object parsed = command.parse(Map.of("PENG4NN_KAFKA_SASL_JAAS_CONFIG", JAAS),
                    "--kafka-config", file.toString(), "-k", "request.timeout.ms=7000", "--bootstrap-servers", "b:1");
            assertThat(command.clients(parsed)).as(command.name()).isNotEmpty().allSatisfy(client -> {
                assertThat(client).containsAllEntriesOf(SASL);
                assertThat(client).containsEntry("request.timeout.ms", "7000");
            });
        }
    }

    @Test
    void withoutAnyAddressOnlyBrokerlessCommandsFallBackToTheLocalBroker() throws Exception {
        for (KafkaCommand command : List.of(KafkaCommand.TRAINER, KafkaCommand.SEARCH, KafkaCommand.BRIDGE,
                KafkaCommand.TAIL, KafkaCommand.EXPORT, KafkaCommand.EVALUATE, KafkaCommand.TUNE)) {
            assertThat(command.clients(command.parse(Map.of()))).as(command.name())
                    .allSatisfy(client -> assertThat(client).containsEntry("bootstrap.servers", "localhost:9092"));
        }
        // no address: predictor and demo start an embedded broker (asserted by the rule below, not started here)
        assertThat(((PredictorCommand) KafkaCommand.PREDICTOR.parse(Map.of())).config().bootstrapServers()).isEmpty();
        assertThat(((DemoCommand) KafkaCommand.DEMO.parse(Map.of())).predictorConfig("s").bootstrapServers()).isEmpty();
    }

    @Test
    void aPredictorAddressFromItsConfigFileOrLegacyVariableIsUsedNotAnEmbeddedBroker() throws Exception {
        Path predictorFile = dir.resolve("predictor.properties");
        Files.writeString(predictorFile, "bootstrap.servers=predictor-file:1\nsasl.mechanism=PLAIN\n");
        PredictorCommand fromFile = (PredictorCommand) KafkaCommand.PREDICTOR.parse(Map.of(),
                "--config", predictorFile.toString());
        assertThat(fromFile.config().bootstrapServers()).isEqualTo("predictor-file:1");
        assertThat(predictorClients(fromFile.config()))
                .allSatisfy(client -> assertThat(client).containsEntry("sasl.mechanism", "PLAIN"));
        PredictorCommand fromEnv = (PredictorCommand) KafkaCommand.PREDICTOR.parse(
                Map.of("PENG4NN_BOOTSTRAP_SERVERS", "legacy-env:1"));
        assertThat(fromEnv.config().bootstrapServers()).isEqualTo("legacy-env:1");
        // the door's sources rank above the predictor file's
        PredictorCommand both = (PredictorCommand) KafkaCommand.PREDICTOR.parse(
                Map.of("PENG4NN_KAFKA_BOOTSTRAP_SERVERS", "env:1"), "--config", predictorFile.toString());
        assertThat(both.config().bootstrapServers()).isEqualTo("env:1");

        try (KafkaConnection.Connection connection = KafkaConnection.connect(fromFile.config().bootstrapServers(),
                KafkaConnection.Embedded.PERSISTENT)) {
            assertThat(connection.embedded()).isNull();
            assertThat(connection.bootstrapServers()).isEqualTo("predictor-file:1");
        }
    }

    @Test
    void kafkaVariablesAndTheJvmOptionsAreNotPredictorKeys() throws Exception {
        PredictorCommand command = (PredictorCommand) KafkaCommand.PREDICTOR.parse(Map.of(
                "PENG4NN_KAFKA_SASL_MECHANISM", "PLAIN", "PENG4NN_JAVA_OPTS", "-Xmx1g"));
        Properties streams = command.config().streamsProperties(Path.of("home"));
        assertThat(streams).containsEntry("sasl.mechanism", "PLAIN")
                .doesNotContainKeys("kafka.sasl.mechanism", "java.opts");
    }

    @Test
    void secretsAreMaskedWhereSettingsArePrinted() throws Exception {
        Object trainer = KafkaCommand.TRAINER.parse(Map.of("PENG4NN_KAFKA_SASL_JAAS_CONFIG", JAAS),
                "-k", "ssl.truststore.password=hunter2");
        KafkaSettings settings = ((TrainerCommand) trainer).kafkaSettings();
        assertThat(settings.describe() + settings).doesNotContain("alice-secret", "hunter2").contains("********");
        PredictorCommand predictor = (PredictorCommand) KafkaCommand.PREDICTOR.parse(
                Map.of("PENG4NN_KAFKA_SASL_JAAS_CONFIG", JAAS));
        assertThat(predictor.config().describe()).doesNotContain("alice-secret");
    }

    @Test
    void aMissingKafkaConfigFileIsBadInputNamingIt() {
        CliRun run = CliRun.of("search", "--kafka-config", dir.resolve("nope.properties").toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.stderr()).contains("error: --kafka-config ").contains("nope.properties");
    }

    @Test
    void dashSetsPolicySettingsOnly() throws Exception {
        PredictorCommand predictor = (PredictorCommand) KafkaCommand.PREDICTOR.parse(Map.of(),
                "-s", "tol=0.4", "--set", "predictor.policy.min_curves=12");
        assertThat(predictor.config().get("predictor.policy.tol")).isEqualTo("0.4");
        assertThat(predictor.config().get("predictor.policy.min_curves")).isEqualTo("12");
        CliRun kafkaKeyThroughDashS = CliRun.of("predictor", "-s", "num.standby.replicas=1", "--print-config");
        assertThat(kafkaKeyThroughDashS.status()).isEqualTo(2);
        assertThat(kafkaKeyThroughDashS.stderr()).contains("num.standby.replicas");
    }

    private Path kafkaFile(String text) throws Exception {
        Path file = Files.createTempFile(dir, "kafka", ".properties");
        Files.writeString(file, text);
        return file;
    }
}
