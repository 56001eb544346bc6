package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/**
 * A predictor killed with SIGKILL in the middle of the stream and replaced by a fresh instance on
 * an empty state directory (its state comes back from the changelog) sends every StopCommand
 * exactly once, none missing, none duplicated, and decides exactly what evaluate decides: same
 * models stopped, same stop epoch, same fitness to the bit.
 *
 * <p>{@code -Dpeng4nn.crash.repetitions=N} runs the scenario N times on one broker, each in its own
 * namespace, to soak it.
 */
@WithKafkaBroker
class PredictorCrashIT {

    private static final int MAX_EPOCHS = 25;
    /** Both predictor instances of every repetition append here. */
    private static final Path LOG = Path.of("target", "predictor-crash-it.log");

    @TempDir
    Path work;

    @Test
    void killedMidStreamThenRestartedSendsEachStopExactlyOnce(KafkaEndpoint kafka) throws Exception {
        List<LabeledCurve> curves = A4nnLabeledCurves.load();
        // every model at once, each round one evaluation of each: the order publish() sends them in
        EvaluationReport offline = new Evaluator(Policies.byName(Policies.DEFAULT), curves.size(), new double[0],
                System::nanoTime).evaluate(curves, (done, total) -> { });
        Files.deleteIfExists(LOG);
        int repetitions = Integer.getInteger("peng4nn.crash.repetitions", 1);
        for (int rep = 0; rep < repetitions; rep++) {
            crashAndCompare(kafka, "it-crash" + rep, curves, offline);
        }
    }

    private void crashAndCompare(KafkaEndpoint kafka, String namespace, List<LabeledCurve> curves,
            EvaluationReport offline) throws Exception {
        // one epochs partition: the default policy learns from its search, so it decides on the search's order of
        // events, which one partition keeps exactly as sent (and as evaluate interleaves them)
        TopicCatalogue topics = TopicCatalogue.builder().prefix(namespace + ".").partitions(EventTopic.EPOCHS, 1)
                .build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            TopicAdmin.ensureTopics(admin, topics);
        }
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "topics.prefix", topics.prefix(), "application.id", namespace, "http.enabled", "false",
                // short transactions so the kill lands between several commits
                "commit.interval.ms", "50",
                // the dead member's partitions move to the new one after this, not after the 45 s default
                "consumer.session.timeout.ms", "6000", "consumer.heartbeat.interval.ms", "1000"));

        settings.put("state.dir", work.resolve(namespace + "-first").toString());
        PredictorProcess first = PredictorProcess.start(settings, LOG);
        Map<String, ModelResult> results = new ConcurrentHashMap<>();
        // The kill lands mid-stream by construction: the epochs after the median stop are published only after it,
        // so about half the models cannot have a result yet, however fast the first instance was.
        int split = medianStopEpochs(offline);
        try (ResultWatcher watcher = new ResultWatcher(kafka, topics, results)) {
            publish(kafka, topics, curves, 0, split);
            await().atMost(Duration.ofMinutes(2)).until(() -> results.size() >= 10 || !first.isAlive());
            assertThat(first.isAlive()).as("first predictor running (log %s)", LOG).isTrue();
            // anywhere in the commit cycle: between transactions, inside one, or during its commit
            Thread.sleep(ThreadLocalRandom.current().nextInt(500));
            first.kill();
            assertThat(results.size()).as("results before the kill").isLessThan(curves.size());
            publish(kafka, topics, curves, split, MAX_EPOCHS);

            settings.put("state.dir", work.resolve(namespace + "-second").toString());
            try (PredictorProcess second = PredictorProcess.start(settings, LOG)) {
                await().atMost(Duration.ofMinutes(3)).until(() -> results.size() == curves.size());
            }
        }

        Map<String, Integer> stops = StreamingMatchesEvaluateIT.stopCommands(kafka, topics);
        assertThat(stops.values()).as("StopCommands per model").containsOnly(1);
        for (int i = 0; i < curves.size(); i++) {
            ModelOutcome expected = offline.outcomes().get(i);
            assertThat(stops.containsKey(expected.modelId())).as("stop of %s", expected.modelId())
                    .isEqualTo(expected.stoppedEarly());
            if (expected.stoppedEarly()) {
                ModelResult result = results.get(expected.modelId());
                assertThat(result.getEpochsUsed()).as("epochs used by %s", expected.modelId())
                        .isEqualTo((double) expected.evaluationsUsed());
                assertThat(result.getFitness()).as("fitness of %s", expected.modelId())
                        .isEqualTo(expected.fitness());
            }
        }
    }

    /** Epochs (evaluations) the median model trains before its stop or end, offline. */
    private static int medianStopEpochs(EvaluationReport offline) {
        double[] used = offline.outcomes().stream().mapToDouble(ModelOutcome::evaluationsUsed).sorted().toArray();
        return (int) Math.max(1, Math.min(MAX_EPOCHS - 1, used[used.length / 2]));
    }

    /**
     * Epoch events {@code from} (inclusive) to {@code to} of every curve, interleaved as trainers would send them.
     * Fails unless the broker took every one: a lost event is a different curve, and the comparison with evaluate
     * would then blame the predictor.
     */
    private static void publish(KafkaEndpoint kafka, TopicCatalogue topics, List<LabeledCurve> curves, int from,
            int to) throws InterruptedException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<String> what = new ArrayList<>();
        try (KafkaProducer<String, EpochMetric> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventSerdes.epochMetric().serializer())) {
            for (int i = from; i < to; i++) {
                for (LabeledCurve c : curves) {
                    sent.add(producer.send(new ProducerRecord<>(topics.name(EventTopic.EPOCHS), c.modelId(),
                            EpochMetric.newBuilder().setSearchId("crash").setModelId(c.modelId()).setRun(1)
                                    .setTrainerId("it").setEpoch(c.epochs()[i]).setMaxEpochs(MAX_EPOCHS)
                                    .setValue(c.accuracies()[i]).setEventTime(Instant.now()).build())));
                    what.add("epoch " + c.epochs()[i] + " of model " + c.modelId());
                }
            }
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                throw new AssertionError("the broker did not take " + what.get(i) + ": " + e.getCause(), e);
            }
        }
    }

    /** Collects committed results in the background. */
    private static final class ResultWatcher implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;

        ResultWatcher(KafkaEndpoint kafka, TopicCatalogue topics, Map<String, ModelResult> results) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            thread = new Thread(() -> {
                try (KafkaConsumer<String, ModelResult> consumer = new KafkaConsumer<>(props,
                        new StringDeserializer(), EventSerdes.modelResult().deserializer())) {
                    String topic = topics.name(EventTopic.RESULTS);
                    consumer.assign(consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition())).toList());
                    while (running) {
                        consumer.poll(Duration.ofMillis(100)).forEach(r -> results.put(r.key(), r.value()));
                    }
                }
            }, "result-watcher");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
