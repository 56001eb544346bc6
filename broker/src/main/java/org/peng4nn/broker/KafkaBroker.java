package org.peng4nn.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller roles) running in a child JVM.
 *
 * <p>A child JVM rather than an in-process server because Kafka's server brings its own threads, static state
 * and log4j2 configuration that should not mix with the application or test that uses it, and because a child
 * can be stopped for sure. The child is started from the Kafka jars on this JVM's class path (see
 * {@link BrokerProcess}); it stops when {@link #close()} is called, when this JVM exits (a shutdown hook), and
 * also when this JVM is killed, because it watches the end of its stdin pipe. No broker process outlives its
 * parent.
 *
 * <p>The child's class path is this JVM's {@code java.class.path} (under Surefire, the test class path), so
 * the application must have this module and its Kafka dependencies on the class path, not only in a class
 * loader of its own (as with {@code mvn exec:java}) or on the module path.
 *
 * <pre>{@code
 * try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
 *     props.put("bootstrap.servers", broker.bootstrapServers());
 *     ...
 * }
 * }</pre>
 */
public final class KafkaBroker implements KafkaEndpoint, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    /** The log4j2 configuration of the child, shipped in this module. */
    static final String LOG_CONFIG = "classpath:org/peng4nn/broker/broker-log4j2.xml";

    /** How long a clean shutdown may take before the child is killed. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Attempts when the free ports we picked were taken by someone else before the broker bound them. */
    private static final int PORT_ATTEMPTS = 3;

    private static final int LOG_TAIL_LINES = 40;

    private final BrokerOptions options;
    private final BrokerFiles files;
    private final Process process;
    private final OutputStream toChild;
    private final String bootstrapServers;
    private final long startupMillis;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(BrokerOptions options, BrokerFiles files, Process process, String bootstrapServers, long startupMillis) {
        this.options = options;
        this.files = files;
        this.process = process;
        this.toChild = process.getOutputStream();
        this.bootstrapServers = bootstrapServers;
        this.startupMillis = startupMillis;
        this.shutdownHook = new Thread(this::close, "kafka-broker-shutdown-" + process.pid());
    }

    /**
     * Starts a broker and returns once it accepts clients.
     *
     * @throws BrokerStartException if the child JVM cannot be launched, fails, or is not ready within
     *                              {@link BrokerOptions#startupTimeout()}; the message holds the end of its logs
     */
    public static KafkaBroker start(BrokerOptions options) {
        for (int attempt = 1; ; attempt++) {
            try {
                return launch(options);
            } catch (PortTakenException e) {
                if (options.port() != 0 || attempt == PORT_ATTEMPTS) {
                    throw new BrokerStartException(e.getMessage());
                }
                log.info("A port picked for the Kafka broker was taken meanwhile; retrying with other ports");
            }
        }
    }

    private static KafkaBroker launch(BrokerOptions options) {
        BrokerFiles files = directory(options).create();
        BrokerFiles.Cleanup cleanup = BrokerFiles.Cleanup.of(options);
        int[] ports = pickPorts(options.port());
        writeServerProperties(files, serverProperties(options, files, ports[0], ports[1]));
        if (options.sasl()) {
            files.writeScramUsers(options.scramUsers());
        }

        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command(options, files, cleanup))
                    .redirectError(ProcessBuilder.Redirect.appendTo(files.consoleLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new BrokerStartException("cannot launch the Kafka broker JVM: " + e.getMessage(), e);
        }

        CompletableFuture<String> ready = new CompletableFuture<>();
        readStdout(process, ready);
        String bootstrap;
        try {
            bootstrap = ready.get(options.startupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw failed(options, files, cleanup, process, e);
        }

        long millis = (System.nanoTime() - start) / 1_000_000;
        KafkaBroker broker = new KafkaBroker(options, files, process, bootstrap, millis);
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        log.info("Kafka broker ready at {} in {} ms (pid {}, log dir {})", bootstrap, millis, process.pid(), files.root());
        return broker;
    }

    /** Stops a child that did not get ready, cleans up and explains what its logs say. */
    private static RuntimeException failed(BrokerOptions options, BrokerFiles files, BrokerFiles.Cleanup cleanup,
                                           Process process, Exception cause) {
        if (cause instanceof ExecutionException) {
            // its stdout closed: the child is exiting on its own, let its exit status arrive
            waitQuietly(process, Duration.ofSeconds(5));
        }
        process.destroyForcibly();
        waitQuietly(process, Duration.ofSeconds(10));
        String tail = files.logTail(LOG_TAIL_LINES);
        String reason;
        if (cause instanceof TimeoutException) {
            reason = "was not ready within " + options.startupTimeout().toMillis() + " ms";
        } else if (cause instanceof InterruptedException) {
            reason = "start was interrupted";
        } else {
            reason = process.isAlive() ? "failed" : "exited with status " + process.exitValue();
        }
        deleteQuietly(files, cleanup);
        String where = cleanup == BrokerFiles.Cleanup.ALL ? "temporary log dir " + files.root() + ", now deleted" : "log dir " + files.root();
        String message = "Kafka broker " + reason + " (" + where + ")\n" + tail;
        return tail.contains("Address already in use") ? new PortTakenException(message) : new BrokerStartException(message, cause);
    }

    /** Forwards the child's stdout: completes {@code ready} with the bootstrap address of the READY line. */
    private static void readStdout(Process process, CompletableFuture<String> ready) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith(BrokerProcess.READY_PREFIX)) {
                        ready.complete(line.substring(BrokerProcess.READY_PREFIX.length()).strip());
                    } else {
                        log.debug("broker stdout: {}", line);
                    }
                }
            } catch (IOException e) {
                log.debug("reading the broker's stdout failed", e);
            }
            // keeps draining until the child exits, so it can never block on a full pipe
            ready.completeExceptionally(new IllegalStateException("the broker closed its stdout before it was ready"));
        }, "kafka-broker-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private static List<String> command(BrokerOptions options, BrokerFiles files, BrokerFiles.Cleanup cleanup) {
        String java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx" + options.maxHeap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + LOG_CONFIG);
        command.add("-D" + BrokerProcess.LOG_FILE_PROPERTY + "=" + files.brokerLog());
        // java.class.path is the application class path; under Surefire it is a manifest-only booter jar whose
        // Class-Path lists every test dependency, which a child JVM given the same jar resolves alike
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerProcess.class.getName());
        command.add(files.serverProperties().toString());
        command.add(cleanup.name());
        return command;
    }

    /** Broker settings for one node that is broker and controller at once, on the loopback interface. */
    private static Map<String, String> serverProperties(BrokerOptions options, BrokerFiles files, int port, int controllerPort) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        // a static voter set rather than a formatted dynamic quorum (--standalone): the controller port is part of
        // the configuration, not of the stored metadata, so a kept directory restarts on any new free port
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String transport = options.tls() ? "SSL" : "PLAINTEXT";
        String client = options.sasl() ? "SASL_" + transport : transport;
        config.put("listeners", client + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", client + "://127.0.0.1:" + port);
        config.put("listener.security.protocol.map", client + ":" + client + ",CONTROLLER:PLAINTEXT");
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", client);
        if (options.sasl()) {
            // the broker talks to itself on the client listener (transaction markers), so it is a SCRAM user too;
            // the controller listener stays PLAINTEXT on loopback
            config.put("sasl.enabled.mechanisms", BrokerFiles.SCRAM_MECHANISM);
            config.put("sasl.mechanism.inter.broker.protocol", BrokerFiles.SCRAM_MECHANISM);
            config.put("listener.name." + client.toLowerCase(Locale.ROOT) + ".scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + BrokerFiles.BROKER_USER + "\" password=\"" + files.brokerPassword() + "\";");
        }
        config.put("log.dirs", files.dataDir().toString());
        config.put("num.partitions", Integer.toString(options.partitions()));
        config.put("auto.create.topics.enable", Boolean.toString(options.autoCreateTopics()));
        // internal topics must fit on one node, or consumer groups and transactions (exactly_once_v2) never work
        config.put("offsets.topic.replication.factor", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        // one partition per internal topic instead of 50: created in a blink on first use, plenty for one node
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.num.partitions", "1");
        // tests and demos start a consumer group and want its assignment now, not 3 s later
        config.put("group.initial.rebalance.delay.ms", "0");
        // the log cleaner's 128 MiB default buffer would take a quarter of the small default heap
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        config.putAll(options.brokerConfig());
        return config;
    }

    private static void writeServerProperties(BrokerFiles files, Map<String, String> config) {
        try (Writer out = Files.newBufferedWriter(files.serverProperties(), StandardCharsets.UTF_8)) {
            out.write("# written by " + KafkaBroker.class.getName() + " at every start\n");
            for (Map.Entry<String, String> entry : config.entrySet()) {
                out.write(entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\") + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + files.serverProperties(), e);
        }
    }

    private static BrokerFiles directory(BrokerOptions options) {
        if (!options.temporary()) {
            return new BrokerFiles(options.logDir());
        }
        // under a build's target/ when there is one, so that `mvn clean` sweeps away what killed builds left
        Path target = Path.of("target");
        Path base = Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
        try {
            return new BrokerFiles(Files.createTempDirectory(base, "kafka-broker-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary broker directory in " + base.toAbsolutePath(), e);
        }
    }

    /** Free loopback ports for the client listener (unless fixed) and the controller. */
    private static int[] pickPorts(int fixedPort) {
        // both sockets stay open until both ports are known, so the two cannot be the same port
        try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket second = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = fixedPort != 0 ? fixedPort : first.getLocalPort();
            return new int[] {port, second.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free ports on the loopback interface", e);
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The broker directory: configuration, {@code broker.log}, and the Kafka data under {@code data/}. */
    public Path logDir() {
        return files.root();
    }

    /** Process id of the broker child JVM. */
    public long pid() {
        return process.pid();
    }

    /** Milliseconds from launching the child JVM to the broker accepting clients. */
    public long startupMillis() {
        return startupMillis;
    }

    public BrokerOptions options() {
        return options;
    }

    /** Whether the child JVM is running (false after {@link #close()} or if it died). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether {@link #close()} has been called (by the caller or by the JVM shutdown hook). */
    public boolean isClosed() {
        return closed.get();
    }

    /** The last lines of the broker's logs, for messages about a broker that died. */
    String logTail() {
        return files.logTail(LOG_TAIL_LINES);
    }

    /** Blocks until the child JVM exits and returns its exit status. */
    int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Stops the broker cleanly: closing the pipe makes the child shut Kafka down and exit; it is killed if that
     * takes longer than 30 s. Then the data is deleted as {@link BrokerOptions} say. Idempotent; an interrupt of
     * the calling thread does not cut the clean shutdown short (the interrupt status is kept).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the hook runs or ran: closing here as well is harmless
            }
        }
        long start = System.nanoTime();
        try {
            toChild.close();
        } catch (IOException e) {
            log.debug("closing the broker's stdin failed; the child is gone already", e);
        }
        if (!waitQuietly(process, SHUTDOWN_TIMEOUT)) {
            log.warn("Kafka broker (pid {}) did not stop within {} s; killing it", process.pid(), SHUTDOWN_TIMEOUT.toSeconds());
            process.destroyForcibly();
            waitQuietly(process, Duration.ofSeconds(10));
        }
        deleteQuietly(files, BrokerFiles.Cleanup.of(options));
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers, (System.nanoTime() - start) / 1_000_000);
    }

    /** Waits for the process to exit, through interrupts, which are re-asserted afterwards. */
    private static boolean waitQuietly(Process process, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteQuietly(BrokerFiles files, BrokerFiles.Cleanup cleanup) {
        try {
            cleanup.apply(files);
        } catch (IOException e) {
            log.warn("Could not delete broker files ({}) in {}", cleanup, files.root(), e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers + ", pid " + process.pid() + ", " + files.root() + "]";
    }

    /** The broker could not bind a port that was free a moment before; {@link #start} retries with new ones. */
    private static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException(String message) {
            super(message);
        }
    }
}
