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
        description = {"Consumes epoch events from <prefix>epochs, fits each model's learning curve, and publishes predictions, stop commands (<prefix>control) and results (<prefix>results); bad records go to <prefix>dlq. Serves GET /models, /models/{id}, /searches/{id}/leaderboard, /health and /metrics (Prometheus) over HTTP. Start more instances with the same application.id to share the work.",
            "",
            "Configuration: the documented defaults (run with --print-config to see them), then --config FILE, then PENG4NN_* environment variables (PENG4NN_ + key in upper case, '.' and '-' as '_'), then the flags below. Keys other than predictor.*, topics.* and http.* go to Kafka Streams and its clients unchanged (security.protocol, sasl.*, ssl.*...)."})
final class PredictorCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file over the defaults.")
    Path configFile;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any configuration key, e.g. -s predictor.policy=penguin -s num.standby.replicas=1.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--policy", paramLabel = "NAME", description = "Stopping policy of every search (predictor.policy).")
    String policy;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP API port (http.port); 0 picks a free one.")
    Integer httpPort;

    @Option(names = "--print-config", description = "Print the effective configuration and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws Exception {
        PredictorConfig config = load(configFile, settings, policy, httpPort, kafka.bootstrapServers);
        if (printConfig) {
            System.out.println(config.describe());
            return 0;
        }
        try (KafkaOptions.Connection connection = kafka.connect(true)) {
            config = config.with("bootstrap.servers", connection.bootstrapServers());
            System.err.println(config.describe());
            CountDownLatch stopped = new CountDownLatch(1);
            try (PredictorApp app = PredictorApp.start(config, home(), Duration.ofMinutes(2))) {
                Thread hook = new Thread(stopped::countDown, "predictor-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                System.err.printf("predictor running on %s%s; Ctrl-C stops it%n", connection.bootstrapServers(),
                        app.httpPort() > 0 ? ", HTTP API at http://" + config.httpHost() + ":" + app.httpPort() : "");
                stopped.await();
            }
        }
        return 0;
    }

    /** Defaults, file, environment, then flags; a bad key or value is the user's to fix. */
    static PredictorConfig load(Path file, Map<String, String> settings, String policy, Integer httpPort,
            String bootstrapServers) throws BadInputException {
        Map<String, String> flags = new LinkedHashMap<>(settings);
        if (policy != null) {
            flags.put("predictor.policy", policy);
        }
        if (httpPort != null) {
            flags.put("http.port", httpPort.toString());
        }
        if (bootstrapServers != null) {
            flags.put("bootstrap.servers", bootstrapServers);
        }
        try {
            return PredictorConfig.load(file, System.getenv(), flags);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
