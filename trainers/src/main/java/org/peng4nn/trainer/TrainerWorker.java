package org.peng4nn.trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;
import org.peng4nn.topics.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trainer on the bus: takes TrainingJobs from the jobs topic in a consumer group, one at a time, trains each
 * network, publishes an EpochMetric per evaluation and stops a run within one evaluation step of its StopCommand.
 * A run that fails (bad architecture, unknown dataset, NaN loss, out of memory) gets a FAILED ModelResult from here;
 * stopped and completed runs get their result from the predictor, which sees the same events.
 *
 * <p>The jobs topic works as a queue. A worker joins the consumer group only to take a job: it commits the job's
 * offset at once and leaves the group while it trains, so the jobs queued behind it on its partitions go to the
 * workers that are idle. (A worker that kept its partitions through a run would leave their queue waiting while
 * another worker, its own partitions drained, sat idle: with eight networks of unequal cost on two workers, one
 * trained for 421 s while the other idled for 330 s.) A job is taken once: a worker closed mid-run publishes it back
 * to the jobs topic for another worker (the search driver sees that record and holds the job's lease until a worker
 * takes it again). A worker that dies (SIGKILL, power loss) cannot give its job back; the search
 * driver notices instead: it holds a lease on every job a trainer has taken (the group's commit past the job's record
 * starts it, each epoch event of the run renews it) and, when the run stays silent for the job lease
 * ({@code ./peng4nn search --job-lease}, 10 minutes by default), publishes the job again with the next run number.
 * Another worker trains that run from scratch; the predictor starts a fresh curve for it and ignores the old run's
 * events, and a worker that was only slow trains its old run to the end without harm (its stop commands and result
 * are of the old run, which the driver no longer counts).
 */
public final class TrainerWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration GIVE_BACK_TIMEOUT = Duration.ofSeconds(30);

    private final WorkerOptions options;
    private final KafkaConsumer<String, TrainingJob> consumer;
    private final KafkaProducer<String, ModelResult> results;
    private final EpochReporter reporter;
    private final StopListener stops;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger jobsDone = new AtomicInteger();
    private Thread pollingThread;

    private TrainerWorker(WorkerOptions options) {
        this.options = options;
        this.consumer = options.topics().trainingJobs().consumer(consumerProperties(options));
        this.results = options.topics().modelResults().producer(producerProperties(options));
        this.reporter = EpochReporter.create(options.kafka(), options.topics(), options.trainerId());
        this.stops = StopListener.create(options.kafka(), options.topics());
    }

    /** A worker connected to Kafka but not yet taking jobs; call {@link #run} or {@link #start}. */
    public static TrainerWorker create(WorkerOptions options) {
        LOG.info("{}: ND4J backend {}, consumer group {}", options.trainerId(), Training.backendName(),
                options.groupId());
        return new TrainerWorker(options);
    }

    /** Runs {@link #run run(0)} on a background thread: takes jobs until closed. */
    public synchronized void start() {
        if (pollingThread != null) {
            throw new IllegalStateException("already started");
        }
        pollingThread = new Thread(() -> run(0), options.trainerId());
        pollingThread.start();
    }

    /** Jobs finished so far (whatever their outcome). */
    public int jobsDone() {
        return jobsDone.get();
    }

    /**
     * Takes and trains jobs on the calling thread until {@code maxJobs} are done (0 = no limit) or the worker is
     * closed.
     */
    public void run(int maxJobs) {
        try {
            while (!closed.get() && (maxJobs == 0 || jobsDone.get() < maxJobs)) {
                TrainingJob job = take();
                if (job == null) {
                    break; // closed while waiting
                }
                if (train(job)) {
                    jobsDone.incrementAndGet();
                } else {
                    giveBack(job);
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                throw e;
            }
        } finally {
            consumer.unsubscribe();
        }
    }

    /** Joins the group, takes the next job (committing it), and leaves the group again; null once closed. */
    private TrainingJob take() {
        EventPoller<String, TrainingJob> poller = new EventPoller<>(consumer, UndecodableRecordHandler.logging());
        consumer.subscribe(List.of(options.topics().trainingJobs().name()));
        try {
            while (!closed.get()) {
                for (ConsumerRecord<String, TrainingJob> record : poller.poll(POLL)) { // max.poll.records = 1
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    try {
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    } catch (WakeupException e) {
                        throw e;
                    } catch (KafkaException e) {
                        // the group is rebalancing (a worker came or went): the job is not ours; whoever owns the
                        // partition next reads it from the last commit
                        LOG.debug("{}: job at {}@{} not taken: {}", options.trainerId(), partition, record.offset(),
                                e.toString());
                        if (consumer.assignment().contains(partition)) {
                            consumer.seek(partition, record.offset());
                        }
                        continue;
                    }
                    if (record.value() != null) {
                        return record.value();
                    }
                }
            }
            return null;
        } finally {
            // records fetched beyond the one taken stay in the queue for the other workers
            consumer.unsubscribe();
        }
    }

    /** A job abandoned because the worker was closed goes back to the queue, for another worker to train. */
    private void giveBack(TrainingJob job) {
        Properties props = producerProperties(options);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, options.trainerId() + "-give-back");
        Topic<String, TrainingJob> queue = options.topics().trainingJobs();
        try (KafkaProducer<String, TrainingJob> jobs = queue.producer(props)) {
            jobs.send(queue.record(job.getModelId(), job))
                    .get(GIVE_BACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("{}: closed while training {}; the job is back in the queue", options.trainerId(),
                    job.getModelId());
        } catch (KafkaException | ExecutionException | TimeoutException e) {
            LOG.error("{}: could not give back the job of {}; it is lost", options.trainerId(), job.getModelId(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("{}: interrupted while giving back the job of {}; it may be lost", options.trainerId(),
                    job.getModelId());
        }
    }

    /** Trains one job to its end; false when the worker was closed mid-run. */
    private boolean train(TrainingJob job) {
        String model = job.getModelId() + " run " + job.getRun();
        Instant started = Instant.now();
        TrainingSettings settings;
        Architecture architecture;
        Dataset dataset;
        try {
            settings = TrainingSettings.fromJob(job);
            architecture = Architecture.parse(job.getArchitecture());
            dataset = options.datasets().get(job.getDataset());
        } catch (RuntimeException e) {
            fail(job, 0, null, "bad job: " + e.getMessage());
            return true;
        }
        LOG.info("{}: training {} ({}, {} parameters) on {} for {} epochs", options.trainerId(), model, architecture,
                architecture.parameterCount(dataset.shape().channels(), dataset.shape().height(),
                        dataset.shape().width(), dataset.classes()), dataset.name(), job.getMaxEpochs());
        stops.watch(job.getModelId(), job.getRun(), command -> LOG.info("{}: stop requested for {} ({})",
                options.trainerId(), model, command.getReason()));
        try {
            Training training = new Training(dataset, settings, job.getModelId(), options.showProgress());
            TrainingOutcome outcome = training.run(architecture,
                    () -> closed.get() || stops.stopRequested(job.getModelId(), job.getRun()).isPresent(),
                    evaluation -> reporter.report(TrainingEvents.epochMetric(job, options.trainerId(), settings,
                            evaluation, Instant.now())));
            reporter.flush();
            LOG.info("{}: {} ended {} after {} epochs in {} s", options.trainerId(), model,
                    outcome.getClass().getSimpleName(), String.format("%.2f", outcome.epochsTrained()),
                    Duration.between(started, Instant.now()).toSeconds());
            if (outcome instanceof TrainingOutcome.Failed failed) {
                fail(job, failed.epochsTrained(), failed.last().map(Evaluation::valAccuracy).orElse(null),
                        failed.message());
            }
            return !(outcome instanceof TrainingOutcome.Stopped) || !closed.get();
        } finally {
            stops.unwatch(job.getModelId());
        }
    }

    private void fail(TrainingJob job, double epochs, Double lastAccuracy, String message) {
        LOG.warn("{}: {} run {} FAILED: {}", options.trainerId(), job.getModelId(), job.getRun(), message);
        ModelResult result = TrainingEvents.failed(job, epochs, lastAccuracy, message, Instant.now());
        // a FAILED result that never arrives would leave the search waiting for this model forever: say so loudly
        results.send(options.topics().modelResults().record(job.getModelId(), result),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.error("{}: could not publish the FAILED result of {}: {}", options.trainerId(),
                                job.getModelId(), error.getMessage(), error);
                    }
                });
        results.flush();
    }

    /**
     * Stops taking jobs: a run in progress is abandoned at its next minibatch and its job given back to the queue,
     * so another worker trains it. Waits for the polling thread when {@link #start} was used.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        consumer.wakeup();
        Thread thread;
        synchronized (this) {
            thread = pollingThread;
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        reporter.close();
        stops.close();
        results.close(Duration.ofSeconds(5));
    }

    private static Properties consumerProperties(WorkerOptions options) {
        Properties props = new Properties();
        props.putAll(options.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, options.trainerId() + "-jobs");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return props;
    }

    private static Properties producerProperties(WorkerOptions options) {
        Properties props = new Properties();
        props.putAll(options.kafka());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, options.trainerId() + "-results");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }
}
