package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.SearchPartitioner;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/**
 * Scale-out: two predictor instances with one application id on one broker split the tasks (the default policy's
 * one sub-topology, where events already on their search's partition and events regrouped through the repartition
 * topic meet), one of them is closed mid-stream and restarted on its state directory, and together they publish
 * exactly one StopCommand per model they stopped and exactly one result per model. Several searches, chosen to
 * hash to different partitions, so both instances hold tasks with work; one search's events are sent to its
 * partition, the others' by model_id (most of those are regrouped).
 *
 * <p>Decisions are not compared with {@code evaluate} here: the default policy learns from its search, so its
 * decisions follow the order in which a search's events leave six epochs partitions, which the rebalances
 * change ({@link PredictorCrashIT} and {@link StreamingMatchesEvaluateIT} compare decisions on one partition).
 *
 * <p>{@code -Dpeng4nn.scaleout.repetitions=N} runs the scenario N times on one broker, each in its own namespace.
 */
@WithKafkaBroker
class PredictorScaleOutIT {

    private static final int MAX_EPOCHS = 25;
    private static final int SEARCHES = 3;
    /** Models per search: a third of the real curves each, so one repetition stays well under a minute on 2 cores. */
    private static final int MODELS_PER_SEARCH = 34;

    @TempDir
    Path work;

    @Test
    void twoInstancesSplitThePartitionsAndSendEachStopOnceAcrossARestart(KafkaEndpoint kafka) throws Exception {
        List<LabeledCurve> curves = A4nnLabeledCurves.load();
        int repetitions = Integer.getInteger("peng4nn.scaleout.repetitions", 1);
        for (int rep = 0; rep < repetitions; rep++) {
            scaleOut(kafka, "it-scale" + rep, curves);
        }
    }

    private void scaleOut(KafkaEndpoint kafka, String namespace, List<LabeledCurve> curves) throws Exception {
        TopicCatalogue topics = TopicCatalogue.withPrefix(namespace + ".");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicAdmin.ensureTopics(admin, topics);
        }
        int partitions = topics.epochs().partitions();
        List<String> searches = searchesOnDistinctPartitions(namespace, partitions);
        // search -> its models (model id -> curve)
        Map<String, Map<String, LabeledCurve>> models = new LinkedHashMap<>();
        for (int s = 0; s < searches.size(); s++) {
            Map<String, LabeledCurve> of = new LinkedHashMap<>();
            for (int m = 0; m < MODELS_PER_SEARCH; m++) {
                LabeledCurve c = curves.get((s * MODELS_PER_SEARCH + m) % curves.size());
                of.put(searches.get(s) + "-" + c.modelId(), c);
            }
            models.put(searches.get(s), of);
        }
        int modelCount = searches.size() * MODELS_PER_SEARCH;

        PredictorConfig config = PredictorConfig.defaults().with("bootstrap.servers", kafka.bootstrapServers())
                .with("topics.prefix", topics.prefix()).with("topics.create", "false")
                .with("application.id", namespace).with("http.enabled", "false")
                .with("predictor.policy", Policies.DEFAULT)
                .with("commit.interval.ms", "50")
                // a member that leaves without a word is noticed after this, not after the 45 s default
                .with("consumer.session.timeout.ms", "6000").with("consumer.heartbeat.interval.ms", "1000");
        PredictorConfig first = config.with("state.dir", work.resolve(namespace + "-a").toString());
        PredictorConfig second = config.with("state.dir", work.resolve(namespace + "-b").toString());
        assertThat(first.settings().policies().needSearchOrder()).as("the default policy regroups by search").isTrue();

        try (PredictorApp a = PredictorApp.start(first, work, Duration.ofSeconds(90))) {
            PredictorApp b = PredictorApp.start(second, work, Duration.ofSeconds(90));
            try {
                awaitBothHoldTasks(a, b);
                publish(kafka, topics, models, 0, 8);
                // mid-stream by construction: most epochs come later, and the population policy stops few models
                // before some have trained to the end (its calibration runs)
                PredictorApp firstB = b;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> a.eventsProcessed() + firstB.eventsProcessed() >= 8L * modelCount);
                b.close(); // its tasks move to a, which restores their state from the changelogs
                publish(kafka, topics, models, 8, 14);
                b = PredictorApp.start(second, work, Duration.ofSeconds(90));
                publish(kafka, topics, models, 14, MAX_EPOCHS);
                awaitBothHoldTasks(a, b);
                PredictorApp restarted = b;
                long published = (long) MAX_EPOCHS * modelCount;
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                        .untilAsserted(() -> assertThat(results(kafka, topics).size())
                                .as("models with a result, %d + %d of %d events processed (%s / %s)",
                                        a.eventsProcessed(), restarted.eventsProcessed(), published, outcomes(a),
                                        outcomes(restarted))
                                .isEqualTo(modelCount));
            } finally {
                b.close();
            }
        }

        Map<String, Integer> stops = StreamingMatchesEvaluateIT.stopCommands(kafka, topics);
        assertThat(stops.values()).as("StopCommands per model").containsOnly(1);
        Map<String, List<ModelResult>> results = results(kafka, topics);
        assertThat(results).hasSize(modelCount);
        Set<String> stoppedEarly = new TreeSet<>();
        results.forEach((model, r) -> {
            assertThat(r).as("results of %s", model).hasSize(1);
            if (r.get(0).getStatus() == ResultStatus.STOPPED_EARLY) {
                stoppedEarly.add(model);
            }
        });
        assertThat(new TreeSet<>(stops.keySet())).as("models with a StopCommand").isEqualTo(stoppedEarly);
        assertThat(stoppedEarly).as("models stopped early").isNotEmpty();
    }

    /**
     * {@code partitions} search ids or fewer, at most {@link #SEARCHES}, each on its own partition of the regrouped
     * topic ({@link SearchPartitioner}: where Kafka puts the search_id as a key), so the tasks of both instances have work.
     */
    private static List<String> searchesOnDistinctPartitions(String namespace, int partitions) {
        Map<Integer, String> byPartition = new LinkedHashMap<>();
        for (int i = 0; byPartition.size() < Math.min(SEARCHES, partitions); i++) {
            String search = namespace + "-search" + i;
            byPartition.putIfAbsent(SearchPartitioner.partitionOf(search, partitions), search);
        }
        return new ArrayList<>(byPartition.values());
    }

    /** Both instances RUNNING with predict or regrouping tasks of their own (the rebalance has settled). */
    private static void awaitBothHoldTasks(PredictorApp a, PredictorApp b) {
        await().atMost(Duration.ofSeconds(60)).until(() -> activeTasks(a) > 0 && activeTasks(b) > 0
                && a.streams().state() == KafkaStreams.State.RUNNING
                && b.streams().state() == KafkaStreams.State.RUNNING);
    }

    /** Every committed result, by model, as a read_committed consumer reads the results topic from its start. */
    private static Map<String, List<ModelResult>> results(KafkaEndpoint kafka, TopicCatalogue topics) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<ModelResult>> results = new HashMap<>();
        try (KafkaConsumer<String, ModelResult> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                EventSerdes.modelResult().deserializer())) {
            String topic = topics.name(EventTopic.RESULTS);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> results.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value()));
            }
        }
        return results;
    }

    /** The instance's events by outcome, for a failure message. */
    private static String outcomes(PredictorApp app) {
        return app.registry().scrape().lines().filter(l -> l.startsWith("peng4nn_events_total"))
                .reduce("", (x, y) -> x + " " + y);
    }

    private static int activeTasks(PredictorApp app) {
        int tasks = 0;
        for (ThreadMetadata t : app.streams().metadataForLocalThreads()) {
            tasks += t.activeTasks().size();
        }
        return tasks;
    }

    /**
     * Evaluations {@code from} (inclusive) to {@code to} of every model, the models of all searches interleaved.
     * The first search's events go to its search's partition ({@link SearchPartitioner}, as the project's producers
     * send them: decided where they arrive); the others' by their key, the model_id, as a producer that knows
     * nothing of searches sends them: of those, the predictor regroups the ones off their search's partition.
     */
    private static void publish(KafkaEndpoint kafka, TopicCatalogue topics,
            Map<String, Map<String, LabeledCurve>> models, int from, int to) throws InterruptedException {
        Properties byKey = new Properties();
        byKey.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        Properties bySearch = new Properties();
        bySearch.putAll(byKey);
        bySearch.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, SearchPartitioner.class.getName());
        String firstSearch = models.keySet().iterator().next();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<String, EpochMetric> keyed = new KafkaProducer<>(byKey, new StringSerializer(),
                EventSerdes.epochMetric().serializer());
             KafkaProducer<String, EpochMetric> searchPartitioned = new KafkaProducer<>(bySearch,
                     new StringSerializer(), EventSerdes.epochMetric().serializer())) {
            for (int i = from; i < to; i++) {
                for (Map.Entry<String, Map<String, LabeledCurve>> search : models.entrySet()) {
                    KafkaProducer<String, EpochMetric> producer = search.getKey().equals(firstSearch)
                            ? searchPartitioned : keyed;
                    for (Map.Entry<String, LabeledCurve> m : search.getValue().entrySet()) {
                        LabeledCurve c = m.getValue();
                        sent.add(producer.send(new ProducerRecord<>(topics.name(EventTopic.EPOCHS), m.getKey(),
                                EpochMetric.newBuilder().setSearchId(search.getKey()).setModelId(m.getKey())
                                        .setRun(1).setTrainerId("it").setEpoch(c.epochs()[i])
                                        .setMaxEpochs(MAX_EPOCHS).setValue(c.accuracies()[i])
                                        .setEventTime(Instant.now()).build())));
                    }
                }
            }
        }
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new AssertionError("the broker did not take an epoch event: " + e.getCause(), e);
            }
        }
    }
}
