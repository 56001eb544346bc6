package org.peng4nn.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.peng4nn.search.InputShape;
import org.peng4nn.search.SearchDriver;
import org.peng4nn.search.SearchListener;
import org.peng4nn.search.SearchOptions;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/**
 * A small architecture search running end to end for fault tests (issue 16 item 1): the real {@link SearchDriver}
 * (NSGA-II, {@value #POPULATION} networks for {@value #GENERATIONS} generations, {@value #MAX_EPOCHS} epochs each),
 * {@value #TRAINERS} {@link ScriptedTrainer}s (threads sharing one consumer group, as workers do) and whichever
 * predictor the test runs on the same topics. The test injects its fault while the search runs, then
 * {@link SearchAudit} checks what every component did.
 *
 * <pre>{@code
 * try (SearchUnderFault search = SearchUnderFault.start(bootstrap, topics, "s1")) {
 *     search.awaitResults(4, Duration.ofMinutes(1));
 *     // fault here
 *     SearchReport report = search.awaitEnd(Duration.ofMinutes(2));
 *     SearchAudit.of(bootstrap, topics, report, search.journal()).assertConsistent();
 * }
 * }</pre>
 */
final class SearchUnderFault implements AutoCloseable {

    static final int POPULATION = 6;
    static final int GENERATIONS = 3;
    static final int MODELS = POPULATION * GENERATIONS;
    static final int MAX_EPOCHS = 20;
    static final int TRAINERS = 3;
    static final Duration EPOCH_PAUSE = Duration.ofMillis(150);
    /** Long enough that a search that recovers never reports a network MISSING, short enough to end a broken test. */
    static final Duration GENERATION_TIMEOUT = Duration.ofMinutes(2);
    /** The broker's minimum (group.min.session.timeout.ms): a killed predictor's partitions move on after this. */
    static final int SESSION_TIMEOUT_MS = 6_000;

    /** The trainers' consumer group. */
    private static final String TRAINER_GROUP = "scripted-trainers";

    private final List<ScriptedTrainer> trainers = new ArrayList<>();
    private final List<Thread> trainerThreads = new ArrayList<>();
    private final List<ScriptedTrainer.Entry> journal = new CopyOnWriteArrayList<>();
    private final Map<String, Throwable> trainerFailures = new ConcurrentHashMap<>();
    private final CompletableFuture<SearchReport> report;
    private final List<Instant> resultTimes = new CopyOnWriteArrayList<>();

    private SearchUnderFault(String bootstrapServers, TopicCatalogue topics, String searchId) {
        for (int t = 0; t < TRAINERS; t++) {
            String trainerId = "scripted-" + t;
            ScriptedTrainer trainer = new ScriptedTrainer(bootstrapServers, topics, TRAINER_GROUP, trainerId,
                    EPOCH_PAUSE, journal::add);
            trainers.add(trainer);
            trainerThreads.add(new Thread(() -> {
                try {
                    trainer.run();
                } catch (RuntimeException | Error e) {
                    // kept for the test to assert on: an exception on this thread would otherwise go unnoticed
                    trainerFailures.put(trainerId, e);
                }
            }, trainerId));
        }
        trainerThreads.forEach(Thread::start);
        SearchOptions options = SearchOptions.builder(searchId, "synthetic", InputShape.ofDataset("synthetic")
                        .orElseThrow()).nsga2(POPULATION, GENERATIONS).maxEpochs(MAX_EPOCHS).seed(16)
                .generationTimeout(GENERATION_TIMEOUT).build();
        SearchDriver driver = new SearchDriver(kafka(bootstrapServers), topics, options);
        SearchListener listener = new SearchListener() {
            @Override
            public void resultReceived(LeaderboardRow row) {
                resultTimes.add(Instant.now());
            }
        };
        this.report = CompletableFuture.supplyAsync(() -> driver.run(listener));
    }

    /** Starts the trainers and the search; the topics must exist and the predictor should be running. */
    static SearchUnderFault start(String bootstrapServers, TopicCatalogue topics, String searchId) {
        return new SearchUnderFault(bootstrapServers, topics, searchId);
    }

    /** Creates the catalogue's topics, as the search would, so that a predictor can start before the search. */
    static void createTopics(String bootstrapServers, TopicCatalogue topics) {
        try (Admin admin = Admin.create(kafka(bootstrapServers))) {
            TopicAdmin.ensureTopics(admin, topics);
        }
    }

    /**
     * The arguments of {@code ./peng4nn predictor} for these tests: the PEng4NN policy (decisions per model, so a
     * replay after a crash decides alike), a session timeout at the broker's minimum so that a lost member's
     * partitions move within seconds, and its own state directory and application id.
     */
    static List<String> predictorArgs(String bootstrapServers, TopicCatalogue topics, Path stateDir,
            String applicationId) {
        return List.of("predictor", "--policy", "penguin", "--topic-prefix", topics.prefix(), "--http-port", "0",
                "--bootstrap-servers", bootstrapServers, "--state-dir", stateDir.toString(),
                "-k", "application.id=" + applicationId, "-k", "session.timeout.ms=" + SESSION_TIMEOUT_MS,
                "-k", "heartbeat.interval.ms=1000");
    }

    /** Waits until the predictor's consumer group is stable with a member: it holds its partitions. */
    static void awaitStableGroup(String bootstrapServers, String group, Duration limit) throws InterruptedException {
        try (Admin admin = Admin.create(kafka(bootstrapServers))) {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    if (d.groupState() == GroupState.STABLE && !d.members().isEmpty()) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // GroupIdNotFoundException until the predictor's consumer first joins
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the predictor did not join group " + group + " within " + limit);
    }

    /** Waits until the search has received {@code count} results: the point a test injects its fault at. */
    void awaitResults(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (resultTimes.size() < count) {
            if (report.isDone()) {
                throw new AssertionError("the search ended after " + resultTimes.size() + " results: " + report.join());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + resultTimes.size() + " results after " + limit
                        + "; trainer failures: " + trainerFailures);
            }
            Thread.sleep(50);
        }
    }

    /** Results received so far. */
    int resultCount() {
        return resultTimes.size();
    }

    /** The search's report, once it has ended. */
    SearchReport awaitEnd(Duration limit) throws Exception {
        return report.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** When the first result after {@code since} arrived at the search: its progress resumed. */
    Optional<Instant> firstResultAfter(Instant since) {
        return resultTimes.stream().filter(t -> t.isAfter(since)).findFirst();
    }

    /** When the search's last result arrived. */
    Instant lastResult() {
        return resultTimes.get(resultTimes.size() - 1);
    }

    /** The trainers' journals, interleaved in the order written; complete once the search is closed. */
    List<ScriptedTrainer.Entry> journal() {
        return List.copyOf(journal);
    }

    /** Errors that ended a trainer, by trainer id: none expected. Complete once the search is closed. */
    Map<String, Throwable> trainerFailures() {
        return Map.copyOf(trainerFailures);
    }

    static Properties kafka(String bootstrapServers) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    @Override
    public void close() throws InterruptedException {
        trainers.forEach(ScriptedTrainer::close);
        for (Thread thread : trainerThreads) {
            // a trainer ends within an epoch or a poll, having flushed and closed its reporter
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        report.cancel(true);
    }

    /** Settings of the Kafka clients a test builds itself, for its checks. */
    static Map<String, Object> readCommitted(String bootstrapServers) {
        return Map.of("bootstrap.servers", bootstrapServers, "isolation.level", "read_committed",
                "auto.offset.reset", "earliest", "enable.auto.commit", "false");
    }
}
