package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.policy.Policies;
import org.junit.jupiter.api.io.TempDir;

class PredictorConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreExactlyOnceWithTheDefaultPolicy() {
        PredictorConfig config = PredictorConfig.defaults();
        Properties streams = config.streamsProperties(dir);
        assertThat(streams.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(streams.getProperty("application.id")).isEqualTo("peng4nn-predictor");
        assertThat(streams.getProperty("state.dir")).isEqualTo(dir.resolve(".peng4nn/streams").toString());
        assertThat(streams).doesNotContainKey("bootstrap.servers"); // empty: the embedded broker
        assertThat(streams.keySet()).noneMatch(k -> k.toString().startsWith("predictor."));
        assertThat(config.settings().policies().defaultPolicy().name()).isEqualTo(Policies.DEFAULT);
        assertThat(config.settings().idleTimeout()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void fileThenEnvironmentThenFlagsOverride() throws Exception {
        Path file = dir.resolve("predictor.properties");
        Files.writeString(file, """
                bootstrap.servers=kafka-1:9093
                security.protocol=SASL_SSL
                predictor.policy=penguin
                predictor.policy.threshold=0.25
                predictor.search.nas.v2.policy=ensemble
                predictor.search.nas.v2.policy.window=4
                http.port=9000
                """);
        PredictorConfig config = PredictorConfig.load(file, Map.of(
                "PENG4NN_HTTP_PORT", "9100",
                "PENG4NN_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
                "PATH", "/usr/bin"), Map.of("predictor.model.idle.timeout", "PT2H"));

        Properties streams = config.streamsProperties(dir);
        assertThat(streams.getProperty("bootstrap.servers")).isEqualTo("kafka-1:9093");
        assertThat(streams.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(streams.getProperty("sasl.jaas.config")).startsWith("org.apache.kafka");
        assertThat(config.httpPort()).hasValue(9100);
        assertThat(config.settings().idleTimeout()).isEqualTo(Duration.ofHours(2));
        SearchPolicies policies = config.settings().policies();
        assertThat(policies.defaultPolicy().toString()).contains("0.25");
        assertThat(policies.forSearch("nas.v2").name()).isEqualTo("ensemble");
        assertThat(policies.forSearch("nas.v2").toString()).contains("window=4");
        assertThat(policies.forSearch("other").name()).isEqualTo("penguin");
        assertThat(config.describe()).contains("sasl.jaas.config = ********").doesNotContain("PlainLoginModule");
    }

    @Test
    void everyKeyKafkaDeclaresAPasswordIsMaskedAndSoAreLookalikes() {
        Set<String> kafkaPasswords = new TreeSet<>();
        for (ConfigDef definition : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef(), StreamsConfig.configDef())) {
            definition.configKeys().forEach((key, declared) -> {
                if (declared.type == ConfigDef.Type.PASSWORD) {
                    kafkaPasswords.add(key);
                }
            });
        }
        // the one the name rule alone missed (Kafka 4.1+): a passphrase is neither a password, a secret nor a key
        assertThat(kafkaPasswords).contains("sasl.jaas.config", "ssl.keystore.password",
                "sasl.oauthbearer.assertion.private.key.passphrase");
        List<String> lookalikes = List.of("my.plugin.passphrase", "schema.registry.basic.auth.credentials.source.secret",
                "vault.Password", "custom.private.key");
        PredictorConfig config = PredictorConfig.defaults().with("ssl.keystore.location", "/etc/kafka/keys.p12");
        int n = 0;
        for (String key : concat(kafkaPasswords, lookalikes)) {
            config = config.with(key, "value-" + n++ + "-must-not-show");
        }

        String described = config.describe();
        assertThat(described).doesNotContain("-must-not-show").contains("ssl.keystore.location = /etc/kafka/keys.p12");
        for (String key : concat(kafkaPasswords, lookalikes)) {
            assertThat(PredictorConfig.isSecret(key)).as(key).isTrue();
            assertThat(described).contains(key + " = ********");
        }
        assertThat(PredictorConfig.isSecret(MANUAL_STOP_TOKEN_FILE_KEY)).as("a path, not the token").isFalse();
        assertThat(PredictorConfig.printable("sasl.jaas.config", "")).as("nothing set shows as nothing").isEmpty();
    }

    private static final String MANUAL_STOP_TOKEN_FILE_KEY = PredictorConfig.MANUAL_STOP_TOKEN_FILE;

    private static List<String> concat(Set<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aKnownKeyWithADashIsOverriddenByItsEnvironmentName() {
        PredictorConfig config = PredictorConfig.load(null, Map.of("PENG4NN_PREDICTOR_POLICY_C_MIN", "5"),
                Map.of("predictor.policy", "penguin", "predictor.policy.c-min", "3"));
        // flags win over the environment
        assertThat(config.get("predictor.policy.c-min")).isEqualTo("3");
        assertThat(PredictorConfig.envName("predictor.policy.c-min")).isEqualTo("PENG4NN_PREDICTOR_POLICY_C_MIN");
    }

    @Test
    void thePredictorsDefaultPolicyIsTheEnginesDefault() {
        assertThat(PredictorConfig.defaults().get("predictor.policy")).isEqualTo(Policies.DEFAULT);
        assertThat(PredictorConfig.defaults().settings().policies().defaultPolicy().name()).isEqualTo(Policies.DEFAULT);
    }

    @Test
    void aPolicyThatLearnsFromTheSearchRegroupsTheEventsBySearch() {
        assertThat(PredictorConfig.load(null, Map.of(), Map.of("predictor.policy", "population")).settings().policies()
                .needSearchOrder()).isTrue();
        assertThat(PredictorConfig.load(null, Map.of(), Map.of("predictor.policy", "penguin",
                "predictor.search.s1.policy", "population")).settings().policies().needSearchOrder()).isTrue();
        assertThat(PredictorConfig.load(null, Map.of(), Map.of("predictor.policy", "penguin")).settings().policies()
                .needSearchOrder()).isFalse();
    }

    @Test
    void durationKeysReadTheSameSyntaxAsTheFlags() throws Exception {
        Path file = dir.resolve("predictor.properties");
        Files.writeString(file, "predictor.model.idle.timeout=30m\n");
        PredictorConfig config = PredictorConfig.load(file, Map.of("PENG4NN_PREDICTOR_MODEL_EXPIRY_SCAN", "90s"),
                Map.of());
        assertThat(config.settings().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.settings().expiryScan()).isEqualTo(Duration.ofSeconds(90));
        // the ISO-8601 form of earlier files still reads
        assertThat(PredictorConfig.load(null, Map.of(), Map.of("predictor.model.idle.timeout", "PT24H")).settings()
                .idleTimeout()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void badValuesFailAtLoadNamingTheKey() {
        assertThatThrownBy(() -> PredictorConfig.load(null, Map.of(), Map.of("predictor.model.idle.timeout", "1 day")))
                .hasMessageContaining("predictor.model.idle.timeout").hasMessageContaining("'1 day' is not a duration");
        assertThatThrownBy(() -> PredictorConfig.load(null, Map.of(), Map.of("predictor.search.s1.policy", "magic")))
                .hasMessageContaining("search s1").hasMessageContaining("magic");
        assertThatThrownBy(() -> PredictorConfig.load(dir.resolve("missing.properties"), Map.of(), Map.of()))
                .hasMessageContaining("missing.properties");
    }
}
