package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.peng4nn.predictor.PredictorConfig;
import picocli.CommandLine;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/docker-compose.yml cannot run here (no Docker engine on the development and CI machines), so this checks
 * what can go wrong without one: every variable the compose file sets is a real setting of the service it is given
 * to, and every command line parses. A misspelt PENG4NN_ variable would otherwise be ignored silently in production.
 * SnakeYAML comes with Kafka's dependencies; it resolves the file's anchors and merge keys as Compose does.
 */
class DockerComposeSettingsTest {

    static final Path COMPOSE = Path.of("..", "docker", "docker-compose.yml");
    /** Read by the JVM or the OS, not by PEng4NN; allowed in any service. */
    static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "OMP_NUM_THREADS", "TZ");

    @Test
    void everySettingInTheComposeFileIsReal() throws IOException {
        Map<String, Object> compose;
        try (Reader in = Files.newBufferedReader(COMPOSE)) {
            compose = new Yaml().load(in);
        }

        List<String> problems = check(compose);

        assertThat(problems).as("docker/docker-compose.yml").isEmpty();
    }

    @Test
    void aWrongVariableOrFlagIsReported() {
        Map<String, Object> compose = new Yaml().load("""
                services:
                  kafka:
                    image: apache/kafka:3.0.0
                    environment: {KAFKA_NUM_PARTITONS: "6"}
                  predictor:
                    command: [predictor, --http-prot, "8090"]
                    environment: {PENG4NN_KAFKA_BOOTSTRAP_SERVER: "kafka:9092", PENG4NN_HTTP_HOTS: 0.0.0.0}
                  trainer:
                    command: [trainer]
                    environment: {PENG4NN_HTTP_PORT: "8090"}
                """);

        List<String> problems = check(compose);

        assertThat(String.join("\n", problems))
                .contains("kafka: image apache/kafka:3.0.0", "KAFKA_NUM_PARTITONS", "--http-prot",
                        "PENG4NN_KAFKA_BOOTSTRAP_SERVER", "PENG4NN_HTTP_HOTS", "trainer: PENG4NN_HTTP_PORT");
    }

    @SuppressWarnings("unchecked")
    static List<String> check(Map<String, Object> compose) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            Map<String, Object> env = environment(service.get("environment"));
            Object image = service.get("image");
            if (image != null && image.toString().startsWith("apache/kafka")) {
                checkBroker(name, image.toString(), env, problems);
                return;
            }
            List<String> command = ((List<Object>) service.getOrDefault("command", List.of())).stream()
                    .map(String::valueOf).toList();
            if (command.isEmpty()) {
                problems.add(name + ": no command; a PEng4NN service names its ./peng4nn command");
                return;
            }
            try {
                Peng4nn.commandLine().parseArgs(command.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                problems.add(name + ": command " + command + ": " + e.getMessage());
            }
            env.keySet().forEach(variable -> checkVariable(name, command.get(0), variable, problems));
        });
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Object environment) {
        if (environment == null) {
            return Map.of();
        }
        if (environment instanceof List<?> list) { // the "- KEY=VALUE" form
            Map<String, Object> map = new java.util.LinkedHashMap<>();
            list.forEach(entry -> map.put(entry.toString().split("=", 2)[0], entry));
            return map;
        }
        return (Map<String, Object>) environment;
    }

    private static void checkBroker(String name, String image, Map<String, Object> env, List<String> problems) {
        String wanted = "apache/kafka:" + AppInfoParser.getVersion();
        if (!image.equals(wanted)) {
            problems.add(name + ": image " + image + ", but the build's clients and embedded broker are " + wanted);
        }
        Set<String> brokerKeys = new HashSet<>(KafkaConfig.configDef().names());
        // The apache/kafka image turns KAFKA_FOO_BAR into foo.bar (and __ into _, ___ into -).
        env.keySet().stream().filter(variable -> variable.startsWith("KAFKA_")).forEach(variable -> {
            String key = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT)
                    .replace("___", "-").replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
            if (!brokerKeys.contains(key)) {
                problems.add(name + ": " + variable + " sets " + key + ", not a Kafka broker setting");
            }
        });
    }

    private static void checkVariable(String service, String command, String variable, List<String> problems) {
        if (RUNTIME_VARIABLES.contains(variable)) {
            return;
        }
        if (variable.startsWith(KafkaConnection.ENV_PREFIX)) {
            String key = variable.substring(KafkaConnection.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (!KAFKA_CLIENT_KEYS.contains(key)) {
                problems.add(service + ": " + variable + " sets " + key + ", not a Kafka client setting");
            }
        } else if (variable.startsWith(PredictorConfig.ENV_PREFIX) && command.equals("predictor")) {
            if (!PREDICTOR_VARIABLES.contains(variable)) {
                problems.add(service + ": " + variable + " is not a predictor setting (they are " + PREDICTOR_VARIABLES + ")");
            }
        } else {
            problems.add(service + ": " + variable + " is not read by ./peng4nn " + command);
        }
    }

    static final Set<String> KAFKA_CLIENT_KEYS = kafkaClientKeys();
    static final Set<String> PREDICTOR_VARIABLES = predictorVariables();

    private static Set<String> kafkaClientKeys() {
        Set<String> keys = new HashSet<>();
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        keys.addAll(StreamsConfig.configDef().names());
        return keys;
    }

    /** PENG4NN_<KEY> of every key in the predictor's defaults: the variables PredictorConfig.load maps to a setting. */
    private static Set<String> predictorVariables() {
        Properties defaults = new Properties();
        try (InputStream in = PredictorConfig.class.getResourceAsStream("predictor.properties")) {
            defaults.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> variables = new java.util.TreeSet<>();
        defaults.stringPropertyNames().forEach(key -> variables.add(PredictorConfig.envName(key)));
        return variables;
    }
}
