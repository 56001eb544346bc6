package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        Process first = predictor(args);
        Process second = null;
        try {
            awaitRunning(first, 1);
            try (SearchUnderFault search = SearchUnderFault.start(bootstrap, TOPICS, "kill")) {
                search.awaitResults(RESULTS_BEFORE_FAULT, Duration.ofMinutes(1));
                int resultsBefore = search.resultCount();
                first.destroyForcibly(); // SIGKILL: no close, no commit, an open transaction left behind
                Instant killed = Instant.now();
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("killed predictor exits").isTrue();

                second = predictor(args);
                awaitRunning(second, 2);
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
    private static Process predictor(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx384m", "-cp", System.getProperty("java.class.path"), Peng4nn.class.getName()));
        command.addAll(args);
        Files.createDirectories(LOG.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile())).start();
    }

    /** Waits until the log says the {@code nth} instance runs (each instance prints the line once). */
    private static void awaitRunning(Process predictor, int nth) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (runningLines() < nth) {
            assertThat(predictor.isAlive()).as("predictor alive (log %s)", LOG).isTrue();
            assertThat(System.nanoTime()).as("predictor running within 2 min (log %s)", LOG).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static long runningLines() throws IOException {
        return Files.exists(LOG) ? Files.readString(LOG, StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("predictor running")).count() : 0;
    }

    private static void stop(Process predictor) throws InterruptedException {
        if (predictor != null && predictor.isAlive()) {
            predictor.destroy(); // SIGTERM: a clean close
            if (!predictor.waitFor(60, TimeUnit.SECONDS)) {
                predictor.destroyForcibly().waitFor();
            }
        }
    }
}
