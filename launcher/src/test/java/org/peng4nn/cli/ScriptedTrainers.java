package org.peng4nn.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Trainers for fault tests: they take TrainingJobs from the jobs topic and publish a curve through the project's
 * real Java client ({@link EpochReporter}, {@link StopListener}), but "train" by sleeping, so that a search of a
 * dozen models runs in seconds on two cores where DL4J would take many minutes.
 *
 * <p>Jobs are taken the way a {@code TrainerWorker} takes them: from a consumer group, one record per poll, its
 * offset committed before the job is handed to a free trainer. Each trainer publishes one epoch every
 * {@code epochPause} and checks before every epoch whether the predictor asked for the run to stop. What every run
 * did is kept as a {@link TrainedRun}, for the audit that reconciles it with what the predictor decided.
 *
 * <p>The curve is a function of the model id only (see {@link #accuracy}). With the PEng4NN policy and 20 epochs, a
 * third of the models converge fast (stopped after about 6 epochs), a third rise steadily (stopped late, about
 * epoch 16) and a third zigzag upwards, which no prediction settles on: they train their whole budget.
 */
final class ScriptedTrainers implements AutoCloseable {

    /** What one trainer did with one job. */
    record TrainedRun(String modelId, int run, String trainerId, int epochsPublished, boolean stopObeyed) {
    }

    private static final String GROUP = "scripted-trainers";
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final TopicCatalogue topics;
    private final Duration epochPause;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final SynchronousQueue<TrainingJob> handOver = new SynchronousQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<TrainedRun> runs = new CopyOnWriteArrayList<>();
    private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, TrainingJob> jobs;
    private final EpochReporter reporter;
    private final StopListener stops;

    /**
     * Starts {@code trainers} trainer threads and the job taker.
     *
     * @param epochPause time one "epoch" takes
     */
    ScriptedTrainers(String bootstrapServers, TopicCatalogue topics, int trainers, Duration epochPause) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.epochPause = epochPause;
        Properties kafka = kafka();
        // one reporter and one stop listener for the machine, as a multi-GPU trainer host would share them
        this.reporter = EpochReporter.create(kafka, topics, "scripted");
        this.stops = StopListener.create(kafka, topics);
        Properties consumer = kafka();
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.jobs = topics.trainingJobs().consumer(consumer);
        threads.add(new Thread(this::takeJobs, "scripted-job-taker"));
        for (int t = 0; t < trainers; t++) {
            String trainerId = "scripted-" + t;
            threads.add(new Thread(() -> train(trainerId), trainerId));
        }
        threads.forEach(Thread::start);
    }

    /** The accuracy (percent) a model reaches at an epoch: deterministic, so reruns of a test see the same curves. */
    static double accuracy(String modelId, int epoch) {
        int shape = Math.floorMod(modelId.hashCode(), 3);
        double offset = Math.floorMod(modelId.hashCode() / 3, 7);
        return switch (shape) {
            case 0 -> 85 + offset - Math.pow(1.5, 4 - epoch);
            case 1 -> 20 + offset + 2.5 * epoch + (epoch % 3);
            default -> 30 + offset + 2 * epoch + (epoch % 2 == 0 ? 8 : -8);
        };
    }

    /** Every run trained so far (a job trained twice shows as two runs with the same model and run). */
    List<TrainedRun> runs() {
        return List.copyOf(runs);
    }

    /** Errors that ended a trainer or the job taker, by thread name: none expected. */
    Map<String, Throwable> failures() {
        return Map.copyOf(failures);
    }

    private void takeJobs() {
        try {
            jobs.subscribe(List.of(topics.trainingJobs().name()));
            while (!closing.get()) {
                for (ConsumerRecord<String, TrainingJob> record : jobs.poll(POLL)) {
                    commit(record);
                    // blocks until a trainer is free, as a worker only takes a job when it can train it
                    while (!closing.get() && !handOver.offer(record.value(), 100, TimeUnit.MILLISECONDS)) {
                        // wait for a trainer
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failures.put(Thread.currentThread().getName(), e);
        } finally {
            jobs.close();
        }
    }

    /** Commits a taken job; retried through a broker outage, since a job taken twice would be trained twice. */
    private void commit(ConsumerRecord<String, TrainingJob> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        while (true) {
            try {
                jobs.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)), Duration.ofSeconds(30));
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                if (closing.get()) {
                    throw e;
                }
            }
        }
    }

    private void train(String trainerId) {
        try {
            while (!closing.get()) {
                TrainingJob job = handOver.poll(100, TimeUnit.MILLISECONDS);
                if (job != null) {
                    runs.add(trainOne(trainerId, job));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failures.put(trainerId, e);
        }
    }

    private TrainedRun trainOne(String trainerId, TrainingJob job) throws InterruptedException {
        String model = job.getModelId();
        int run = job.getRun();
        int published = 0;
        boolean stopObeyed = false;
        for (int epoch = 0; epoch < job.getMaxEpochs() && !closing.get(); epoch++) {
            if (stops.stopRequested(model, run).isPresent()) {
                stopObeyed = true;
                break;
            }
            reporter.report(job.getSearchId(), model, run, epoch, job.getMaxEpochs(), accuracy(model, epoch));
            published++;
            Thread.sleep(epochPause.toMillis());
        }
        // throws EpochReportException if any event of the run could not be published
        reporter.flush();
        return new TrainedRun(model, run, trainerId, published, stopObeyed);
    }

    private Properties kafka() {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }

    @Override
    public void close() throws InterruptedException {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        jobs.wakeup();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        reporter.close();
        stops.close();
    }
}
