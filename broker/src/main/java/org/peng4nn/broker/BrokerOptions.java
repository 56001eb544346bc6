package org.peng4nn.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to start a {@link KafkaBroker}.
 *
 * <p>Log directory and data lifetime:
 * <ul>
 *   <li>{@code logDir == null} (the default): a fresh temporary directory per broker, created under
 *       {@code ./target} when the working directory has one (a Maven build: {@code mvn clean} then also removes
 *       whatever a killed build left behind) and under {@code java.io.tmpdir} otherwise. With {@code keepData}
 *       false it is deleted when the broker stops, even when the parent JVM died.</li>
 *   <li>{@code logDir} given: the directory is used as is and never deleted. With {@code keepData} false only
 *       the Kafka data inside it ({@code data/}) is deleted on stop, so the broker logs stay readable; with
 *       {@code keepData} true the next broker on the same directory resumes the same cluster, topics and
 *       offsets. {@link #userDefaults()} is that setup under {@code ~/.peng4nn/broker}.</li>
 * </ul>
 *
 * <p>The directory holds {@code server.properties}, {@code broker.log} (Kafka's own log, rolled at 20 MB),
 * {@code broker-console.log} (the child JVM's stdout/stderr) and {@code data/} (the Kafka log and metadata).
 *
 * @param logDir           broker directory, or {@code null} for a fresh temporary one (see above)
 * @param keepData         keep the Kafka data when the broker stops (see above)
 * @param port             client port on 127.0.0.1, or 0 for any free port (the controller port is always free-picked)
 * @param startupTimeout   how long to wait for the broker to report ready
 * @param maxHeap          the child JVM's {@code -Xmx} value, e.g. {@code 512m}
 * @param partitions       {@code num.partitions}: partitions of auto-created topics
 * @param autoCreateTopics {@code auto.create.topics.enable}; on by default like a stock broker, so producers and
 *                         Kafka Streams applications work without creating their topics first
 * @param brokerConfig     further broker settings, applied last; the listener, role and directory settings that
 *                         the launcher owns are refused
 * @param scramUsers       empty: the client listener is PLAINTEXT; otherwise it is SASL_PLAINTEXT with SCRAM-SHA-256
 *                         (SSL and SASL_SSL with a key store in brokerConfig: see {@link #tls()})
 *                         and these users (name to password) exist from the start, created when the storage is
 *                         formatted (a kept directory keeps the users it was formatted with)
 */
public record BrokerOptions(
        Path logDir,
        boolean keepData,
        int port,
        Duration startupTimeout,
        String maxHeap,
        int partitions,
        boolean autoCreateTopics,
        Map<String, String> brokerConfig,
        Map<String, String> scramUsers) {

    /** Where {@link #userDefaults()} keeps its data: {@code ~/.peng4nn/broker}. */
    public static final Path USER_LOG_DIR = Path.of(System.getProperty("user.home"), ".peng4nn", "broker");

    /** Client port of {@link #userDefaults()}: Kafka's well-known port, so other tools find it without flags. */
    public static final int USER_PORT = 9092;

    private static final Pattern HEAP_SIZE = Pattern.compile("\\d+[kKmMgG]?");
    private static final Pattern SCRAM_TEXT = Pattern.compile("[A-Za-z0-9_.@-]+");

    /** Settings that define the listeners, roles and directories which the launcher and its READY protocol rely on. */
    private static final Set<String> LAUNCHER_OWNED = Set.of(
            "process.roles", "node.id", "listeners", "advertised.listeners", "listener.security.protocol.map",
            "controller.listener.names", "controller.quorum.voters", "controller.quorum.bootstrap.servers",
            "inter.broker.listener.name", "log.dirs", "log.dir", "metadata.log.dir");

    public BrokerOptions {
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(maxHeap, "maxHeap");
        Objects.requireNonNull(brokerConfig, "brokerConfig");
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535: " + port);
        }
        if (!HEAP_SIZE.matcher(maxHeap).matches()) {
            throw new IllegalArgumentException("maxHeap must look like 512m or 2g: " + maxHeap);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        }
        for (String key : brokerConfig.keySet()) {
            if (LAUNCHER_OWNED.contains(key)) {
                throw new IllegalArgumentException("broker setting " + key + " is set by the launcher and cannot be overridden");
            }
        }
        brokerConfig = Map.copyOf(brokerConfig);
        Objects.requireNonNull(scramUsers, "scramUsers");
        for (Map.Entry<String, String> user : scramUsers.entrySet()) {
            // the format tool's [name=...,password=...] syntax has no escapes
            if (!SCRAM_TEXT.matcher(user.getKey()).matches() || !SCRAM_TEXT.matcher(user.getValue()).matches()) {
                throw new IllegalArgumentException("SCRAM user " + user.getKey()
                        + ": names and passwords may hold letters, digits and -_.@ only");
            }
        }
        scramUsers = Map.copyOf(scramUsers);
    }

    /** A throw-away broker: temporary directory, any free port, 60 s startup timeout, 512 MiB heap, 1 partition. */
    public static BrokerOptions defaults() {
        return new BrokerOptions(null, false, 0, Duration.ofSeconds(60), "512m", 1, true, Map.of(), Map.of());
    }

    /** A broker whose data survives restarts in {@code dir}. */
    public static BrokerOptions persistent(Path dir) {
        return defaults().withLogDir(dir).withKeepData(true);
    }

    /** The broker a user starts from the command line: data kept in {@link #USER_LOG_DIR}, port {@value #USER_PORT}. */
    public static BrokerOptions userDefaults() {
        return persistent(USER_LOG_DIR).withPort(USER_PORT);
    }

    /** Whether the broker works in a temporary directory of its own. */
    public boolean temporary() {
        return logDir == null;
    }

    public BrokerOptions withLogDir(Path dir) {
        return new BrokerOptions(dir, keepData, port, startupTimeout, maxHeap, partitions, autoCreateTopics, brokerConfig, scramUsers);
    }

    public BrokerOptions withKeepData(boolean keep) {
        return new BrokerOptions(logDir, keep, port, startupTimeout, maxHeap, partitions, autoCreateTopics, brokerConfig, scramUsers);
    }

    public BrokerOptions withPort(int clientPort) {
        return new BrokerOptions(logDir, keepData, clientPort, startupTimeout, maxHeap, partitions, autoCreateTopics, brokerConfig, scramUsers);
    }

    public BrokerOptions withStartupTimeout(Duration timeout) {
        return new BrokerOptions(logDir, keepData, port, timeout, maxHeap, partitions, autoCreateTopics, brokerConfig, scramUsers);
    }

    public BrokerOptions withMaxHeap(String heap) {
        return new BrokerOptions(logDir, keepData, port, startupTimeout, heap, partitions, autoCreateTopics, brokerConfig, scramUsers);
    }

    public BrokerOptions withPartitions(int count) {
        return new BrokerOptions(logDir, keepData, port, startupTimeout, maxHeap, count, autoCreateTopics, brokerConfig, scramUsers);
    }

    public BrokerOptions withAutoCreateTopics(boolean enabled) {
        return new BrokerOptions(logDir, keepData, port, startupTimeout, maxHeap, partitions, enabled, brokerConfig, scramUsers);
    }

    /** Adds (or replaces) one broker setting, e.g. {@code withBrokerConfig("log.retention.ms", "60000")}. */
    public BrokerOptions withBrokerConfig(String key, String value) {
        Map<String, String> config = new HashMap<>(brokerConfig);
        config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return new BrokerOptions(logDir, keepData, port, startupTimeout, maxHeap, partitions, autoCreateTopics, config, scramUsers);
    }

    /**
     * Adds a SCRAM-SHA-256 user, which makes the client listener SASL_PLAINTEXT: clients then need
     * {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=SCRAM-SHA-256} and a {@code sasl.jaas.config}
     * naming a user of this broker.
     */
    public BrokerOptions withScramUser(String name, String password) {
        Map<String, String> users = new HashMap<>(scramUsers);
        users.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "password"));
        return new BrokerOptions(logDir, keepData, port, startupTimeout, maxHeap, partitions, autoCreateTopics,
                brokerConfig, users);
    }

    /**
     * Whether the client listener speaks TLS: when a key store is given with
     * {@code withBrokerConfig("ssl.keystore.location", ...)} (with {@code ssl.keystore.password} and, for client
     * certificates, {@code ssl.truststore.*} and {@code ssl.client.auth=required}). The listener is then SSL, or
     * SASL_SSL with SCRAM users; clients need {@code security.protocol} to match.
     */
    public boolean tls() {
        return brokerConfig.containsKey("ssl.keystore.location");
    }

    /** Whether clients must authenticate (SASL_PLAINTEXT with SCRAM-SHA-256). */
    public boolean sasl() {
        return !scramUsers.isEmpty();
    }
}
