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
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;
import org.peng4nn.topics.TopicCatalogue;

/**
 * A trainer without a network: takes jobs from the jobs topic the way TrainerWorker does (joins the group, commits
 * the job's offset at once, leaves the group while it trains), then publishes a synthetic learning curve epoch by
 * epoch through the {@link EpochReporter}, one every {@code epochMillis}, and obeys the {@link StopListener}. It keeps
 * a journal of what it did: each job taken, each epoch the broker acknowledged, each stop acted on, each run's end.
 *
 * <p>As a program ({@link #main}) it writes the journal to stdout, one {@code JOURNAL} line each, so a test can run it
 * as a child JVM and kill it with SIGKILL mid-epoch.
 */
public final class ScriptedTrainer implements Runnable {

    /** One line of the journal: when, what (TAKEN, EPOCH, STOP, END), which run, and a number (epoch or count). */
    public record Entry(long atMillis, String kind, String modelId, int run, double value, String trainerId) {

        static Entry parse(String line) {
            String[] f = line.split(" ");
            return new Entry(Long.parseLong(f[1]), f[2], f[3], Integer.parseInt(f[4]), Double.parseDouble(f[5]), f[6]);
        }

        String line() {
            return "JOURNAL " + atMillis + " " + kind + " " + modelId + " " + run + " " + value + " " + trainerId;
        }
    }

    private final Properties kafka;
    private final TopicCatalogue topics;
    private final String group;
    private final String trainerId;
    private final long epochMillis;
    private final Consumer<Entry> journal;
    private final AtomicBoolean closed = new AtomicBoolean();

    public ScriptedTrainer(String bootstrapServers, TopicCatalogue topics, String group, String trainerId,
                           long epochMillis, Consumer<Entry> journal) {
        this.kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers);
        this.topics = topics;
        this.group = group;
        this.trainerId = trainerId;
        this.epochMillis = epochMillis;
        this.journal = journal;
    }

    /** {@code bootstrap topicPrefix group trainerId epochMillis}: trains until killed. */
    public static void main(String[] args) {
        new ScriptedTrainer(args[0], TopicCatalogue.withPrefix(args[1]), args[2], args[3], Long.parseLong(args[4]),
                entry -> {
                    System.out.println(entry.line());
                    System.out.flush();
                }).run();
    }

    /** The synthetic curve of a model: rises towards a plateau that depends on the model id. */
    static double accuracy(String modelId, int epoch) {
        double plateau = 55 + Math.floorMod(modelId.hashCode(), 35);
        return plateau - (plateau - 10) * Math.exp(-(epoch + 1) / 2.5);
    }

    public void close() {
        closed.set(true);
    }

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
        consumer.subscribe(List.of(topics.jobs().name()));
        try {
            while (!closed.get()) {
                for (ConsumerRecord<String, TrainingJob> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    try {
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    } catch (KafkaException e) {
                        if (consumer.assignment().contains(partition)) {
                            consumer.seek(partition, record.offset());
                        }
                        continue; // rebalancing: not ours
                    }
                    return record.value();
                }
            }
            return null;
        } finally {
            consumer.unsubscribe();
        }
    }

    private void train(TrainingJob job, EpochReporter reporter, StopListener stops) throws InterruptedException {
        String model = job.getModelId();
        int run = job.getRun();
        note("TAKEN", model, run, job.getMaxEpochs());
        EpochReporter.Run reports = reporter.run(job.getSearchId(), model, run, job.getMaxEpochs(), LrMilestones.NONE);
        int published = 0;
        for (int epoch = 0; epoch < job.getMaxEpochs() && !closed.get(); epoch++) {
            Thread.sleep(epochMillis); // the epoch's training
            reports.report(epoch, accuracy(model, epoch));
            reporter.flush(); // the journal only lists events the broker has
            published++;
            note("EPOCH", model, run, epoch);
            if (stops.stopRequested(model, run).isPresent()) {
                note("STOP", model, run, epoch);
                break;
            }
        }
        note("END", model, run, published);
    }

    private void note(String kind, String modelId, int run, double value) {
        journal.accept(new Entry(System.currentTimeMillis(), kind, modelId, run, value, trainerId));
    }
}
