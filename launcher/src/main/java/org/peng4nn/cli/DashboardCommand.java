package org.peng4nn.cli;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.peng4nn.predictor.dashboard.DashboardServer;
import org.peng4nn.predictor.dashboard.ManualStop;
import org.peng4nn.topics.TopicCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./peng4nn dashboard}: the live dashboard on its own, a read-only consumer of the topics that runs beside a
 * predictor cluster (every predictor serves the same page at /dashboard too).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        header = "Serves the live dashboard: searches, leaderboards and learning curves as they happen.",
        description = {"Reads <prefix>epochs, <prefix>predictions, <prefix>control and <prefix>results from their "
                + "beginning (assigned partitions: no consumer group, no commits, nothing taken from a predictor) and "
                + "serves a page at http://HOST:PORT/dashboard: the searches; per search its leaderboard (observed and "
                + "predicted fitness with its interval, status and stop reason, epochs used of the budget) and totals "
                + "(epochs saved, and GPU-hours saved where trainers report epoch durations); each model's learning "
                + "curve with the predictions made along it and the predicted final. Updates reach the page as "
                + "server-sent events within a second. Chart code is served from the class path: the page works "
                + "offline.",
            "",
            "Read-only unless --manual-stop-token-file is given: then the page shows a stop button per training "
                + "model, and the page or './peng4nn stop' may stop a model (StopCommand, reason MANUAL, on "
                + "<prefix>control) when it presents the token in the file.",
            "",
            KafkaConnection.SOURCES},
        footer = {"", "Examples:", "  ./peng4nn dashboard                                  # beside ./peng4nn broker",
            "  ./peng4nn dashboard --bootstrap-servers kafka:9092 --port 8095",
            "  ./peng4nn dashboard --manual-stop-token-file ~/.peng4nn/stop-token"})
final class DashboardCommand implements Callable<Integer> {

    /** Not the predictor's 8090: the two run side by side on one machine. */
    static final int DEFAULT_PORT = 8095;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--topic-prefix", paramLabel = "PREFIX", defaultValue = TopicCatalogue.DEFAULT_PREFIX,
            description = "Prefix of the topic names. Default: ${DEFAULT-VALUE}.")
    String topicPrefix;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = DashboardServer.DEFAULT_HOST,
            description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only); any other address "
                    + "is logged as a warning, since whoever reaches the page sees every search.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "Port to listen on; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--manual-stop-token-file", paramLabel = "FILE",
            description = "Enables manual stop: requests must carry the token in FILE (header "
                    + ManualStop.TOKEN_HEADER + "). Without it the dashboard is read-only.")
    Path manualStopTokenFile;

    /** Counted down by Ctrl-C; tests count it down themselves. */
    final CountDownLatch stopped = new CountDownLatch(1);
    /** Counted down once the server is up; tests read {@link #url} then. */
    final CountDownLatch started = new CountDownLatch(1);
    volatile String url;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port " + port + ": expected 0..65535");
        }
        KafkaSettings settings = kafka.settingsOrDefaultBroker();
        Properties clients = settings.properties();
        TopicCatalogue topics = TopicCatalogue.withPrefix(topicPrefix);
        ManualStop manualStop = null;
        if (manualStopTokenFile != null) {
            try {
                manualStop = ManualStop.enable(manualStopTokenFile, "--manual-stop-token-file", topics.stopCommands(),
                        settings.properties());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }
        try (DashboardServer server = DashboardServer.start(clients, topics, host, port, manualStop)) {
            url = server.url();
            Thread hook = new Thread(stopped::countDown, "dashboard-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.printf("dashboard of %s* on %s at %s%s; Ctrl-C stops it%n", topicPrefix,
                    settings.bootstrapServers(), url, manualStop != null ? " (manual stop enabled)" : " (read-only)");
            started.countDown();
            stopped.await();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook ran already
            }
        }
        return 0;
    }
}
