package org.peng4nn.predictor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.predictor.http.HttpLimits;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The predictor's configuration from its one source: the documented defaults in
 * {@code predictor.properties} (next to this class), overridden by a user file, by {@code PENG4NN_*}
 * environment variables and by command-line flags, in that order. Keys outside {@code predictor.},
 * {@code topics.} and {@code http.} are Kafka Streams and client settings and pass through unchanged,
 * so SASL and SSL need nothing from us.
 */
public final class PredictorConfig {

    public static final String ENV_PREFIX = "PENG4NN_";
    /** The port of {@code http.port=auto} when it is free: not 8081, which Schema Registry usually holds. */
    public static final int AUTO_HTTP_PORT = 8090;
    /** The launcher's prefix for Kafka client settings, one for every command. */
    public static final String KAFKA_ENV_PREFIX = "PENG4NN_KAFKA_";
    private static final String DEFAULTS = "predictor.properties";
    private static final Pattern SEARCH_KEY = Pattern.compile("predictor\\.search\\.(.+?)\\.policy(?:\\.(.+))?");
    private static final String POLICY_KEY = "predictor.policy";
    /** The setting that enables manual stop; named in errors about its file. */
    public static final String MANUAL_STOP_TOKEN_FILE = "http.manual.stop.token.file";
    private static final Set<String> CLIENT_KEYS = clientKeys();

    private final Map<String, String> values;
    private final String source;

    private PredictorConfig(Map<String, String> values, String source) {
        this.values = values;
        this.source = source;
    }

    /** The built-in defaults alone. */
    public static PredictorConfig defaults() {
        return new PredictorConfig(readDefaults(), "defaults");
    }

    /**
     * Defaults, then {@code file} (may be null), then the {@code PENG4NN_*} entries of {@code env}, then
     * {@code overrides}.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public static PredictorConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = readDefaults();
        String source = "defaults";
        if (file != null) {
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": cannot read the configuration: " + e.getMessage(), e);
            }
            props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
            source = file.toString();
        }
        Map<String, String> byEnvName = new LinkedHashMap<>();
        values.keySet().forEach(k -> byEnvName.put(envName(k), k));
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && !foreignVariable(name)) {
                String key = byEnvName.getOrDefault(name,
                        name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
                values.put(key, value.trim());
            }
        });
        values.putAll(overrides);
        PredictorConfig config = new PredictorConfig(values, source);
        config.settings(); // fail now on a bad policy, setting or duration
        config.httpLimits();
        return config;
    }

    /**
     * {@code PENG4NN_*} variables that are not predictor settings: the launcher's Kafka client settings
     * ({@code PENG4NN_KAFKA_*}, which reach this configuration as overrides) and its JVM options.
     */
    private static boolean foreignVariable(String name) {
        return name.startsWith(KAFKA_ENV_PREFIX) || name.equals("PENG4NN_JAVA_OPTS");
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String get(String key) {
        return values.getOrDefault(key, "");
    }

    /** A copy with {@code key} set, for flags and tests. */
    public PredictorConfig with(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(values);
        next.put(key, value);
        return new PredictorConfig(next, source);
    }

    public String bootstrapServers() {
        return get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    public TopicCatalogue topics() {
        return TopicCatalogue.withPrefix(get("topics.prefix"));
    }

    public boolean createTopics() {
        return Boolean.parseBoolean(get("topics.create"));
    }

    public boolean httpEnabled() {
        return Boolean.parseBoolean(get("http.enabled"));
    }

    /** {@code http.max-request-bytes}, {@code http.rate-limit.per-second} and {@code http.rate-limit.burst}. */
    public HttpLimits httpLimits() {
        return new HttpLimits(longValue("http.max-request-bytes"), number("http.rate-limit.per-second"),
                integer("http.rate-limit.burst"));
    }

    public String httpHost() {
        return get("http.host");
    }

    /**
     * {@code http.port}: a port number (0: any free port), or empty for {@code auto}: {@value #AUTO_HTTP_PORT} when
     * that port is free, any free port otherwise (the same rule for the predictor and the demo).
     */
    public OptionalInt httpPort() {
        return get("http.port").equals("auto") ? OptionalInt.empty() : OptionalInt.of(integer("http.port"));
    }

    /** {@code http.dashboard.enabled}: whether the HTTP API serves the live dashboard. */
    public boolean dashboardEnabled() {
        return Boolean.parseBoolean(get("http.dashboard.enabled"));
    }

    /** {@code http.manual.stop.token.file}: the token file that enables manual stop, or null when it is off. */
    public Path manualStopTokenFile() {
        String file = get(MANUAL_STOP_TOKEN_FILE);
        return file.isBlank() ? null : Path.of(file);
    }

    /** What the topology needs: topics, the policy of each search, model expiry. */
    public PredictorSettings settings() {
        return new PredictorSettings(topics(), policies(), duration("predictor.model.idle.timeout"),
                duration("predictor.model.expiry.scan"));
    }

    /**
     * Kafka Streams properties: every pass-through key, plus the serdes the topology relies on.
     * {@code state.dir} defaults to {@code home/.peng4nn/streams}.
     */
    public Properties streamsProperties(Path home) {
        Properties props = new Properties();
        values.forEach((k, v) -> {
            if (!k.startsWith("predictor.") && !k.startsWith("topics.") && !k.startsWith("http.") && !v.isEmpty()) {
                props.put(k, v);
            }
        });
        props.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, home.resolve(".peng4nn").resolve("streams").toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        return props;
    }

    /**
     * The Kafka client settings among the pass-through keys (bootstrap, security, any producer, consumer or admin
     * setting), for the plain clients that work beside the Streams instance: topic admin, replay readers and writers.
     */
    public Properties clientProperties() {
        Properties props = new Properties();
        values.forEach((k, v) -> {
            if (!v.isEmpty() && (CLIENT_KEYS.contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")
                    || k.startsWith("security."))) {
                props.put(k, v);
            }
        });
        return props;
    }

    /** The effective configuration for the log, secrets masked. */
    public String describe() {
        StringBuilder out = new StringBuilder("configuration (" + source + " + environment + flags):");
        new TreeMap<>(values).forEach((k, v) -> out.append("\n  ").append(k).append(" = ")
                .append(printable(k, v)));
        return out.toString();
    }

    private SearchPolicies policies() {
        SearchPolicies policies = SearchPolicies.of(get(POLICY_KEY), settingsUnder(POLICY_KEY + "."));
        Map<String, String> searchPolicy = new TreeMap<>();
        values.forEach((k, v) -> {
            Matcher m = SEARCH_KEY.matcher(k);
            if (m.matches() && m.group(2) == null) {
                searchPolicy.put(m.group(1), v);
            }
        });
        for (Map.Entry<String, String> search : searchPolicy.entrySet()) {
            String prefix = "predictor.search." + search.getKey() + ".policy.";
            try {
                policies = policies.with(search.getKey(), Policies.byName(search.getValue(), settingsUnder(prefix)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("search " + search.getKey() + ": " + e.getMessage(), e);
            }
        }
        return policies;
    }

    private Map<String, String> settingsUnder(String prefix) {
        Map<String, String> settings = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && !k.substring(prefix.length()).contains(".")) {
                settings.put(k.substring(prefix.length()), v);
            }
        });
        return settings;
    }

    private Duration duration(String key) {
        try {
            return DurationSyntax.parse(get(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + get(key) + "' is not a whole number");
        }
    }

    private long longValue(String key) {
        try {
            return Long.parseLong(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + get(key) + "' is not a whole number");
        }
    }

    private double number(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + get(key) + "' is not a number");
        }
    }

    /**
     * Whether a setting's value must never be printed: every key Kafka itself declares a password (its clients' and
     * Streams' {@code ConfigDef.Type.PASSWORD} keys, {@code sasl.oauthbearer.assertion.private.key.passphrase}
     * among them), and by name anything that looks like one (a password, passphrase, secret, JAAS configuration,
     * key or credentials), for keys Kafka does not know (a plugin's, a typo's). The one rule for every place that
     * prints settings: {@link #describe()} and the launcher's Kafka settings.
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return KAFKA_PASSWORDS.contains(k) || k.contains("password") || k.contains("passphrase")
                || k.contains("jaas") || k.contains("secret") || k.endsWith(".key") || k.contains("credentials");
    }

    /** The value as it may be printed: masked when {@link #isSecret(String) secret} and not empty. */
    public static String printable(String key, String value) {
        return isSecret(key) && !value.isEmpty() ? "********" : value;
    }

    private static final Set<String> KAFKA_PASSWORDS = kafkaPasswords();

    private static Set<String> kafkaPasswords() {
        Set<String> keys = new HashSet<>();
        for (ConfigDef definition : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef(), StreamsConfig.configDef())) {
            definition.configKeys().forEach((key, declared) -> {
                if (declared.type == ConfigDef.Type.PASSWORD) {
                    keys.add(key.toLowerCase(Locale.ROOT));
                }
            });
        }
        return Set.copyOf(keys);
    }

    private static Set<String> clientKeys() {
        Set<String> keys = new HashSet<>(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        // per-client identities and serdes are each client's own business
        keys.removeAll(Set.of(CommonClientConfigs.CLIENT_ID_CONFIG, CommonClientConfigs.GROUP_ID_CONFIG,
                CommonClientConfigs.GROUP_INSTANCE_ID_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG));
        return Set.copyOf(keys);
    }

    private static Map<String, String> readDefaults() {
        Properties props = new Properties();
        try (InputStream in = PredictorConfig.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the class path");
            }
            props.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        return values;
    }
}
