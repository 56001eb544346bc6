package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.cli.ScriptedTrainer.Entry;
import org.peng4nn.cli.ScriptedTrainer.Step;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.search.Candidate;
import org.peng4nn.search.InputShape;
import org.peng4nn.search.SearchDriver;
import org.peng4nn.search.SearchListener;
import org.peng4nn.search.SearchOptions;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Issue 16, fault "a trainer killed mid-epoch": a search of {@value #MODELS} networks with the predictor and two
 * scripted trainers (publishing synthetic curves, see {@link ScriptedTrainer}), one of them a child JVM killed with SIGKILL in the middle of its job's third epoch. The search
 * driver's job lease notices the silence and publishes the job again as run 2, which the surviving trainer takes.
 * Every job then ends with exactly one ModelResult of its final run, no StopCommand is acted on twice, the epochs
 * of the final runs reconcile from trainer to topic to result, no network is MISSING, and the recovery time is
 * printed (one line per run, also appended to {@code target/trainer-killed-mid-epoch.txt}).
 *
 * <p>{@code -Dpeng4nn.lease.repetitions=N} runs the scenario N times on one broker, each in its own namespace.
 */
@WithKafkaBroker
class TrainerKilledMidEpochIT {

    private static final int MODELS = 4;
    private static final int MAX_EPOCHS = 12;
    private static final Duration EPOCH_PAUSE = Duration.ofMillis(300);
    private static final Duration LEASE = Duration.ofSeconds(4);
    /** Epochs the killed trainer publishes before it dies: fewer than any policy needs to decide a stop. */
    private static final int EPOCHS_BEFORE_KILL = 2;
    /** Epochs a trainer may publish after the predictor's stop, before it reads the command. */
    private static final int STOP_LAG = 2;
    private static final Path SUMMARY = Path.of("target", "trainer-killed-mid-epoch.txt");

    @TempDir
    Path work;

    @Test
    void aJobWhoseTrainerIsKilledMidEpochIsTrainedByAnotherAndEndsWithOneResult(KafkaEndpoint kafka) throws Exception {
        int repetitions = Integer.getInteger("peng4nn.lease.repetitions", 1);
        for (int rep = 0; rep < repetitions; rep++) {
            killAndRecover(kafka.bootstrapServers(), "it-lease" + rep + "-" + System.currentTimeMillis() % 100_000);
        }
    }

    private void killAndRecover(String bootstrap, String namespace) throws Exception {
        TopicCatalogue topics = TopicCatalogue.withPrefix(namespace + ".");
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(kafka)) {
            TopicAdmin.ensureTopics(admin, topics, Duration.ofSeconds(60));
        }
        String group = namespace + "-trainers";
        Path childJournal = work.resolve(namespace + "-child.log");
        List<Entry> journal = new CopyOnWriteArrayList<>();
        Map<String, Instant> reissued = new ConcurrentHashMap<>();
        Map<String, Instant> resultArrived = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        Process child = null;
        ScriptedTrainer survivor = null;
        try (PredictorApp predictor = PredictorApp.start(PredictorConfig.defaults()
                .with("bootstrap.servers", bootstrap).with("application.id", namespace + "-predictor")
                .with("topics.prefix", topics.prefix()).with("http.enabled", "false")
                // PENGUIN decides nothing before a run's sixth epoch, so the killed run (two epochs) cannot have been
                // decided. The scripted curves (by place in the search) give a run it stops (g0-m1, after about 6
                // epochs) and runs that train all 12 epochs (the zigzags g0-m0 and g0-m3): both ends are checked
                .with("predictor.policy", "penguin")
                .with("state.dir", work.resolve(namespace + "-state").toString()), work, Duration.ofSeconds(90))) {
            child = startChildTrainer(bootstrap, topics, group, childJournal);
            SearchOptions options = SearchOptions.builder(namespace, "synthetic", new InputShape(1, 28, 28, 10))
                    .random(MODELS).maxEpochs(MAX_EPOCHS).seed(7).generationTimeout(Duration.ofMinutes(3))
                    .jobLease(LEASE).build();
            Future<SearchReport> search = threads.submit(() -> new SearchDriver(kafka, topics, options)
                    .run(new SearchListener() {
                        @Override
                        public void jobReissued(Candidate candidate, int run, Duration silentFor) {
                            reissued.put(candidate.modelId() + "#" + run, Instant.now());
                        }

                        @Override
                        public void resultReceived(LeaderboardRow row) {
                            resultArrived.put(row.modelId(), Instant.now());
                        }
                    }));

            // the child takes the first job alone; then the survivor joins and takes the rest
            Process victim = child;
            ChildJvm.poll(Duration.ofSeconds(60), Duration.ofMillis(20),
                    () -> !entries(childJournal, Step.TAKEN).isEmpty() || !victim.isAlive());
            assertThat(child.isAlive()).as("child trainer (journal %s)", childJournal).isTrue();
            Entry taken = entries(childJournal, Step.TAKEN).get(0);
            String killedModel = taken.modelId();
            survivor = new ScriptedTrainer(bootstrap, topics, group, "survivor", EPOCH_PAUSE, journal::add);
            threads.submit(survivor);

            ChildJvm.poll(Duration.ofSeconds(30), Duration.ofMillis(20),
                    () -> entries(childJournal, Step.EPOCH).size() >= EPOCHS_BEFORE_KILL);
            child.destroyForcibly(); // SIGKILL, in the middle of the next epoch's sleep
            Instant killedAt = Instant.now();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            List<Entry> childEntries = entries(childJournal, null);

            SearchReport report = search.get(4, TimeUnit.MINUTES);
            survivor.close();

            // what is on the topics, read to their ends
            List<TrainingJob> jobs = readAll(kafka, topics.trainingJobs(), false);
            List<EpochMetric> epochs = readAll(kafka, topics.epochMetrics(), false);
            List<StopCommand> stops = readAll(kafka, topics.stopCommands(), true);
            List<ModelResult> results = readAll(kafka, topics.modelResults(), true);
            List<Entry> all = new ArrayList<>(childEntries);
            all.addAll(journal);

            // the killed run: taken by the child, never ended, published again as run 2 and trained by the survivor
            assertThat(childEntries).filteredOn(e -> e.modelId().equals(killedModel))
                    .extracting(Entry::step).containsExactly(Step.TAKEN, Step.EPOCH, Step.EPOCH);
            Map<String, Integer> finalRun = jobs.stream().collect(Collectors.toMap(TrainingJob::getModelId,
                    TrainingJob::getRun, Math::max));
            assertThat(finalRun).hasSize(MODELS);
            assertThat(finalRun).as("final runs").allSatisfy((model, run) ->
                    assertThat(run).isEqualTo(model.equals(killedModel) ? 2 : 1));
            assertThat(jobs).as("jobs published").hasSize(MODELS + 1);
            assertThat(reissued).containsOnlyKeys(killedModel + "#2");

            // every job: exactly one result, of its final run; none MISSING
            Map<String, List<ModelResult>> resultsByModel = results.stream()
                    .filter(r -> r.getSearchId().equals(namespace))
                    .collect(Collectors.groupingBy(ModelResult::getModelId));
            assertThat(resultsByModel).hasSize(MODELS);
            resultsByModel.forEach((model, list) -> assertThat(list).as("results of %s", model).singleElement()
                    .satisfies(r -> assertThat(r.getRun()).isEqualTo(finalRun.get(model))));
            assertThat(report.rows()).hasSize(MODELS).noneMatch(r -> r.status() == CandidateStatus.MISSING)
                    .allMatch(r -> r.status().ranked());

            // no StopCommand acted on twice: at most one command per run, and each acted on once, for that run
            Map<String, Long> commands = stops.stream().filter(s -> s.getSearchId().equals(namespace))
                    .collect(Collectors.groupingBy(s -> s.getModelId() + "#" + s.getRun(), Collectors.counting()));
            assertThat(commands.values()).as("stop commands per run").allMatch(n -> n == 1);
            Map<String, Long> acted = all.stream().filter(e -> e.step() == Step.STOP)
                    .collect(Collectors.groupingBy(e -> e.modelId() + "#" + e.run(), Collectors.counting()));
            assertThat(acted.values()).as("stops acted on per run").allMatch(n -> n == 1);
            assertThat(commands.keySet()).containsAll(acted.keySet());

            // the epochs of every final run reconcile: trainer journal = epochs topic, and the result counts them
            double epochsOfFinalResults = 0;
            for (String model : finalRun.keySet()) {
                int run = finalRun.get(model);
                long trained = all.stream().filter(e -> e.step() == Step.EPOCH && e.modelId().equals(model)
                        && e.run() == run).count();
                long onTopic = epochs.stream().filter(e -> e.getModelId().equals(model) && e.getRun() == run).count();
                assertThat(onTopic).as("epoch events of %s run %d on the topic", model, run).isEqualTo(trained);
                ModelResult result = resultsByModel.get(model).get(0);
                if (result.getStatus() == ResultStatus.COMPLETED) {
                    assertThat(result.getEpochsUsed()).isEqualTo(MAX_EPOCHS);
                    assertThat(trained).isEqualTo(MAX_EPOCHS);
                } else {
                    assertThat(result.getStatus()).isEqualTo(ResultStatus.STOPPED_EARLY);
                    assertThat(trained).as("epochs of %s run %d trained against used", model, run)
                            .isBetween((long) result.getEpochsUsed(), (long) result.getEpochsUsed() + STOP_LAG);
                    assertThat(acted).containsKey(model + "#" + run);
                }
                epochsOfFinalResults += result.getEpochsUsed();
            }
            // the scripted curves make both kinds of ending: a regression that never stops, or stops everything,
            // shows here
            assertThat(resultsByModel.values()).as("final results").flatExtracting(list -> list)
                    .extracting(ModelResult::getStatus).contains(ResultStatus.COMPLETED, ResultStatus.STOPPED_EARLY);
            assertThat(acted).as("stops acted on").isNotEmpty();
            // the killed run's epochs are on the topic but count nowhere in the search's books
            assertThat(epochs.stream().filter(e -> e.getModelId().equals(killedModel) && e.getRun() == 1).count())
                    .isEqualTo(EPOCHS_BEFORE_KILL);
            assertThat(report.epochsUsed()).isEqualTo(epochsOfFinalResults);

            Instant reissuedAt = reissued.get(killedModel + "#2");
            Instant firstEpoch = Instant.ofEpochMilli(journal.stream().filter(e -> e.step() == Step.EPOCH
                    && e.modelId().equals(killedModel) && e.run() == 2).findFirst().orElseThrow().atMillis());
            Instant result = resultArrived.get(killedModel);
            String line = String.format(Locale.ROOT, "%s killed %s run 1 after %d epochs; lease %ds; re-issued "
                            + "%.1f s after the kill, run 2's first epoch %.1f s, its result %.1f s after the kill; "
                            + "%d/%d results (1 per job, final run), 0 MISSING, %d stops acted once each, "
                            + "%.0f epochs used%n", Instant.now(), killedModel, EPOCHS_BEFORE_KILL, LEASE.toSeconds(),
                    seconds(killedAt, reissuedAt), seconds(killedAt, firstEpoch), seconds(killedAt, result),
                    resultsByModel.size(), MODELS, acted.size(), report.epochsUsed());
            System.out.print("trainer killed mid-epoch: " + line);
            Files.writeString(SUMMARY, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } finally {
            if (survivor != null) {
                survivor.close();
            }
            if (child != null) {
                child.destroyForcibly();
            }
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static Process startChildTrainer(String bootstrap, TopicCatalogue topics, String group, Path journal)
            throws IOException {
        return ChildJvm.start(ScriptedTrainer.class, List.of("-Xmx256m"), Map.of(), journal, false, List.of(bootstrap,
                topics.prefix(), group, "doomed", Long.toString(EPOCH_PAUSE.toMillis()))).process();
    }

    /** The child's journal so far, of one step (or all when {@code step} is null). */
    private static List<Entry> entries(Path journal, Step step) throws IOException {
        return ChildJvm.lines(journal).stream()
                .map(Entry::parse).filter(Objects::nonNull)
                .filter(e -> step == null || e.step() == step).toList();
    }

    /** Every value on the topic, from its beginning to its end now (committed records only, if asked). */
    private static <V> List<V> readAll(Properties kafka, Topic<String, V> topic, boolean committed) {
        Properties config = new Properties();
        config.putAll(kafka);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (committed) {
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = topic.consumer(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    Optional.ofNullable(record.value()).ifPresent(values::add);
                }
            }
        }
        return values;
    }

}
