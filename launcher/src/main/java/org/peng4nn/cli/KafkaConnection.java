package org.peng4nn.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import picocli.CommandLine.Option;

/**
 * The one door for Kafka client settings, the same in every command that talks to Kafka. Sources, lowest
 * precedence first: {@code PENG4NN_KAFKA_*} environment variables, {@code --kafka-config FILE}, {@code -k KEY=VALUE},
 * {@code --bootstrap-servers}.
 */
final class KafkaConnection {

    /** {@code PENG4NN_KAFKA_SASL_JAAS_CONFIG} sets {@code sasl.jaas.config}: Kafka's keys are dotted lower case. */
    static final String ENV_PREFIX = "PENG4NN_KAFKA_";

    /** Where commands that never start a broker look when no source names one: where './peng4nn broker' listens. */
    static final String DEFAULT_BOOTSTRAP = "localhost:" + BrokerOptions.USER_PORT;

    /** Stated in every Kafka command's --help. */
    static final String SOURCES = "Kafka client settings (bootstrap.servers, security.protocol, sasl.*, ssl.*, any "
            + "other) come from, lowest precedence first: PENG4NN_KAFKA_<KEY> environment variables (the key in upper "
            + "case, '.' as '_': PENG4NN_KAFKA_SASL_JAAS_CONFIG), --kafka-config FILE, -k KEY=VALUE, "
            + "--bootstrap-servers; they reach every producer, consumer, admin and Streams client of the command. "
            + "Secrets are masked wherever settings are printed.";

    /** When no source gives a bootstrap address: which commands start an embedded broker, and which kind. */
    enum Embedded {
        /** Connect to {@link #DEFAULT_BOOTSTRAP}: trainer, search, bridge run beside a broker, never start one. */
        NEVER,
        /** A throw-away broker on a free port for the command's lifetime: demo, replay --input. */
        TEMPORARY,
        /** The broker of './peng4nn broker' (~/.peng4nn/broker, port 9092), so other terminals can join: predictor. */
        PERSISTENT
    }

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use (bootstrap.servers; overrides every other source).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.jaas.config, ssl.*...).")
    Path configFile;

    @Option(names = {"-k", "--kafka"}, paramLabel = "KEY=VALUE",
            description = "A Kafka client setting, e.g. -k security.protocol=SASL_SSL; repeatable.")
    Map<String, String> flags = new LinkedHashMap<>();

    /** The process environment; tests give their own. */
    Map<String, String> environment = System.getenv();

    /** Every source merged, in the precedence of {@link #SOURCES}. */
    KafkaSettings settings() throws BadInputException {
        Map<String, String> values = new TreeMap<>();
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        value.strip());
            }
        });
        if (configFile != null) {
            values.putAll(read(configFile));
        }
        flags.forEach((k, v) -> values.put(k.strip(), v.strip()));
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            values.put(KafkaSettings.BOOTSTRAP_SERVERS, bootstrapServers.strip());
        }
        return KafkaSettings.of(values);
    }

    /**
     * The settings a command that never starts a broker uses: {@link #DEFAULT_BOOTSTRAP} when no source names one.
     */
    KafkaSettings settingsOrDefaultBroker() throws BadInputException {
        KafkaSettings settings = settings();
        return settings.bootstrapServers() != null ? settings
                : settings.with(KafkaSettings.BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP);
    }

    private static Map<String, String> read(Path file) throws BadInputException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("--kafka-config " + file + ": cannot read the Kafka client properties: " + e);
        }
        Map<String, String> values = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).strip()));
        return values;
    }

    /** A connection; the embedded broker, when one was started, stops when it is closed. */
    record Connection(String bootstrapServers, KafkaBroker embedded) implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * The cluster {@code bootstrapServers} names (the merged address of every source the command has, or null), or an
     * embedded broker of the given kind when none does.
     */
    static Connection connect(String bootstrapServers, Embedded embedded) {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return new Connection(bootstrapServers.strip(), null);
        }
        if (embedded == Embedded.NEVER) {
            return new Connection(DEFAULT_BOOTSTRAP, null);
        }
        BrokerOptions options = embedded == Embedded.PERSISTENT ? BrokerOptions.userDefaults() : BrokerOptions.defaults();
        System.err.println("starting the embedded Kafka broker (no bootstrap address from any source)...");
        KafkaBroker broker = KafkaBroker.start(options);
        System.err.println("embedded Kafka broker at " + broker.bootstrapServers());
        return new Connection(broker.bootstrapServers(), broker);
    }
}
