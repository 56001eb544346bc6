package org.peng4nn.producers;

import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.topics.SearchPartitioner;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Publishes a trainer's per-epoch accuracies to the epochs topic, keyed by {@code model_id}, each on its
 * search's partition ({@link SearchPartitioner}; a {@code partitioner.class} in the given properties wins).
 * <p>
 * The producer is idempotent with {@code acks=all}: a retried send after a network hiccup never
 * duplicates or reorders a model's points, which the curve fit would otherwise see twice. Sends are
 * asynchronous; a failed send is kept and thrown from the next {@link #flush()} or {@link #close()},
 * so a training loop is never slowed by the broker but never loses a point silently either.
 * <p>
 * Thread-safe, like the Kafka producer it wraps.
 *
 * <pre>{@code
 * try (EpochReporter reporter = EpochReporter.create(kafka, TopicCatalogue.defaults(), "gpu-node-3")) {
 *     for (int epoch = 0; epoch < 25; epoch++) {
 *         double valAcc = trainOneEpoch();
 *         reporter.report("search-1", "model-17", 1, epoch, 25, valAcc);
 *     }
 * }   // flushes
 * }</pre>
 * A run trained with a stepped learning rate declares its milestones once, and every event of the run carries them
 * (the predictor then does not stop a plateau that a rate cut is about to end):
 * <pre>{@code
 * EpochReporter.Run run = reporter.run("search-1", "model-17", 1, 25, LrMilestones.of(10, 20));
 * for (int epoch = 0; epoch < 25; epoch++) {
 *     run.report(epoch, trainOneEpoch());
 * }
 * }</pre>
 */
public final class EpochReporter implements AutoCloseable {

    private final Producer<String, EpochMetric> producer;
    private final String topic;
    private final String trainerId;
    private final AtomicReference<EpochReportException> firstFailure = new AtomicReference<>();

    EpochReporter(Producer<String, EpochMetric> producer, String topic, String trainerId) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.trainerId = Objects.requireNonNull(trainerId, "trainerId");
    }

    /**
     * @param kafka     client properties (bootstrap.servers, security settings...); serializers,
     *                  idempotence and acks are set here and override what is given
     * @param topics    where the epochs topic is
     * @param trainerId goes into every event as {@code trainer_id}
     */
    public static EpochReporter create(Properties kafka, TopicCatalogue topics, String trainerId) {
        Topic<String, EpochMetric> epochs = topics.epochMetrics();
        return new EpochReporter(epochs.producer(producerConfig(kafka, trainerId)), epochs.name(), trainerId);
    }

    /** The caller's properties with the delivery guarantees this reporter promises forced on. */
    static Properties producerConfig(Properties kafka, String trainerId) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "peng4nn-epoch-reporter-" + trainerId);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        // each event on its search's partition, keyed by its model: the predictor decides it where it arrives
        // instead of regrouping it by search first (docs/deploy.md)
        props.putIfAbsent(ProducerConfig.PARTITIONER_CLASS_CONFIG, SearchPartitioner.class.getName());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    /**
     * Sends one evaluation, asynchronously. Its {@code trainer_id} is replaced by this reporter's; the
     * caller's object is not modified.
     *
     * @throws org.apache.kafka.common.KafkaException when the producer refuses the record at once
     *                                                (closed, record too large, buffer full too long)
     */
    public void report(EpochMetric metric) {
        EpochMetric stamped = EpochMetric.newBuilder(metric).setTrainerId(trainerId).build();
        producer.send(new ProducerRecord<>(topic, stamped.getModelId(), stamped), (metadata, error) -> {
            if (error != null) {
                firstFailure.compareAndSet(null, new EpochReportException(
                        "could not publish epoch " + stamped.getEpoch() + " of model " + stamped.getModelId()
                                + " run " + stamped.getRun() + " to " + topic + ": " + error.getMessage(), error));
            }
        });
    }

    /**
     * Sends one whole-epoch validation accuracy measured now.
     *
     * @param epoch       0-based epoch index (the first evaluation is epoch 0)
     * @param valAccuracy validation accuracy in percent (0-100)
     */
    public void report(String searchId, String modelId, int run, double epoch, int maxEpochs, double valAccuracy) {
        report(searchId, modelId, run, epoch, maxEpochs, valAccuracy, LrMilestones.NONE);
    }

    /**
     * The same, for a run whose learning rate changes at {@code lrMilestones} (0-based epochs that first train at
     * the new rate); the event carries them.
     */
    public void report(String searchId, String modelId, int run, double epoch, int maxEpochs, double valAccuracy,
            LrMilestones lrMilestones) {
        report(EpochMetrics.valAccuracy(searchId, modelId, run, trainerId, epoch, maxEpochs, valAccuracy,
                EpochMetrics.ONCE_PER_EPOCH, Instant.now()).setLrMilestones(lrMilestones.epochs()).build());
    }

    /** One run's reports, which all carry what the run declared once: its ids, budget and milestones. */
    public Run run(String searchId, String modelId, int run, int maxEpochs, LrMilestones lrMilestones) {
        return new Run(searchId, modelId, run, maxEpochs, lrMilestones);
    }

    /** Reports of one run through this reporter; see {@link EpochReporter#run}. */
    public final class Run {
        private final String searchId;
        private final String modelId;
        private final int run;
        private final int maxEpochs;
        private final LrMilestones lrMilestones;

        private Run(String searchId, String modelId, int run, int maxEpochs, LrMilestones lrMilestones) {
            this.searchId = Objects.requireNonNull(searchId, "searchId");
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            this.run = run;
            this.maxEpochs = maxEpochs;
            this.lrMilestones = Objects.requireNonNull(lrMilestones, "lrMilestones");
        }

        /** Sends one whole-epoch validation accuracy (percent) of the run, measured now, at the 0-based epoch. */
        public void report(double epoch, double valAccuracy) {
            EpochReporter.this.report(searchId, modelId, run, epoch, maxEpochs, valAccuracy, lrMilestones);
        }

        /** Sends an event built elsewhere as this run's: its ids, budget and milestones are set to the run's. */
        public void report(EpochMetric metric) {
            EpochReporter.this.report(EpochMetric.newBuilder(metric).setSearchId(searchId).setModelId(modelId)
                    .setRun(run).setMaxEpochs(maxEpochs).setLrMilestones(lrMilestones.epochs()).build());
        }

        public LrMilestones lrMilestones() {
            return lrMilestones;
        }
    }

    /**
     * Waits until every event reported so far is acknowledged by the broker.
     *
     * @throws EpochReportException when an event reported since the last flush could not be published
     */
    public void flush() {
        producer.flush();
        EpochReportException failure = firstFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Flushes, then closes the producer (also when the flush fails).
     *
     * @throws EpochReportException when an event could not be published
     */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
