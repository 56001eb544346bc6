package org.peng4nn.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;
import org.peng4nn.topics.TopicCatalogue;

/**
 * A trainer for fault tests: it takes jobs from the jobs topic the way {@code TrainerWorker} does and publishes a
 * curve through the project's real Java client ({@link EpochReporter}, {@link StopListener}), but "trains" by
 * sleeping, so that a search of a dozen networks runs in seconds on two cores where DL4J would take many minutes.
 *
 * <p>Taking a job is {@code TrainerWorker}'s protocol: join the group, poll one record, commit its offset at once,
 * leave the group while training. Each epoch is a sleep of {@code epochPause}, then its event, flushed (so the
 * journal lists only events the broker has), then a look at the {@link StopListener}: a stop ends the run.
 *
 * <p>What the trainer did is its journal, one {@link Entry} per step (job taken, epoch published, stop acted on,
 * run ended), given to a callback: tests collect it in memory, and {@link #main} prints it as {@code JOURNAL} lines
 * so that a test can run the trainer as a child JVM, kill it with SIGKILL mid-epoch and still read what it did.
 *
 * <p>The curve is a function of the network's place in its search only ({@link #accuracy}).
 */
public final class ScriptedTrainer implements Runnable, AutoCloseable {

    /** A step of a trainer's journal. */
    enum Step {
        /** A job taken (its offset committed); the entry's value is the job's epoch budget. */
        TAKEN,
        /** An epoch event acknowledged by the broker; the value is the epoch. */
        EPOCH,
        /** A stop acted on, after the epoch given as the value: the run ends. */
        STOP,
        /** A run ended (stopped, trained its budget, or the trainer closed); the value is the epochs published. */
        END
    }

    /**
     * One line of a trainer's journal: when, which step, of which run, a number that depends on the step, and
     * which trainer.
     */
    record Entry(long atMillis, Step step, String modelId, int run, int value, String trainerId) {

        private static final String PREFIX = "JOURNAL ";

        /** The entry a {@link #line} was printed from; null for any other line (a child JVM's log, a stack trace). */
        static Entry parse(String line) {
            if (!line.startsWith(PREFIX)) {
                return null;
            }
            String[] f = line.substring(PREFIX.length()).split(" ");
            return new Entry(Long.parseLong(f[0]), Step.valueOf(f[1]), f[2], Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), f[5]);
        }

        String line() {
            return PREFIX + atMillis + " " + step + " " + modelId + " " + run + " " + value + " " + trainerId;
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final Properties kafka;
    private final TopicCatalogue topics;
    private final String group;
    private final String trainerId;
    private final Duration epochPause;
    private final Consumer<Entry> journal;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param group      the consumer group the trainers of a test share, as workers share theirs
     * @param epochPause time one "epoch" takes
     * @param journal    receives every step, on the trainer's thread
     */
    ScriptedTrainer(String bootstrapServers, TopicCatalogue topics, String group, String trainerId,
            Duration epochPause, Consumer<Entry> journal) {
        this.kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers);
        this.topics = topics;
        this.group = group;
        this.trainerId = trainerId;
        this.epochPause = epochPause;
        this.journal = journal;
    }

    /** {@code bootstrap topicPrefix group trainerId epochMillis}: trains until killed, journal on stdout. */
    public static void main(String[] args) {
        new ScriptedTrainer(args[0], TopicCatalogue.withPrefix(args[1]), args[2], args[3],
                Duration.ofMillis(Long.parseLong(args[4])), entry -> {
                    System.out.println(entry.line());
                    System.out.flush(); // the test reads the journal while the trainer runs, and kills it
                }).run();
    }

    /**
     * The accuracy (percent) a model reaches at an epoch. It depends on the model's place in its search (the model
     * id {@code <search id>-g<generation>-m<index>} without the search id) and the epoch only, so every run of a
     * test sees the same curves, also a test that names its searches after the clock. With the PEng4NN policy and 20 epochs, a third of the models converge fast (the curve is PEng4NN's own family,
     * so they are stopped after about 6 epochs, the earliest PENGUIN decides), a third rise steadily (stopped late, about epoch 16, or
     * trained to the end of a shorter budget) and a third zigzag upwards, which no prediction settles on: they train
     * their whole budget. Tests thus see both stopped and completed runs.
     */
    static double accuracy(String searchId, String modelId, int epoch) {
        String place = modelId.startsWith(searchId + "-") ? modelId.substring(searchId.length() + 1) : modelId;
        int shape = Math.floorMod(place.hashCode(), 3);
        double offset = Math.floorMod(place.hashCode() / 3, 7);
        return switch (shape) {
            case 0 -> 85 + offset - Math.pow(1.5, 4 - epoch);
            case 1 -> 20 + offset + 2.5 * epoch + (epoch % 3);
            default -> 30 + offset + 2 * epoch + (epoch % 2 == 0 ? 8 : -8);
        };
    }

    /** Ends the trainer: it stops waiting for a job within a poll, or a run after its current epoch. */
    @Override
    public void close() {
        closed.set(true);
    }

    /**
     * Takes and trains jobs until closed.
     *
     * @throws org.peng4nn.producers.EpochReportException when an epoch event could not be published
     */
    @Override
    public void run() {
        Properties consumerConfig = new Properties();
        consumerConfig.putAll(kafka);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, trainerId + "-jobs");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, TrainingJob> consumer = topics.trainingJobs().consumer(consumerConfig);
             EpochReporter reporter = EpochReporter.create(kafka, topics, trainerId);
             StopListener stops = StopListener.create(kafka, topics)) {
            while (!closed.get()) {
                TrainingJob job = take(consumer);
                if (job != null) {
                    train(job, reporter, stops);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Joins the group, takes the next job (committing it) and leaves the group: TrainerWorker's protocol. */
    private TrainingJob take(KafkaConsumer<String, TrainingJob> consumer) {
        consumer.subscribe(List.of(topics.trainingJobs().name()));
        try {
            while (!closed.get()) {
                for (ConsumerRecord<String, TrainingJob> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    try {
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    } catch (WakeupException e) {
                        throw e;
                    } catch (KafkaException e) {
                        // a rebalance, or the broker away: the job is not ours (yet). Whoever owns the partition
                        // next reads it from the last commit, so a job is trained only after its commit succeeded
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
            // records fetched beyond the one taken stay in the queue for the other trainers
            consumer.unsubscribe();
        }
    }

    private void train(TrainingJob job, EpochReporter reporter, StopListener stops) throws InterruptedException {
        String model = job.getModelId();
        int run = job.getRun();
        note(Step.TAKEN, model, run, job.getMaxEpochs());
        EpochReporter.Run reports = reporter.run(job.getSearchId(), model, run, job.getMaxEpochs(), LrMilestones.NONE);
        int published = 0;
        for (int epoch = 0; epoch < job.getMaxEpochs() && !closed.get(); epoch++) {
            Thread.sleep(epochPause.toMillis()); // the epoch's training
            reports.report(epoch, accuracy(job.getSearchId(), model, epoch));
            reporter.flush(); // throws EpochReportException if the event could not be published
            published++;
            note(Step.EPOCH, model, run, epoch);
            if (stops.stopRequested(model, run).isPresent()) {
                note(Step.STOP, model, run, epoch);
                break;
            }
        }
        note(Step.END, model, run, published);
    }

    private void note(Step step, String modelId, int run, int value) {
        journal.accept(new Entry(System.currentTimeMillis(), step, modelId, run, value, trainerId));
    }
}
