package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.topics.TopicCatalogue;
import picocli.CommandLine;

/**
 * Issue 16 item 1, one fault: the broker stopped in the middle of a running search (search driver, predictor,
 * trainers all connected), cleanly or killed with SIGKILL (no shutdown: log recovery, open transactions left to the
 * coordinator), and started again {@value #OUTAGE_SECONDS} s later on the same port and the same log
 * directory. Nobody restarts the clients: they reconnect. Every network still gets exactly one result, no stop is
 * obeyed twice, and every epoch event the trainers published reaches the predictor exactly once
 * ({@link SearchAudit}). Prints the recovery time for docs/RELIABILITY.md.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BrokerRestartIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("restart.");
    private static final String APPLICATION_ID = "peng4nn-restart-it";
    private static final int OUTAGE_SECONDS = 10;
    /** Results the search has before the broker goes down: the first generation is under way. */
    private static final int RESULTS_BEFORE_FAULT = 3;

    @TempDir
    Path dir;
    private KafkaBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** How the broker goes down. */
    enum Outage {
        /** {@link KafkaBroker#close()}: Kafka shuts down cleanly. */
        CLOSED,
        /** SIGKILL, as a crashed machine or the OOM killer would: the restart recovers its logs. */
        KILLED
    }

    @ParameterizedTest(name = "broker {0}")
    @EnumSource(Outage.class)
    void aSearchOutlivesTheBrokerStoppedAndRestartedOnTheSamePortAndData(Outage outage) throws Exception {
        // the clients keep their bootstrap address across the restart: the broker must come back where it was
        // a broker has taken 42 s to start on the loaded 2-core machine: too close to the 60 s default
        BrokerOptions options = BrokerOptions.persistent(dir.resolve("broker")).withPort(freePort()).withPartitions(3)
                .withStartupTimeout(Duration.ofMinutes(2));
        broker = KafkaBroker.start(options);
        String bootstrap = broker.bootstrapServers();
        SearchUnderFault.createTopics(bootstrap, TOPICS);

        CommandLine predictorCli = Peng4nn.commandLine();
        List<String> args = SearchUnderFault.predictorArgs(bootstrap, TOPICS, dir.resolve("state"), APPLICATION_ID);
        CompletableFuture<Integer> predictor = CompletableFuture.supplyAsync(
                () -> predictorCli.execute(args.toArray(String[]::new)));
        SearchUnderFault.awaitStableGroup(bootstrap, APPLICATION_ID, Duration.ofSeconds(90));

        long start = System.nanoTime();
        SearchReport report;
        Instant down;
        Instant up;
        long stopMillis;
        long restartMillis;
        int resultsBefore;
        SearchAudit audit;
        try (SearchUnderFault search = SearchUnderFault.start(bootstrap, TOPICS, "restart")) {
            search.awaitResults(RESULTS_BEFORE_FAULT, Duration.ofMinutes(1));
            down = Instant.now();
            resultsBefore = search.resultCount();
            if (outage == Outage.KILLED) {
                ProcessHandle process = ProcessHandle.of(broker.pid()).orElseThrow();
                process.destroyForcibly();
                process.onExit().get(30, TimeUnit.SECONDS);
                assertThat(broker.isAlive()).as("killed broker").isFalse();
            }
            broker.close(); // after a kill: only the pipes and the shutdown hook, the data is kept either way
            stopMillis = SearchUnderFault.millis(down, Instant.now());
            Thread.sleep(Duration.ofSeconds(OUTAGE_SECONDS).toMillis());
            Instant restarting = Instant.now();
            broker = KafkaBroker.start(options);
            up = Instant.now();
            restartMillis = SearchUnderFault.millis(restarting, up);
            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);

            report = search.awaitEnd(Duration.ofMinutes(3));
            Instant resumed = search.firstResultAfter(up).orElseThrow(
                    () -> new AssertionError("no result after the broker came back"));
            Instant last = search.lastResult();
            search.close(); // the trainers flush and stop before their runs are audited
            assertThat(search.trainerFailures()).as("trainer failures").isEmpty();
            audit = SearchAudit.of(bootstrap, TOPICS, report, search.journal());
            System.out.printf("broker restart (%s): %d results before the stop, broker stopped in %d ms, down %d s, "
                            + "restarted in %d ms; first result %d ms and last %d ms after it was back; %s; "
                            + "test %.1f s%n", outage.name().toLowerCase(Locale.ROOT), resultsBefore, stopMillis,
                    OUTAGE_SECONDS, restartMillis,
                    SearchUnderFault.millis(up, resumed), SearchUnderFault.millis(up, last), audit.summary(),
                    (System.nanoTime() - start) / 1e9);
        } finally {
            ((PredictorCommand) predictorCli.getSubcommands().get("predictor").getCommand()).stopped.countDown();
        }
        assertThat(predictor.get(1, TimeUnit.MINUTES)).isZero();
        assertThat(resultsBefore).as("results before the stop").isLessThan(SearchUnderFault.MODELS);
        audit.assertConsistent();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
