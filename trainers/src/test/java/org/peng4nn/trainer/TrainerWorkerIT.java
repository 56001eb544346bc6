package org.peng4nn.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.datasets.SplitOptions;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;

/** A worker against a real broker: takes jobs, publishes epochs, obeys a stop, reports a broken job as FAILED. */
@WithKafkaBroker
class TrainerWorkerIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-trainer.");
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String ARCHITECTURE = "conv3x8+max|dense16";

    private static Properties kafka;
    private static TrainerWorker worker;
    private static final List<EpochMetric> EPOCHS = new CopyOnWriteArrayList<>();
    private static final List<ModelResult> RESULTS = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean LISTENING = new AtomicBoolean(true);
    private static Thread listener;

    @BeforeAll
    static void startWorker(KafkaEndpoint broker) {
        kafka = new Properties();
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            TopicAdmin.ensureTopics(admin, TOPICS);
        }
        listener = new Thread(TrainerWorkerIT::listen, "it-listener");
        listener.start();
        // The full synthetic set (about 1.3 s per half-epoch step here): a step must outlast the stop command's trip
        // through the broker, or "within one step" would measure Kafka latency instead of the worker.
        DatasetCache datasets = new DatasetCache(null, SplitOptions.defaults());
        worker = TrainerWorker.create(new WorkerOptions(kafka, TOPICS, "it-trainers", "it-worker-1", datasets,
                false));
        worker.start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        LISTENING.set(false);
        if (listener != null) {
            listener.join(10_000);
        }
    }

    @Test
    void trainsAJobToItsBudgetThenStopsAnotherWithinOneStepAndFailsABrokenOne() {
        publish(EventTopic.JOBS, "complete", job("complete", 3, Map.of()));
        await().atMost(WAIT).until(() -> epochsOf("complete").size() == 3);
        assertThat(epochsOf("complete")).extracting(EpochMetric::getEpoch).containsExactly(0.0, 1.0, 2.0);
        assertThat(epochsOf("complete")).allSatisfy(metric -> {
            assertThat(metric.getValue()).isBetween(0.0, 100.0);
            assertThat(metric.getTrainerId()).isEqualTo("it-worker-1");
            assertThat(metric.getMaxEpochs()).isEqualTo(3);
            assertThat(metric.getEvalInterval()).isNull();
        });

        publish(EventTopic.JOBS, "stopped", job("stopped", 40, Map.of("eval_interval", "0.5")));
        await().atMost(WAIT).until(() -> !epochsOf("stopped").isEmpty());
        int seenWhenStopped = epochsOf("stopped").size();
        publish(EventTopic.CONTROL, "stopped", StopCommand.newBuilder().setModelId("stopped").setSearchId("it")
                .setRun(1).setReason(StopReason.CONVERGED).setAtEpoch(0.0).setPredictedFinal(50.0)
                .setIssuedAt(Instant.now()).build());
        await().atMost(WAIT).until(() -> worker.jobsDone() == 2);
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(epochsOf("stopped").size())
                .as("at most the evaluation step in flight when the stop arrived")
                .isBetween(seenWhenStopped, seenWhenStopped + 1)
                .isLessThan(80);
        assertThat(epochsOf("stopped")).allSatisfy(metric -> assertThat(metric.getEvalInterval()).isEqualTo(0.5));

        publish(EventTopic.JOBS, "broken", TrainingJob.newBuilder(job("broken", 3, Map.of()))
                .setArchitecture("conv4x8|dense0").build());
        await().atMost(WAIT).until(() -> RESULTS.stream().anyMatch(r -> r.getModelId().equals("broken")));
        ModelResult failed = RESULTS.stream().filter(r -> r.getModelId().equals("broken")).findFirst().orElseThrow();
        assertThat(failed.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(failed.getFailureMessage()).contains("conv4x8").contains("kernel must be odd");
        assertThat(failed.getFitness()).isNull();
        assertThat(RESULTS).as("successful runs get their result from the predictor, not the worker")
                .extracting(ModelResult::getModelId).containsOnly("broken");
    }

    @Test
    void aWorkerClosedMidRunGivesItsJobBackAndAnotherWorkerTrainsIt() {
        TopicCatalogue topics = TopicCatalogue.withPrefix("it-give-back.");
        try (Admin admin = Admin.create(kafka)) {
            TopicAdmin.ensureTopics(admin, topics);
        }
        DatasetCache datasets = new DatasetCache(null, SplitOptions.defaults().withLimit(240));
        TrainerWorker first = TrainerWorker.create(new WorkerOptions(kafka, topics, "it-give-back", "it-first",
                datasets, false));
        first.start();
        try (KafkaProducer<String, TrainingJob> producer = new KafkaProducer<>(kafka, new StringSerializer(),
                EventSerdes.trainingJob().serializer())) {
            producer.send(new ProducerRecord<>(topics.name(EventTopic.JOBS), "handed", job("handed", 30, Map.of())));
        }
        await().atMost(WAIT).until(() -> !read(topics, EventTopic.EPOCHS, EventSerdes.epochMetric()).isEmpty());
        first.close();

        TrainerWorker second = TrainerWorker.create(new WorkerOptions(kafka, topics, "it-give-back", "it-second",
                datasets, false));
        second.start();
        try {
            await().atMost(WAIT).until(() -> second.jobsDone() == 1);
        } finally {
            second.close();
        }
        assertThat(first.jobsDone()).isZero();
        assertThat(read(topics, EventTopic.JOBS, EventSerdes.trainingJob()))
                .as("the job, then the same job given back").hasSize(2)
                .allSatisfy(job -> assertThat(job.getModelId()).isEqualTo("handed"));
        List<EpochMetric> epochs = read(topics, EventTopic.EPOCHS, EventSerdes.epochMetric());
        assertThat(epochs.stream().filter(e -> e.getTrainerId().equals("it-second")).map(EpochMetric::getEpoch))
                .as("the second worker trains the whole budget").hasSize(30);
        assertThat(epochs.stream().filter(e -> e.getTrainerId().equals("it-first")).count())
                .as("the first stopped mid-run").isBetween(1L, 29L);
    }

    /** Every record of a topic so far. */
    private static <V> List<V> read(TopicCatalogue topics, EventTopic topic,
            org.apache.kafka.common.serialization.Serde<V> serde) {
        String name = topics.name(topic);
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(kafka, new StringDeserializer(),
                serde.deserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(name).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(name, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<V> values = new java.util.ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }

    private static List<EpochMetric> epochsOf(String modelId) {
        return EPOCHS.stream().filter(e -> e.getModelId().equals(modelId)).toList();
    }

    private static TrainingJob job(String modelId, int maxEpochs, Map<String, String> hyperParameters) {
        return TrainingJob.newBuilder().setSearchId("it").setModelId(modelId).setRun(1).setArchitecture(ARCHITECTURE)
                .setDataset("synthetic").setMaxEpochs(maxEpochs)
                .setHyperParameters(new java.util.HashMap<>(hyperParameters))
                .setSubmittedAt(Instant.now()).build();
    }

    private static void publish(EventTopic topic, String key, Object event) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            byte[] bytes = event instanceof TrainingJob job
                    ? EventSerdes.trainingJob().serializer().serialize("", job)
                    : EventSerdes.stopCommand().serializer().serialize("", (StopCommand) event);
            producer.send(new ProducerRecord<>(TOPICS.name(topic), key, bytes));
        }
    }

    private static void listen() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-trainer-listener");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, EpochMetric> epochs = new KafkaConsumer<>(props, new StringDeserializer(),
                EventSerdes.epochMetric().deserializer());
                KafkaConsumer<String, ModelResult> results = new KafkaConsumer<>(props, new StringDeserializer(),
                        EventSerdes.modelResult().deserializer())) {
            epochs.subscribe(List.of(TOPICS.name(EventTopic.EPOCHS)));
            results.subscribe(List.of(TOPICS.name(EventTopic.RESULTS)));
            while (LISTENING.get()) {
                epochs.poll(Duration.ofMillis(100)).forEach(record -> EPOCHS.add(record.value()));
                results.poll(Duration.ofMillis(100)).forEach(record -> RESULTS.add(record.value()));
            }
        }
    }
}
