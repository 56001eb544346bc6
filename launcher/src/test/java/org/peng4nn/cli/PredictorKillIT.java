package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Issue 16 item 1, one fault: {@code ./peng4nn predictor} killed with SIGKILL in the middle of a running search
 * (trainers publishing and obeying stops, the search driver waiting for results) and started again at once on the
 * same state directory, as a supervisor would. Its exactly-once processing must hide the crash: every network gets
 * exactly one committed result, no stop is obeyed twice, every epoch event the trainers published is accounted for
 * ({@link SearchAudit}), and the search finishes with every network. Prints the recovery time for
 * docs/RELIABILITY.md.
 */
@WithKafkaBroker
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PredictorKillIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("kill.");
    private static final String APPLICATION_ID = "peng4nn-kill-it";
    /** Results the search has before the kill: the first generation is under way. */
    private static final int RESULTS_BEFORE_FAULT = 3;
    /** Both predictor processes append here, for a failed run. */
    private static final Path LOG = Path.of("target", "predictor-kill-it.log");

    @TempDir
    Path dir;

    @Test
    void aSearchOutlivesItsPredictorKilledAndRestartedOnTheSameStateDir(KafkaEndpoint kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        SearchUnderFault.createTopics(bootstrap, TOPICS);
        Files.deleteIfExists(LOG);
        List<String> args = SearchUnderFault.predictorArgs(bootstrap, TOPICS, dir.resolve("state"), APPLICATION_ID);
        long start = System.nanoTime();
        ChildJvm first = predictor(args);
        ChildJvm second = null;
        try {
            first.awaitPredictorRunning(1);
            try (SearchUnderFault search = SearchUnderFault.start(bootstrap, TOPICS, "kill")) {
                search.awaitResults(RESULTS_BEFORE_FAULT, Duration.ofMinutes(1));
                int resultsBefore = search.resultCount();
                first.process().destroyForcibly(); // SIGKILL: no close, no commit, an open transaction left behind
                Instant killed = Instant.now();
                assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("killed predictor exits").isTrue();

                second = predictor(args);
                second.awaitPredictorRunning(2); // the log is shared: the second instance's line is the second
                Instant running = Instant.now();

                SearchReport report = search.awaitEnd(Duration.ofMinutes(3));
                Instant resumed = search.firstResultAfter(running).orElseThrow(
                        () -> new AssertionError("no result after the predictor restarted (log " + LOG + ")"));
                Instant last = search.lastResult();
                search.close(); // the trainers flush and stop before their runs are audited
                assertThat(search.trainerFailures()).as("trainer failures").isEmpty();
                SearchAudit audit = SearchAudit.of(bootstrap, TOPICS, report, search.journal());
                System.out.printf("predictor kill: %d results before the kill, restarted instance running %d ms "
                                + "after the kill; first result %d ms and last %d ms after it was running; %s; "
                                + "test %.1f s%n", resultsBefore, SearchUnderFault.millis(killed, running),
                        SearchUnderFault.millis(running, resumed), SearchUnderFault.millis(running, last),
                        audit.summary(), (System.nanoTime() - start) / 1e9);
                assertThat(resultsBefore).as("results before the kill").isLessThan(SearchUnderFault.MODELS);
                audit.assertConsistent();
            }
        } finally {
            stop(first);
            stop(second);
        }
    }

    /** {@code ./peng4nn predictor} in a JVM of its own, appending to {@link #LOG}. */
    private static ChildJvm predictor(List<String> args) throws IOException {
        return ChildJvm.start(Peng4nn.class, List.of("-Xmx384m"), Map.of(), LOG, true, args);
    }

    private static void stop(ChildJvm predictor) throws InterruptedException {
        if (predictor != null) {
            predictor.stop(Duration.ofSeconds(60)); // SIGTERM: a clean close
        }
    }
}
