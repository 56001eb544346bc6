package org.peng4nn.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.TrainingJobs;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.search.strategy.Scored;
import org.peng4nn.search.strategy.SearchStrategy;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one architecture search over Kafka: generation by generation, publishes a {@link TrainingJob} per
 * candidate to the jobs topic (key: model id), waits for the {@link ModelResult}s on the results topic
 * (up to the generation timeout; a missing result is reported, not waited for forever), and hands the
 * fitness the results carry (predicted when stopped early) to the strategy to breed the next generation.
 * <p>
 * The driver owns the jobs, so it also recovers those whose trainer died: it holds a {@link JobLeases lease} on each
 * pending job, started when a trainer takes it (a consumer group commits past its record, see {@link TrainerCommits})
 * and renewed by each epoch event of its current run (read from the epochs topic, the trainers' own signal, so a
 * predictor that lags never makes a trainer look dead). A run silent for {@link SearchOptions#jobLease()} is published
 * again as the next run, up to {@value JobLeases#DEFAULT_MAX_RUNS} runs, then the network is reported MISSING with
 * the reason. Only a result of the latest run counts; a late result of a superseded run is passed over. A job a
 * trainer gives back to the queue (closed mid-run) is seen on the jobs topic ({@link JobQueueWatch}) and its lease
 * stops until a trainer takes it again.
 * <p>
 * A run stopped by hand (a {@code StopCommand} with reason MANUAL on the control topic, from the dashboard or
 * {@code ./peng4nn stop}) gets no ModelResult: the predictor does not read the control topic. So the driver reads the
 * committed MANUAL stops of its search ({@link ControlWatch}, from when the search started) and applies this rule, in
 * the order it reads the topics: a job ends at the first of (a) a result of its current run and (b) a MANUAL stop of
 * its current run that it reads. Each poll round reads the results before the stops, so a result already at hand wins
 * over a stop read in the same round; once the stop has ended the job, a later result of that run is passed over. A
 * job ended by a manual stop is never re-issued (its lease ends, {@link JobLeases#stoppedByHand}) and gets a
 * {@code STOPPED_BY_HAND} row: fitness = the command's predicted final accuracy when it carries one, else the last
 * accuracy the run's epoch events reported, else none (ranked last, like MISSING); epochs used = the command's
 * {@code at_epoch + 1} (at least the epochs seen). A MANUAL stop of a superseded run, of a job already ended or of
 * another search is ignored.
 * <p>
 * The imperative shell around the pure {@link SearchStrategy}: all decisions are the strategy's, so a
 * search is reproducible from its seed and results. Creates the catalogue's topics if they are missing.
 *
 * <pre>{@code
 * SearchOptions options = SearchOptions.builder("s1", "fashion-mnist", InputShape.ofDataset("fashion-mnist").orElseThrow())
 *         .nsga2(8, 3).maxEpochs(15).build();
 * SearchReport report = new SearchDriver(kafkaProps, TopicCatalogue.defaults(), options).run(SearchListener.NONE);
 * }</pre>
 */
public final class SearchDriver {

    private static final Logger LOG = LoggerFactory.getLogger(SearchDriver.class);

    private static final Duration POLL = Duration.ofMillis(200);
    /** How often the trainers' commits are read while jobs wait to be taken: a lease starts at most this late. */
    private static final Duration COMMIT_CHECK = Duration.ofSeconds(1);

    private final Properties kafka;
    private final TopicCatalogue topics;
    private final SearchOptions options;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param kafka   client properties: {@code bootstrap.servers} and any security settings
     * @param topics  where the jobs and results topics are
     * @param options the search
     */
    public SearchDriver(Properties kafka, TopicCatalogue topics, SearchOptions options) {
        this.kafka = copy(Objects.requireNonNull(kafka, "kafka"));
        this.topics = Objects.requireNonNull(topics, "topics");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Runs the search to its end, on the calling thread.
     *
     * @throws SearchException when a job cannot be published
     */
    public SearchReport run(SearchListener listener) {
        SearchStrategy strategy = options.newStrategy();
        List<LeaderboardRow> rows = new ArrayList<>();
        try (Admin admin = Admin.create(kafka)) {
            TopicAdmin.ensureTopics(admin, topics);
            TrainerCommits commits = new TrainerCommits(admin, topics.jobs().name());
            try (ResultInbox inbox = new ResultInbox(kafka, topics.modelResults(), options.searchId());
                 EpochWatch epochs = new EpochWatch(kafka, topics.epochMetrics(), options.searchId());
                 ControlWatch control = new ControlWatch(kafka, topics.stopCommands(), options.searchId());
                 JobQueueWatch queue = new JobQueueWatch(kafka, topics.trainingJobs(), options.searchId());
                 KafkaProducer<String, TrainingJob> producer = topics.trainingJobs().producer(producerConfig())) {
                Generation io = new Generation(inbox, epochs, control, queue, commits, producer, listener);
                List<Scored> scored = List.of();
                for (int generation = 0; ; generation++) {
                    List<Genome> genomes = strategy.nextGeneration(scored);
                    if (genomes.isEmpty()) {
                        break;
                    }
                    List<Candidate> candidates = candidates(generation, genomes);
                    List<LeaderboardRow> generationRows = io.run(generation, candidates);
                    listener.generationFinished(generation, generationRows);
                    rows.addAll(generationRows);
                    scored = new ArrayList<>();
                    for (int i = 0; i < candidates.size(); i++) {
                        scored.add(new Scored(candidates.get(i).genome(),
                                ResultScoring.objectives(generationRows.get(i))));
                    }
                }
                if (inbox.undecodable() > 0) {
                    LOG.warn("search {}: skipped {} undecodable records on {}", options.searchId(),
                            inbox.undecodable(), topics.results().name());
                }
            }
        }
        return new SearchReport(options.searchId(), strategy.name(), rows);
    }

    public SearchOptions options() {
        return options;
    }

    private List<Candidate> candidates(int generation, List<Genome> genomes) {
        InputShape shape = options.inputShape();
        List<Candidate> candidates = new ArrayList<>(genomes.size());
        for (int i = 0; i < genomes.size(); i++) {
            Architecture architecture = options.space().decode(genomes.get(i));
            candidates.add(new Candidate(Candidate.modelId(options.searchId(), generation, i), generation,
                    genomes.get(i), architecture,
                    architecture.parameterCount(shape.channels(), shape.height(), shape.width(), shape.classes())));
        }
        return candidates;
    }

    /** The Kafka side of one generation: publishes its jobs, watches their leases and collects their results. */
    private final class Generation {
        private final ResultInbox inbox;
        private final EpochWatch epochs;
        private final ControlWatch control;
        private final JobQueueWatch queue;
        private final TrainerCommits commits;
        private final KafkaProducer<String, TrainingJob> producer;
        private final SearchListener listener;

        Generation(ResultInbox inbox, EpochWatch epochs, ControlWatch control, JobQueueWatch queue,
                   TrainerCommits commits, KafkaProducer<String, TrainingJob> producer, SearchListener listener) {
            this.inbox = inbox;
            this.epochs = epochs;
            this.control = control;
            this.queue = queue;
            this.commits = commits;
            this.producer = producer;
            this.listener = listener;
        }

        /**
         * The rows of a generation, in candidate order: from the result of each job's latest run, STOPPED_BY_HAND
         * when that run was stopped by hand first, MISSING when its runs were all lost, or MISSING after the
         * generation timeout.
         */
        List<LeaderboardRow> run(int generation, List<Candidate> candidates) {
            Map<String, Candidate> byId = new LinkedHashMap<>();
            candidates.forEach(c -> byId.put(c.modelId(), c));
            Map<String, TrainingJob> jobs = new LinkedHashMap<>();
            Instant now = clock.instant();
            for (Candidate candidate : candidates) {
                jobs.put(candidate.modelId(), TrainingJobs.firstRun(options.searchId(), candidate.modelId(),
                        candidate.architecture().toString(), options.dataset(), options.maxEpochs(),
                        options.hyperParameters(), options.lrMilestones(), now));
            }
            // jobs published but not yet seen taken by a trainer: their leases have not started
            Map<String, TrainerCommits.JobRecord> queued = publish(new ArrayList<>(jobs.values()));
            // the driver's own records; any other record of a pending run is a trainer giving the job back
            Set<TrainerCommits.JobRecord> published = new HashSet<>(queued.values());
            JobLeases leases = JobLeases.of(options.jobLease(), JobLeases.DEFAULT_MAX_RUNS);
            for (TrainingJob job : jobs.values()) {
                leases = leases.issued(job.getModelId(), job.getRun(), now);
            }
            listener.generationSubmitted(generation, candidates);

            Duration timeout = options.generationTimeout();
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextCommitCheck = System.nanoTime();
            Map<String, LeaderboardRow> done = new LinkedHashMap<>();
            while (done.size() < candidates.size()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                inbox.poll(POLL.compareTo(Duration.ofNanos(left)) < 0 ? POLL : Duration.ofNanos(left));
                for (String id : byId.keySet()) {
                    if (done.containsKey(id)) {
                        continue;
                    }
                    int run = jobs.get(id).getRun();
                    // a late result of a superseded run is not this job's: the run published last decides
                    Optional<ModelResult> result = inbox.latest(id).filter(r -> r.getRun() >= run);
                    if (result.isPresent()) {
                        LeaderboardRow row = ResultScoring.row(byId.get(id), result.get());
                        done.put(id, row);
                        leases = leases.ended(id);
                        queued.remove(id);
                        listener.resultReceived(row);
                    }
                }
                now = clock.instant();
                for (EpochWatch.Progress progress : epochs.poll(Duration.ZERO)) {
                    leases = leases.progress(progress.modelId(), progress.run(), progress.evaluation(), now);
                    TrainingJob job = jobs.get(progress.modelId());
                    if (job != null && job.getRun() == progress.run()) {
                        queued.remove(progress.modelId()); // an epoch of the run: a trainer has it
                    }
                }
                for (JobQueueWatch.Queued record : queue.poll(Duration.ZERO)) {
                    TrainingJob job = jobs.get(record.modelId());
                    if (job != null && job.getRun() == record.run() && !published.contains(record.record())
                            && !done.containsKey(record.modelId())) {
                        LOG.info("search {}: {} run {} was given back to the queue; its lease waits until it is "
                                + "taken again", options.searchId(), record.modelId(), record.run());
                        leases = leases.requeued(record.modelId(), record.run());
                        queued.put(record.modelId(), record.record());
                    }
                }
                // after the results: a result of the run read this round wins over its manual stop
                for (ControlWatch.ManualStopSeen stop : control.poll(Duration.ZERO)) {
                    String id = stop.modelId();
                    if (!byId.containsKey(id) || done.containsKey(id)) {
                        continue; // not a job of this generation, or it has ended already
                    }
                    Optional<JobLeases.HandStop> handStop = leases.stoppedByHand(id, stop.run());
                    if (handStop.isEmpty()) {
                        LOG.info("search {}: ignoring a manual stop of {} run {}: run {} is the current one",
                                options.searchId(), id, stop.run(), jobs.get(id).getRun());
                        continue;
                    }
                    LeaderboardRow row = ResultScoring.stoppedByHand(byId.get(id), handStop.get().stopped(),
                            stop.atEpoch(), stop.predictedFinal(), options.maxEpochs());
                    LOG.info("search {}: {} run {} was stopped by hand at epoch {}; not re-issued", options.searchId(),
                            id, stop.run(), stop.atEpoch());
                    done.put(id, row);
                    leases = handStop.get().rest();
                    queued.remove(id);
                    listener.resultReceived(row);
                }
                if (!queued.isEmpty() && System.nanoTime() - nextCommitCheck >= 0) {
                    nextCommitCheck = System.nanoTime() + COMMIT_CHECK.toNanos();
                    for (String id : commits.taken(queued)) {
                        leases = leases.taken(id, jobs.get(id).getRun(), now);
                        queued.remove(id);
                    }
                }
                for (JobLeases.Expiry expiry : leases.expired(now)) {
                    String id = expiry.lost().modelId();
                    if (expiry.nextRun().isPresent()) {
                        TrainingJob next = TrainingJobs.nextRun(jobs.get(id), now);
                        LOG.warn("search {}: {} run {} showed no progress for {} (job lease {}): its trainer is "
                                        + "presumed lost; publishing run {}", options.searchId(), id,
                                expiry.lost().run(), expiry.silentFor().truncatedTo(ChronoUnit.MILLIS),
                                options.jobLease(), next.getRun());
                        Map<String, TrainerCommits.JobRecord> record = publish(List.of(next));
                        published.addAll(record.values());
                        queued.putAll(record);
                        jobs.put(id, next);
                        leases = leases.issued(id, next.getRun(), now);
                        listener.jobReissued(byId.get(id), next.getRun(), expiry.silentFor());
                    } else {
                        String why = expiry.reason(leases.maxRuns());
                        LOG.warn("search {}: {}: {}", options.searchId(), id, why);
                        done.put(id, ResultScoring.missing(byId.get(id), options.maxEpochs(), why));
                        leases = leases.ended(id);
                        queued.remove(id);
                    }
                }
            }
            List<LeaderboardRow> rows = new ArrayList<>(candidates.size());
            for (Candidate candidate : candidates) {
                LeaderboardRow row = done.get(candidate.modelId());
                if (row == null) {
                    LOG.warn("search {}: no result for {} within {}; ranked last", options.searchId(),
                            candidate.modelId(), timeout);
                    row = ResultScoring.missing(candidate, options.maxEpochs(), timeout);
                }
                rows.add(row);
            }
            return rows;
        }

        /** Publishes the jobs and waits until the broker has them all; where each record lies, by model id. */
        private Map<String, TrainerCommits.JobRecord> publish(List<TrainingJob> jobs) {
            Topic<String, TrainingJob> topic = topics.trainingJobs();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (TrainingJob job : jobs) {
                sent.add(producer.send(topic.record(job.getModelId(), job)));
            }
            producer.flush();
            Map<String, TrainerCommits.JobRecord> records = new LinkedHashMap<>();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    RecordMetadata metadata = sent.get(i).get();
                    records.put(jobs.get(i).getModelId(), new TrainerCommits.JobRecord(
                            new TopicPartition(metadata.topic(), metadata.partition()), metadata.offset()));
                } catch (ExecutionException e) {
                    throw new SearchException("cannot publish the job of " + jobs.get(i).getModelId() + " to "
                            + topic.name() + ": " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SearchException("interrupted while publishing jobs to " + topic.name(), e);
                }
            }
            return records;
        }
    }

    private Properties producerConfig() {
        Properties config = copy(kafka);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "peng4nn-search-" + options.searchId() + "-jobs");
        return config;
    }

    private static Properties copy(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return copy;
    }
}
