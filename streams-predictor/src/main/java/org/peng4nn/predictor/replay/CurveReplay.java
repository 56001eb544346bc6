package org.peng4nn.predictor.replay;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams learning curves through a real predictor instance in a namespace of its own (fresh
 * topics and application id), as concurrent trainers would send them, and scores its results with
 * the metrics of {@code evaluate}. It is how {@code replay} tunes a configuration on history, and how
 * the tests prove the streaming predictor decides exactly what the offline evaluator decides.
 */
public final class CurveReplay {

    private static final Logger LOG = LoggerFactory.getLogger(CurveReplay.class);
    private static final String SEARCH_ID = "replay";

    /** Called as results come in. */
    public interface Progress {
        void results(int done, int total);
    }

    /**
     * @param report   the evaluate metrics, models in the order given
     * @param results  every model's result, by model_id
     */
    public record ReplayResult(EvaluationReport report, Map<String, ModelResult> results, String namespace) {
    }

    private CurveReplay() {
    }

    /**
     * Replays {@code curves} (one run each; evaluations interleaved across models, each model's in
     * order, as if every model trained at once) through a predictor configured by {@code base},
     * whose bootstrap.servers must be set.
     *
     * @param work    directory for the instance's state
     * @param timeout how long to wait for every model's result once everything is sent
     * @param keepTopics false to delete the namespace's topics at the end
     */
    public static ReplayResult run(List<LabeledCurve> curves, PredictorConfig base, Path work, Duration timeout,
            boolean keepTopics, Progress progress) throws TimeoutException, InterruptedException {
        return run(curves, LrMilestones.NONE, base, work, timeout, keepTopics, progress);
    }

    /** The same, every event stamped with the learning-rate milestones of the search the curves came from. */
    public static ReplayResult run(List<LabeledCurve> curves, LrMilestones milestones, PredictorConfig base, Path work,
            Duration timeout, boolean keepTopics, Progress progress) throws TimeoutException, InterruptedException {
        String namespace = "replay-" + UUID.randomUUID().toString().substring(0, 8);
        PredictorConfig config = base.with("topics.prefix", namespace + ".").with("topics.create", "true")
                .with("application.id", "peng4nn-" + namespace).with("http.enabled", "false")
                .with("state.dir", work.resolve(namespace).toString());
        TopicCatalogue topics = config.topics();
        if (config.settings().policies().needSearchOrder()) {
            // a policy that learns from its search decides on the order of the whole search; one partition keeps
            // the order sent, so the replay decides exactly what evaluate --workers <all models> decides
            topics = TopicCatalogue.builder().prefix(topics.prefix()).partitions(EventTopic.EPOCHS, 1).build();
            try (Admin admin = Admin.create(clientProperties(config))) {
                TopicAdmin.ensureTopics(admin, topics);
            }
        }
        Map<String, ModelResult> results;
        double fitMedian;
        try (PredictorApp app = PredictorApp.start(config, work, Duration.ofSeconds(60))) {
            publish(curves, milestones, clientProperties(config), topics.epochMetrics());
            results = collectResults(curves.size(), config, topics, timeout, progress);
            fitMedian = app.fitStats().medianMicros();
        } finally {
            if (!keepTopics) {
                deleteTopics(config, topics);
            }
        }
        List<ModelOutcome> outcomes = new ArrayList<>(curves.size());
        for (LabeledCurve curve : curves) {
            outcomes.add(outcome(curve, results.get(curve.modelId())));
        }
        return new ReplayResult(EvaluationReport.of(outcomes, fitMedian), results, namespace);
    }

    /** The budget in whole epochs a curve stands for: its evaluations times their interval. */
    public static int maxEpochs(LabeledCurve curve) {
        double epochs = curve.size() * curve.interval();
        long whole = Math.round(epochs);
        if (Math.abs(epochs - whole) > 1e-9) {
            throw new IllegalArgumentException("model " + curve.modelId() + ": " + curve.size()
                    + " evaluations every " + curve.interval() + " epochs is not a whole number of epochs");
        }
        return (int) whole;
    }

    /**
     * Sends every evaluation to {@code epochs} as concurrent trainers would (interleaved across models, each model's
     * in order; search id {@code replay}, run 1) and waits until the broker has them all. Tests fill a history topic
     * with it, so that what they read back is what a replay writes.
     *
     * @param client Kafka client settings: bootstrap.servers and any security settings
     * @throws org.apache.kafka.common.KafkaException naming the first evaluation the broker did not take: a replay
     *                                                with a silent gap would report the policy on other curves
     */
    public static void publish(List<LabeledCurve> curves, Properties client, Topic<String, EpochMetric> epochs) {
        publish(curves, LrMilestones.NONE, client, epochs);
    }

    /** {@link #publish(List, Properties, Topic)} with {@code milestones} on every event. */
    public static void publish(List<LabeledCurve> curves, LrMilestones milestones, Properties client,
            Topic<String, EpochMetric> epochs) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        int longest = curves.stream().mapToInt(LabeledCurve::size).max().orElse(0);
        String topic = epochs.name();
        AtomicReference<KafkaException> failure = new AtomicReference<>();
        try (KafkaProducer<String, EpochMetric> producer = epochs.producer(props)) {
            for (int i = 0; i < longest; i++) {
                for (LabeledCurve curve : curves) {
                    if (i < curve.size()) {
                        EpochMetric event = event(curve, i, milestones);
                        producer.send(epochs.record(curve.modelId(), event), (metadata, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, new KafkaException("could not publish epoch "
                                        + event.getEpoch() + " of model " + event.getModelId() + " to " + topic
                                        + ": " + error.getMessage(), error));
                            }
                        });
                    }
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static EpochMetric event(LabeledCurve curve, int i, LrMilestones milestones) {
        return EpochMetrics.valAccuracy(SEARCH_ID, curve.modelId(), 1, SEARCH_ID, curve.epochs()[i], maxEpochs(curve),
                curve.accuracies()[i], curve.interval(), Instant.now()).setLrMilestones(milestones.epochs()).build();
    }

    private static Map<String, ModelResult> collectResults(int expected, PredictorConfig config,
            TopicCatalogue topics, Duration timeout, Progress progress) throws TimeoutException {
        Properties props = clientProperties(config);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, ModelResult> results = new HashMap<>();
        Topic<String, ModelResult> resultTopic = topics.modelResults();
        try (KafkaConsumer<String, ModelResult> consumer = resultTopic.consumer(props)) {
            String topic = resultTopic.name();
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList());
            EventPoller<String, ModelResult> poller = new EventPoller<>(consumer, UndecodableRecordHandler.logging());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (results.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("results of " + (expected - results.size()) + " of " + expected
                            + " models still missing after " + timeout);
                }
                for (ConsumerRecord<String, ModelResult> r : poller.poll(Duration.ofMillis(200))) {
                    results.put(r.key(), r.value());
                }
                progress.results(results.size(), expected);
            }
        }
        return results;
    }

    private static ModelOutcome outcome(LabeledCurve curve, ModelResult result) {
        if (result.getStatus() != ResultStatus.STOPPED_EARLY) {
            return new ModelOutcome(curve.modelId(), curve.size(), -1, curve.finalAccuracy(), curve.finalAccuracy(),
                    null);
        }
        double stopEpoch = result.getEpochsUsed() - curve.interval();
        int stopIndex = 0;
        for (int i = 0; i < curve.size(); i++) {
            if (Math.abs(curve.epochs()[i] - stopEpoch) < Math.abs(curve.epochs()[stopIndex] - stopEpoch)) {
                stopIndex = i;
            }
        }
        return new ModelOutcome(curve.modelId(), curve.size(), stopIndex, curve.finalAccuracy(), result.getFitness(),
                null);
    }

    private static Properties clientProperties(PredictorConfig config) {
        return config.clientProperties();
    }

    /** The namespace's topics and the instance's internal ones (changelogs), which are named after its application id. */
    private static void deleteTopics(PredictorConfig config, TopicCatalogue topics) {
        String internal = config.get("application.id") + "-";
        try (Admin admin = Admin.create(clientProperties(config))) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(topics.prefix()) || n.startsWith(internal)).toList();
            admin.deleteTopics(names).all().get();
        } catch (ExecutionException | RuntimeException e) {
            LOG.warn("could not delete the replay topics {}*: {}", topics.prefix(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
