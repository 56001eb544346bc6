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
        description = {"Consumes epoch events from <prefix>epochs, fits each model's learning curve, and publishes predictions, stop commands (<prefix>control) and results (<prefix>results); bad records go to <prefix>dlq. Serves GET /models, /models/{id}, /searches/{id}/leaderboard, /health and /metrics (Prometheus) over HTTP, on port 8090 when it is free, else on any free port (printed at start; --http-port to choose). Start more instances with the same application.id to share the work.",
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

    @Option(names = "--print-config", description = "Print the effective configuration (secrets masked) and exit.")
    boolean printConfig;

    /** Counted down by Ctrl-C; tests count it down themselves. */
    final CountDownLatch stopped = new CountDownLatch(1);

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
            try (PredictorApp app = PredictorApp.start(config, PredictorConfigLoader.home(), Duration.ofMinutes(2))) {
                Thread hook = new Thread(stopped::countDown, "predictor-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                System.err.printf("predictor running on %s%s; Ctrl-C stops it%n", connection.bootstrapServers(),
                        app.httpPort() > 0 ? ", HTTP API at http://" + config.httpHost() + ":" + app.httpPort() : "");
                stopped.await();
                removeHook(hook);
            }
        }
        return 0;
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
