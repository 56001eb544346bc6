package org.peng4nn.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.predictor.PredictorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn predictor}: one instance of the streaming predictor, until Ctrl-C. */
@Command(name = "predictor", mixinStandardHelpOptions = true,
        header = "Runs the streaming predictor (Kafka Streams) until Ctrl-C.",
        description = {"Consumes epoch events from <prefix>epochs, fits each model's learning curve, and publishes predictions, stop commands (<prefix>control) and results (<prefix>results); bad records go to <prefix>dlq. Serves the live dashboard (/dashboard) and GET /models, /models/{id}, /searches/{id}/leaderboard, /health and /metrics (Prometheus) over HTTP, on port 8090 when it is free, else on any free port (printed at start; --http-port to choose). Start more instances with the same application.id to share the work; on one machine give each its own --state-dir.",
            "",
            "Configuration: the documented defaults (run with --print-config to see them), then --config FILE, then PENG4NN_* environment variables (PENG4NN_ + key in upper case, '.' and '-' as '_'), then the Kafka client settings below, then the flags. Keys other than predictor.*, topics.* and http.* go to Kafka Streams and its clients unchanged (num.standby.replicas, security.protocol, sasl.*, ssl.*...).",
            "",
            KafkaConnection.SOURCES,
            "",
            "Embedded broker: when no source (--config and PENG4NN_BOOTSTRAP_SERVERS included) gives bootstrap.servers, the predictor starts the embedded broker of './peng4nn broker' (~/.peng4nn/broker, localhost:9092)."})
final class PredictorCommand implements Callable<Integer> {

    @Mixin
    KafkaConnection kafka;

    @Mixin
    PredictorPolicyOptions policy;

    @Option(names = "--config", paramLabel = "FILE", description = "Predictor properties file over the defaults.")
    Path configFile;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", description = "Prefix of the topic names (topics.prefix).")
    String topicPrefix;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP API port (http.port); 0 picks a free one.")
    Integer httpPort;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Kafka Streams state directory (state.dir); one per instance on a machine. Default: ~/.peng4nn/streams.")
    Path stateDir;

    @Option(names = "--manual-stop-token-file", paramLabel = "FILE",
            description = "Enables manual stop from the dashboard and './peng4nn stop' for requests that carry the "
                    + "token in FILE (" + PredictorConfig.MANUAL_STOP_TOKEN_FILE + "; off by default).")
    Path manualStopTokenFile;

    @Option(names = "--print-config", description = "Print the effective configuration (secrets masked) and exit.")
    boolean printConfig;

    /**
     * How long Ctrl-C or SIGTERM holds the JVM for the instance to close: Kafka Streams' own close is bounded at
     * 30 s, and an instance that closes writes its .checkpoint files, so the restart need not restore its state.
     */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(45);

    /** Counted down by Ctrl-C; tests count it down themselves. */
    final CountDownLatch stopped = new CountDownLatch(1);
    /** Counted down once the instance and its connection are closed (or failed to start). */
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PredictorConfig config = config();
        if (printConfig) {
            System.out.println(config.describe());
            return 0;
        }
        try (KafkaConnection.Connection connection = KafkaConnection.connect(config.bootstrapServers(),
                KafkaConnection.Embedded.PERSISTENT)) {
            config = config.with("bootstrap.servers", connection.bootstrapServers());
            System.err.println(config.describe());
            try (PredictorApp app = start(config)) {
                // the JVM exits once its hooks return: this one holds it until the app below has closed
                Thread hook = new Thread(() -> {
                    stopped.countDown();
                    awaitClosed();
                }, "predictor-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                // one println, one write: printf writes each piece on its own, and a reader of the log saw half a line
                System.err.println("predictor running on " + connection.bootstrapServers()
                        + (app.httpPort() > 0 ? ", HTTP API at http://" + config.httpHost() + ":" + app.httpPort() : "")
                        + "; Ctrl-C stops it");
                stopped.await();
                removeHook(hook);
            }
        } finally {
            closed.countDown();
        }
        return 0;
    }

    private static PredictorApp start(PredictorConfig config) throws Exception {
        try {
            return PredictorApp.start(config, PredictorConfigLoader.home(), Duration.ofMinutes(2));
        } catch (PredictorApp.StateDirectoryInUseException e) {
            throw new BadInputException("state directory " + e.stateDir() + " is locked by another predictor on "
                    + "this machine; give this instance its own with --state-dir DIR");
        } catch (IllegalArgumentException e) {
            // a setting the instance could not use (the manual stop token file...): the message names it
            throw new BadInputException(e.getMessage());
        }
    }

    private void awaitClosed() {
        try {
            if (!closed.await(SHUTDOWN_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("predictor not closed after " + SHUTDOWN_WAIT.toSeconds() + " s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The one configuration every client of the instance (Streams, its topic admin) is built from. */
    PredictorConfig config() throws BadInputException {
        Map<String, String> overrides = new LinkedHashMap<>(kafka.settings().values());
        overrides.putAll(policy.overrides());
        if (topicPrefix != null) {
            overrides.put("topics.prefix", topicPrefix);
        }
        if (httpPort != null) {
            overrides.put("http.port", httpPort.toString());
        }
        if (stateDir != null) {
            overrides.put("state.dir", stateDir.toAbsolutePath().toString());
        }
        if (manualStopTokenFile != null) {
            overrides.put(PredictorConfig.MANUAL_STOP_TOKEN_FILE, manualStopTokenFile.toAbsolutePath().toString());
        }
        return PredictorConfigLoader.load(configFile, kafka.environment, overrides);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook ran already
        }
    }
}
