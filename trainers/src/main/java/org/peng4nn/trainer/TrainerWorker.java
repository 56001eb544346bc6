package org.peng4nn.trainer;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;
import org.peng4nn.topics.EventTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trainer on the bus: takes TrainingJobs from the jobs topic in a consumer group, one at a time, trains each
 * network, publishes an EpochMetric per evaluation and stops a run within one evaluation step of its StopCommand.
 * A run that fails (bad architecture, unknown dataset, NaN loss, out of memory) gets a FAILED ModelResult from here;
 * stopped and completed runs get their result from the predictor, which sees the same events.
 *
 * <p>Training outlives any sensible {@code max.poll.interval.ms}, so the worker does not block in training between
 * polls: it pauses its partitions, trains on a separate thread and keeps polling (which returns nothing while
 * paused) so the group keeps it as a member; when the job ends it commits the job's offset and resumes. A job is
 * thus committed only when done: if the worker dies, or its partition moves to another worker mid-run, the job is
 * trained again (at least once; the predictor keys runs by model_id and run).
 */
public final class TrainerWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final WorkerOptions options;
    private final KafkaConsumer<String, TrainingJob> consumer;
    private final KafkaProducer<String, ModelResult> results;
    private final EpochReporter reporter;
    private final StopListener stops;
    private final ExecutorService trainingThread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger jobsDone = new AtomicInteger();
    private Thread pollingThread;
    /** Where the job in training came from; polling thread only (rebalance callbacks run inside poll). */
    private ConsumerRecord<String, TrainingJob> jobInTraining;

    private TrainerWorker(WorkerOptions options) {
        this.options = options;
        this.consumer = new KafkaConsumer<>(consumerProperties(options), new StringDeserializer(),
                EventSerdes.trainingJob().deserializer());
        this.results = new KafkaProducer<>(producerProperties(options), new StringSerializer(),
                EventSerdes.modelResult().serializer());
        this.reporter = EpochReporter.create(options.kafka(), options.topics(), options.trainerId());
        this.stops = StopListener.create(options.kafka(), options.topics());
        this.trainingThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, options.trainerId() + "-training");
            thread.setDaemon(true);
            return thread;
        });
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
        String jobsTopic = options.topics().name(EventTopic.JOBS);
        EventPoller<String, TrainingJob> poller = new EventPoller<>(consumer, UndecodableRecordHandler.logging());
        consumer.subscribe(List.of(jobsTopic), new PauseWhileBusy());
        try {
            while (!closed.get() && (maxJobs == 0 || jobsDone.get() < maxJobs)) {
                for (ConsumerRecord<String, TrainingJob> record : poller.poll(POLL)) {
                    if (closed.get()) {
                        break;
                    }
                    process(record);
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

    private void process(ConsumerRecord<String, TrainingJob> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.value() == null) {
            commit(partition, record.offset());
            return;
        }
        busy.set(true);
        jobInTraining = record;
        consumer.pause(consumer.assignment());
        try {
            Future<Boolean> finished = trainingThread.submit(() -> train(record.value()));
            while (!finished.isDone()) {
                // Paused: returns nothing, but keeps this worker in the group while the job trains.
                for (ConsumerRecord<String, TrainingJob> early : consumer.poll(POLL)) {
                    consumer.seek(new TopicPartition(early.topic(), early.partition()), early.offset());
                }
            }
            if (Boolean.TRUE.equals(finished.get())) {
                if (consumer.assignment().contains(partition)) {
                    commit(partition, record.offset());
                    // a rebalance during training resets the position to the last commit: do not take this job again
                    if (consumer.position(partition) <= record.offset()) {
                        consumer.seek(partition, record.offset() + 1);
                    }
                }
                jobsDone.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("{}: job {} crashed the worker's training thread", options.trainerId(),
                    record.value().getModelId(), e.getCause());
        } finally {
            busy.set(false);
            jobInTraining = null;
            consumer.resume(consumer.paused());
        }
    }

    private void commit(TopicPartition partition, long offset) {
        try {
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)));
        } catch (KafkaException e) {
            LOG.warn("{}: could not commit the job at {}-{} (partition moved to another worker during training?);"
                    + " it may be trained again: {}", options.trainerId(), partition, offset, e.toString());
        }
    }

    /** Trains one job to its end; false when the worker was closed mid-run (the job is then left uncommitted). */
    private boolean train(TrainingJob job) {
        String model = job.getModelId() + " run " + job.getRun();
        Instant started = Instant.now();
        TrainingSettings settings;
        Architecture architecture;
        Dataset dataset;
        try {
            settings = TrainingSettings.fromHyperParameters(job.getHyperParameters(), job.getMaxEpochs());
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
        results.send(new ProducerRecord<>(options.topics().name(EventTopic.RESULTS), job.getModelId(), result));
        results.flush();
    }

    /**
     * Stops taking jobs: a run in progress is abandoned at its next minibatch, uncommitted, so another worker
     * trains it again. Waits for the polling thread when {@link #start} was used.
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
        trainingThread.shutdownNow();
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        reporter.close();
        stops.close();
        results.close(Duration.ofSeconds(5));
    }

    /** After a rebalance, newly assigned partitions start unpaused: pause them too while a job trains. */
    private final class PauseWhileBusy implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // A job's offset is committed when it ends, so a crashed worker's job is trained again elsewhere. But when
            // the partition of the job in training moves to another worker (one joined), that worker would train it a
            // second time: hand it over as taken. The price: should this worker then die mid-job, the search reports
            // the network MISSING instead of having it retrained.
            ConsumerRecord<String, TrainingJob> current = jobInTraining;
            TopicPartition partition = current == null ? null : new TopicPartition(current.topic(), current.partition());
            if (partition != null && partitions.contains(partition) && !closed.get()) {
                commit(partition, current.offset());
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (busy.get()) {
                consumer.pause(partitions);
            }
        }
    }

    private static Properties consumerProperties(WorkerOptions options) {
        Properties props = new Properties();
        props.putAll(options.kafka());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, options.trainerId() + "-jobs");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        // a worker joining or leaving moves only the partitions it must, not the one whose job is training
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
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
