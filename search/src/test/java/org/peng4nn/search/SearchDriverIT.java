package org.peng4nn.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.architecture.ConvBlock;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.search.space.SearchSpace;
import org.peng4nn.search.strategy.Nsga2;
import org.peng4nn.search.strategy.Objectives;
import org.peng4nn.search.strategy.Scored;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The driver against a real broker, with the test playing trainers and predictor: it consumes the jobs and
 * answers each with a ModelResult whose fitness is a function of the architecture, among undecodable
 * records, other searches' results and duplicates.
 */
@WithKafkaBroker
class SearchDriverIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-search.");
    private static final InputShape SHAPE = new InputShape(1, 28, 28, 10);

    private static Properties kafka;
    private static FakeTrainers trainers;

    @BeforeAll
    static void start(KafkaEndpoint endpoint) {
        kafka = new Properties();
        kafka.put("bootstrap.servers", endpoint.bootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            TopicAdmin.ensureTopics(admin, TOPICS);
        }
        trainers = new FakeTrainers();
        trainers.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        trainers.close();
    }

    /** Higher for more blocks and channels: a plausible fitness that trades off against parameter count. */
    static double fitness(Architecture architecture) {
        double channels = architecture.blocks().stream().mapToInt(ConvBlock::channels).sum();
        return Math.min(99, 30 + 8 * architecture.blocks().size() + 3 * Math.log(channels) / Math.log(2)
                + (architecture.denseUnits() > 0 ? 2 : 0));
    }

    @Test
    void randomSearchPublishesEveryJobOnceAndRanksEveryResultOnceByItsFitness() {
        SearchOptions options = SearchOptions.builder("rs", "fashion-mnist", SHAPE).random(6).maxEpochs(20).seed(3)
                .hyperParameters(Map.of("learning_rate", "0.002")).lrMilestones(LrMilestones.of(15, 10))
                .generationTimeout(Duration.ofSeconds(4)).build();
        List<LeaderboardRow> arrived = new CopyOnWriteArrayList<>();
        SearchReport report = new SearchDriver(kafka, TOPICS, options).run(new SearchListener() {
            @Override
            public void resultReceived(LeaderboardRow row) {
                arrived.add(row);
            }
        });

        List<TrainingJob> jobs = trainers.jobsOf("rs");
        assertThat(jobs).hasSize(6).allSatisfy(job -> {
            assertThat(job.getRun()).isEqualTo(1);
            assertThat(job.getDataset()).isEqualTo("fashion-mnist");
            assertThat(job.getMaxEpochs()).isEqualTo(20);
            assertThat(job.getHyperParameters()).containsEntry("learning_rate", "0.002");
            assertThat(job.getLrMilestones()).containsExactly(10.0, 15.0);
        });
        assertThat(jobs).extracting(TrainingJob::getModelId)
                .containsExactlyInAnyOrder("rs-g0-m0", "rs-g0-m1", "rs-g0-m2", "rs-g0-m3", "rs-g0-m4", "rs-g0-m5");
        assertThat(jobs).extracting(TrainingJob::getArchitecture).doesNotHaveDuplicates();
        // the strategy's own proposals, decoded, are what was sent
        List<String> expected = options.newStrategy().nextGeneration(List.of()).stream()
                .map(g -> SearchSpace.defaults().decode(g).toString()).toList();
        assertThat(jobs).extracting(TrainingJob::getArchitecture).containsExactlyInAnyOrderElementsOf(expected);

        assertThat(report.rows()).hasSize(6).extracting(LeaderboardRow::modelId).doesNotHaveDuplicates();
        assertThat(arrived).hasSize(5); // m3 never answered
        LeaderboardRow missing = rowOf(report, "rs-g0-m3");
        assertThat(missing.status()).isEqualTo(CandidateStatus.MISSING);
        assertThat(missing.failureMessage()).contains("no result within PT4S");
        LeaderboardRow failed = rowOf(report, "rs-g0-m4");
        assertThat(failed.status()).isEqualTo(CandidateStatus.FAILED);
        assertThat(failed.failureMessage()).isEqualTo("out of memory");
        // the first result of m1 counts, not the duplicate that followed it
        assertThat(rowOf(report, "rs-g0-m1").fitness()).isEqualTo(fitness(Architecture.parse(rowOf(report, "rs-g0-m1")
                .architecture())));

        List<LeaderboardRow> ranked = report.rows().stream().filter(r -> r.status().ranked()).toList();
        assertThat(ranked).hasSize(4);
        assertThat(ranked).allSatisfy(r -> assertThat(r.fitness()).isEqualTo(fitness(Architecture.parse(r.architecture()))));
        assertThat(ranked).extracting(LeaderboardRow::fitness).isSortedAccordingTo(Collections.reverseOrder());
        assertThat(report.rows().subList(4, 6)).extracting(LeaderboardRow::status)
                .containsExactlyInAnyOrder(CandidateStatus.FAILED, CandidateStatus.MISSING);
        assertThat(report.stoppedEarly()).isEqualTo(ranked.stream().filter(r -> r.status() == CandidateStatus.STOPPED_EARLY).count())
                .isPositive();
        assertThat(report.epochsBudget()).isEqualTo(5 * 20); // m3's training is unknown
        assertThat(report.epochsUsed()).isEqualTo(report.rows().stream().mapToDouble(LeaderboardRow::epochsUsed).sum())
                .isLessThan(report.epochsBudget());
        assertThat(rowOf(report, "rs-g0-m0").parameterCount())
                .isEqualTo(Architecture.parse(rowOf(report, "rs-g0-m0").architecture()).parameterCount(1, 28, 28, 10));
    }

    @Test
    void nsga2BreedsItsSecondGenerationFromTheFirstGenerationsResults() {
        SearchOptions options = SearchOptions.builder("ns", "fashion-mnist", SHAPE).nsga2(6, 2).maxEpochs(10).seed(11)
                .generationTimeout(Duration.ofSeconds(30)).build();
        List<Integer> finished = new CopyOnWriteArrayList<>();
        SearchReport report = new SearchDriver(kafka, TOPICS, options).run(new SearchListener() {
            @Override
            public void generationFinished(int generation, List<LeaderboardRow> rows) {
                finished.add(generation);
                assertThat(rows).hasSize(6);
            }
        });

        assertThat(finished).containsExactly(0, 1);
        assertThat(trainers.jobsOf("ns")).hasSize(12);
        assertThat(report.rows()).hasSize(12).allSatisfy(r -> assertThat(r.status().ranked()).isTrue());
        assertThat(report.strategy()).isEqualTo("nsga2");

        // replay the pure strategy with the fitness the fake trainers gave generation 0: it must breed exactly
        // the architectures the driver sent as generation 1
        SearchSpace space = SearchSpace.defaults();
        Nsga2 replay = (Nsga2) options.newStrategy();
        List<Genome> first = replay.nextGeneration(List.of());
        List<Scored> scores = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            LeaderboardRow row = rowOf(report, "ns-g0-m" + i);
            assertThat(row.architecture()).isEqualTo(space.decode(first.get(i)).toString());
            scores.add(new Scored(first.get(i), ResultScoring.objectives(row)));
        }
        List<String> bred = replay.nextGeneration(scores).stream().map(g -> space.decode(g).toString()).toList();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sent.add(rowOf(report, "ns-g1-m" + i).architecture());
        }
        assertThat(sent).isEqualTo(bred);

        // and those results mattered: other fitness values would have bred another generation
        Nsga2 contrarian = (Nsga2) options.newStrategy();
        contrarian.nextGeneration(List.of());
        List<Scored> inverted = scores.stream().map(s -> new Scored(s.genome(),
                Objectives.minimize(-s.objectives().value(1), -s.objectives().value(0))))
                .toList();
        assertThat(contrarian.nextGeneration(inverted).stream().map(g -> space.decode(g).toString()).toList())
                .isNotEqualTo(bred);
    }

    @Test
    void aSilentJobIsPublishedAgainAsTheNextRunALateResultOfTheOldRunIsIgnoredAndAfterThreeRunsItIsGivenUp() {
        SearchOptions options = SearchOptions.builder("ls", "fashion-mnist", SHAPE).random(3).maxEpochs(10).seed(5)
                .generationTimeout(Duration.ofSeconds(60)).jobLease(Duration.ofSeconds(1)).build();
        List<String> reissued = new CopyOnWriteArrayList<>();
        SearchReport report = new SearchDriver(kafka, TOPICS, options).run(new SearchListener() {
            @Override
            public void jobReissued(Candidate candidate, int run, Duration silentFor) {
                reissued.add(candidate.modelId() + "#" + run);
                assertThat(silentFor).isGreaterThan(Duration.ofSeconds(1));
            }
        });

        assertThat(reissued).containsExactlyInAnyOrder("ls-g0-m0#2", "ls-g0-m1#2", "ls-g0-m1#3");
        assertThat(trainers.jobsOf("ls")).extracting(j -> j.getModelId() + "#" + j.getRun())
                .containsExactlyInAnyOrder("ls-g0-m0#1", "ls-g0-m0#2", "ls-g0-m1#1", "ls-g0-m1#2", "ls-g0-m1#3",
                        "ls-g0-m2#1");
        // m0: the result of run 2 counts, not the late one of run 1 that came first
        LeaderboardRow m0 = rowOf(report, "ls-g0-m0");
        assertThat(m0.status().ranked()).isTrue();
        assertThat(m0.fitness()).isEqualTo(fitness(Architecture.parse(m0.architecture())));
        // m1: every run went silent after one epoch; given up before the timeout, with the reason
        LeaderboardRow m1 = rowOf(report, "ls-g0-m1");
        assertThat(m1.status()).isEqualTo(CandidateStatus.MISSING);
        assertThat(m1.failureMessage()).contains("no progress from run 3", "1 epochs seen", "given up after 3 runs");
        assertThat(rowOf(report, "ls-g0-m2").status().ranked()).isTrue();
    }

    @Test
    void aJobGivenBackToTheQueueIsNotReissuedWhileItWaitsThere() {
        SearchOptions options = SearchOptions.builder("gb", "fashion-mnist", SHAPE).random(2).maxEpochs(10).seed(9)
                .generationTimeout(Duration.ofSeconds(60)).jobLease(Duration.ofSeconds(2)).build();
        List<String> reissued = new CopyOnWriteArrayList<>();
        SearchReport report = new SearchDriver(kafka, TOPICS, options).run(new SearchListener() {
            @Override
            public void jobReissued(Candidate candidate, int run, Duration silentFor) {
                reissued.add(candidate.modelId() + "#" + run);
            }
        });

        // m0 ran an epoch, was given back, and waited in the queue for 5 s (> the lease) before its result
        assertThat(reissued).isEmpty();
        assertThat(trainers.jobsOf("gb")).extracting(j -> j.getModelId() + "#" + j.getRun())
                .containsExactlyInAnyOrder("gb-g0-m0#1", "gb-g0-m0#1", "gb-g0-m1#1");
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.status().ranked()).isTrue());
    }

    @Test
    void aJobStoppedByHandIsNotReissuedAndEndsStoppedByHandWithTheCommandsPrediction() {
        // hs-g0-m0: three epochs, then a MANUAL stop of its run (as ManualStop publishes it), then silence for
        // longer than the lease; hs-g0-m1: a MANUAL stop of another run (0) changes nothing, its result 5 s later
        // counts
        SearchOptions options = SearchOptions.builder("hs", "fashion-mnist", SHAPE).random(2).maxEpochs(10).seed(13)
                .generationTimeout(Duration.ofSeconds(60)).jobLease(Duration.ofSeconds(2)).build();
        List<String> reissued = new CopyOnWriteArrayList<>();
        List<LeaderboardRow> arrived = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        SearchReport report = new SearchDriver(kafka, TOPICS, options).run(new SearchListener() {
            @Override
            public void jobReissued(Candidate candidate, int run, Duration silentFor) {
                reissued.add(candidate.modelId() + "#" + run);
            }

            @Override
            public void resultReceived(LeaderboardRow row) {
                arrived.add(row);
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(reissued).isEmpty();
        assertThat(trainers.jobsOf("hs")).extracting(j -> j.getModelId() + "#" + j.getRun())
                .containsExactlyInAnyOrder("hs-g0-m0#1", "hs-g0-m1#1");
        LeaderboardRow stopped = rowOf(report, "hs-g0-m0");
        assertThat(stopped.status()).isEqualTo(CandidateStatus.STOPPED_BY_HAND);
        assertThat(stopped.fitness()).isEqualTo(FakeTrainers.HAND_STOP_PREDICTION);
        assertThat(stopped.predictedFinal()).isEqualTo(FakeTrainers.HAND_STOP_PREDICTION);
        assertThat(stopped.observedFinal()).isEqualTo(42.0); // the last epoch the trainer reported
        assertThat(stopped.epochsUsed()).isEqualTo(3.0); // at_epoch 2, 0-based
        assertThat(stopped.failureMessage()).contains("stopped by hand", "run 1");
        assertThat(report.count(CandidateStatus.MISSING)).isZero();
        assertThat(rowOf(report, "hs-g0-m1").status().ranked()).isTrue();
        assertThat(arrived).extracting(LeaderboardRow::modelId).containsExactlyInAnyOrder("hs-g0-m0", "hs-g0-m1");
        // the search ran past hs-g0-m0's lease after the stop, and ended on hs-g0-m1's result, not on the timeout
        assertThat(took).isGreaterThan(Duration.ofSeconds(5)).isLessThan(Duration.ofSeconds(30));
    }

    private static LeaderboardRow rowOf(SearchReport report, String modelId) {
        return report.rows().stream().filter(r -> r.modelId().equals(modelId)).findFirst().orElseThrow();
    }

    /**
     * Consumes every job and answers it as trainers plus predictor would: odd model indices stopped early,
     * even ones completed, except search "rs" models m3 (never answered) and m4 (failed). Around the real
     * results it publishes garbage bytes, another search's result for the same key, and duplicates.
     */
    static final class FakeTrainers {
        /** The prediction the manual stop of search "hs" carries, as the dashboard shows it. */
        static final double HAND_STOP_PREDICTION = 63.5;

        private final List<TrainingJob> jobs = new CopyOnWriteArrayList<>();
        private final Set<String> givenBack = new HashSet<>();
        private final Map<TrainingJob, Long> delayed = new HashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::serve, "fake-trainers");

        void start() {
            thread.start();
        }

        List<TrainingJob> jobsOf(String searchId) {
            return jobs.stream().filter(j -> j.getSearchId().equals(searchId)).toList();
        }

        private void serve() {
            Properties consumerConfig = new Properties();
            consumerConfig.putAll(kafka);
            consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            Properties producerConfig = new Properties();
            producerConfig.putAll(kafka);
            producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            try (KafkaConsumer<String, TrainingJob> consumer = new KafkaConsumer<>(consumerConfig,
                    new StringDeserializer(), EventSerdes.trainingJob());
                 KafkaProducer<String, ModelResult> results = new KafkaProducer<>(producerConfig,
                         new StringSerializer(), EventSerdes.modelResult());
                 KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerConfig, new StringSerializer(),
                         new ByteArraySerializer());
                 KafkaProducer<String, EpochMetric> epochs = new KafkaProducer<>(producerConfig,
                         new StringSerializer(), EventSerdes.epochMetric().serializer());
                 KafkaProducer<String, TrainingJob> queue = new KafkaProducer<>(producerConfig,
                         new StringSerializer(), EventSerdes.trainingJob().serializer());
                 KafkaProducer<String, StopCommand> control = TOPICS.stopCommands().producer(producerConfig)) {
                List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.jobs().name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                String topic = TOPICS.results().name();
                while (running.get()) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        TrainingJob job = record.value();
                        jobs.add(job);
                        String id = job.getModelId();
                        if (id.equals("rs-g0-m3")) {
                            continue;
                        }
                        if (id.equals("ls-g0-m1") || id.equals("ls-g0-m0") && job.getRun() == 1) {
                            // a trainer that dies after its first epoch
                            epochs.send(new ProducerRecord<>(TOPICS.epochs().name(), id, EpochMetric.newBuilder()
                                    .setSearchId(job.getSearchId()).setModelId(id).setRun(job.getRun())
                                    .setTrainerId("doomed").setEpoch(0).setMaxEpochs(job.getMaxEpochs()).setValue(20)
                                    .setEventTime(Instant.now()).build()));
                            epochs.flush();
                            continue;
                        }
                        if (id.equals("hs-g0-m0")) {
                            // a trainer reports three epochs, the operator stops the run, the trainer obeys: silence
                            for (int epoch = 0; epoch < 3; epoch++) {
                                epochs.send(new ProducerRecord<>(TOPICS.epochs().name(), id, EpochMetric.newBuilder()
                                        .setSearchId(job.getSearchId()).setModelId(id).setRun(job.getRun())
                                        .setTrainerId("obedient").setEpoch(epoch).setMaxEpochs(job.getMaxEpochs())
                                        .setValue(30 + 6 * epoch).setEventTime(Instant.now()).build()));
                            }
                            epochs.flush();
                            sleepQuietly(500);
                            control.send(TOPICS.stopCommands().record(id, manualStop(job, job.getRun(),
                                    HAND_STOP_PREDICTION)));
                            control.flush();
                            continue;
                        }
                        if (id.equals("hs-g0-m1")) {
                            // a stop of an older run (0) must not end run 1; its result comes 5 s later, so the
                            // search runs on for more than the lease after hs-g0-m0 was stopped (no trainer is seen
                            // taking this job, so its own lease never starts)
                            control.send(TOPICS.stopCommands().record(id, manualStop(job, 0, 10.0)));
                            control.flush();
                            delayed.put(job, System.nanoTime() + Duration.ofSeconds(5).toNanos());
                            continue;
                        }
                        if (id.equals("gb-g0-m0")) {
                            if (givenBack.add(id)) {
                                // one epoch, then the trainer is closed and gives the job back to the queue
                                epochs.send(new ProducerRecord<>(TOPICS.epochs().name(), id, EpochMetric.newBuilder()
                                        .setSearchId(job.getSearchId()).setModelId(id).setRun(job.getRun())
                                        .setTrainerId("closing").setEpoch(0).setMaxEpochs(job.getMaxEpochs())
                                        .setValue(20).setEventTime(Instant.now()).build()));
                                epochs.flush();
                                sleepQuietly(800); // the driver reads the epoch before the give-back
                                queue.send(new ProducerRecord<>(TOPICS.jobs().name(), id, job));
                                queue.flush();
                            } else {
                                delayed.put(job, System.nanoTime() + Duration.ofSeconds(5).toNanos());
                            }
                            continue;
                        }
                        if (id.equals("ls-g0-m0")) {
                            // run 2: the old run's trainer was only slow, its result comes late, before run 2's
                            TrainingJob old = TrainingJob.newBuilder(job).setRun(1).build();
                            results.send(new ProducerRecord<>(topic, id, answer(old, job.getSearchId(), 1.0)));
                            results.flush();
                            sleepQuietly(1_500);
                        }
                        if (id.endsWith("-m0")) {
                            raw.send(new ProducerRecord<>(topic, id, "not a result".getBytes(StandardCharsets.UTF_8)));
                        }
                        results.send(new ProducerRecord<>(topic, id, answer(job, "another-search", 1.0)));
                        ModelResult real = answer(job, job.getSearchId(), fitness(Architecture.parse(job.getArchitecture())));
                        results.send(new ProducerRecord<>(topic, id, real));
                        if (id.equals("rs-g0-m1")) {
                            results.send(new ProducerRecord<>(topic, id, answer(job, job.getSearchId(), 0.5)));
                        }
                    }
                    for (var late : List.copyOf(delayed.entrySet())) {
                        if (System.nanoTime() - late.getValue() >= 0) {
                            TrainingJob job = late.getKey();
                            results.send(new ProducerRecord<>(topic, job.getModelId(), answer(job, job.getSearchId(),
                                    fitness(Architecture.parse(job.getArchitecture())))));
                            delayed.remove(job);
                        }
                    }
                    results.flush();
                    raw.flush();
                }
            }
        }

        /** A StopCommand as the dashboard's ManualStop publishes it. */
        private static StopCommand manualStop(TrainingJob job, int run, double predictedFinal) {
            return StopCommand.newBuilder().setSearchId(job.getSearchId()).setModelId(job.getModelId()).setRun(run)
                    .setReason(StopReason.MANUAL).setAtEpoch(2).setPredictedFinal(predictedFinal)
                    .setIssuedAt(Instant.now()).build();
        }

        private static ModelResult answer(TrainingJob job, String searchId, double fitness) {
            int index = Integer.parseInt(job.getModelId().substring(job.getModelId().lastIndexOf('m') + 1));
            boolean failed = job.getModelId().equals("rs-g0-m4");
            boolean early = index % 2 == 1;
            ModelResult.Builder result = ModelResult.newBuilder().setSearchId(searchId).setModelId(job.getModelId())
                    .setRun(job.getRun()).setMaxEpochs(job.getMaxEpochs()).setArchitecture(job.getArchitecture())
                    .setFinishedAt(Instant.now());
            if (failed) {
                return result.setStatus(ResultStatus.FAILED).setEpochsUsed(2).setFailureMessage("out of memory").build();
            }
            return result.setStatus(early ? ResultStatus.STOPPED_EARLY : ResultStatus.COMPLETED)
                    .setEpochsUsed(early ? 4 : job.getMaxEpochs())
                    .setObservedFinal(fitness - 3).setPredictedFinal(early ? fitness : null).setFitness(fitness)
                    .build();
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
