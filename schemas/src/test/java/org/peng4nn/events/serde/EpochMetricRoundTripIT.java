package org.peng4nn.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.SampleEvents;
import org.peng4nn.topics.CleanupPolicy;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;
import org.peng4nn.topics.TopicReport;

/**
 * Avro epoch events through a real broker, with corrupted records among them, consumed by the
 * {@link EventPoller}; and the topic catalogue created on that broker.
 */
@WithKafkaBroker
class EpochMetricRoundTripIT {

    // a namespace of its own: the broker may be shared with other test classes
    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-roundtrip.");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static String bootstrapServers;
    private static List<TopicReport> firstEnsure;

    @BeforeAll
    static void createTopics(KafkaEndpoint kafka) {
        bootstrapServers = kafka.bootstrapServers();
        try (Admin admin = admin()) {
            firstEnsure = TopicAdmin.ensureTopics(admin, TOPICS, TIMEOUT);
        }
    }

    @Test
    void decodesGoodRecordsInOrderReportsTheCorruptedOnesAndCarriesOn() throws Exception {
        TopicPartition partition = new TopicPartition(TOPICS.epochs().name(), 1);
        List<EpochMetric> sent = new ArrayList<>();
        List<Long> corruptedOffsets = new ArrayList<>();
        try (KafkaProducer<String, EpochMetric> avro = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                EventSerdes.epochMetric());
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(producerConfig(), new StringSerializer(),
                     new ByteArraySerializer())) {
            for (int epoch = 0; epoch < 8; epoch++) {
                EpochMetric event = SampleEvents.epochMetric(epoch, 40 + epoch);
                if (epoch == 3) {
                    corruptedOffsets.add(send(raw, partition, "not avro at all".getBytes(StandardCharsets.UTF_8)));
                }
                if (epoch == 4) {
                    // the real record, cut short as by a broken producer
                    byte[] good = EventSerdes.epochMetric().serialize(partition.topic(), event);
                    corruptedOffsets.add(send(raw, partition, Arrays.copyOf(good, good.length - 6)));
                    continue;
                }
                send(avro, partition, event);
                sent.add(event);
            }
        }

        List<EpochMetric> received = new ArrayList<>();
        List<UndecodableRecordException> reported = new ArrayList<>();
        try (KafkaConsumer<String, EpochMetric> consumer = new KafkaConsumer<>(consumerConfig(),
                new StringDeserializer(), EventSerdes.epochMetric())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            EventPoller<String, EpochMetric> poller = new EventPoller<>(consumer, reported::add);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                poller.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
            assertThat(poller.skipped()).isEqualTo(2);
            assertThat(consumer.position(partition)).isEqualTo(sent.size() + 2L);
        }

        assertThat(received).containsExactlyElementsOf(sent);
        assertThat(reported).extracting(UndecodableRecordException::failure)
                .containsExactly(DecodeFailure.BAD_HEADER, DecodeFailure.MALFORMED_PAYLOAD);
        assertThat(reported).allSatisfy(e -> {
            assertThat(e.topic()).contains(partition.topic());
            assertThat(e.partition()).hasValue(partition.partition());
        });
        assertThat(reported).map(e -> e.offset().orElseThrow()).containsExactlyElementsOf(corruptedOffsets);
        assertThat(corruptedOffsets).containsExactly(3L, 5L);
    }

    @Test
    void createsTheCatalogueOnceAndLeavesExistingTopicsAlone() {
        assertThat(firstEnsure).allSatisfy(report -> {
            assertThat(report.outcome()).isEqualTo(TopicReport.Outcome.CREATED);
            assertThat(report.mismatches()).isEmpty();
        });

        try (Admin admin = admin()) {
            List<TopicReport> again = TopicAdmin.ensureTopics(admin, TOPICS, TIMEOUT);
            TopicCatalogue different = TopicCatalogue.builder().prefix(TOPICS.prefix())
                    .partitions(EventTopic.EPOCHS, 2)
                    .cleanupPolicy(EventTopic.RESULTS, CleanupPolicy.DELETE)
                    .build();
            List<TopicReport> mismatched = TopicAdmin.ensureTopics(admin, different, TIMEOUT);

            assertThat(again).allSatisfy(report -> {
                assertThat(report.outcome()).isEqualTo(TopicReport.Outcome.ALREADY_EXISTED);
                assertThat(report.matchesSpec()).isTrue();
            });
            assertThat(mismatched).filteredOn(r -> !r.matchesSpec()).extracting(r -> r.spec().name())
                    .containsExactly(TOPICS.epochs().name(), TOPICS.results().name());
            assertThat(report(mismatched, TOPICS.epochs().name()).mismatches())
                    .containsExactly("has 6 partitions, the catalogue says 2");
            assertThat(report(mismatched, TOPICS.results().name()).mismatches())
                    .containsExactly("has cleanup.policy=compact, the catalogue says delete");
        }
    }

    /** Sends and waits, so that the offsets and the order of the two producers' records are known. */
    private static <V> long send(KafkaProducer<String, V> producer, TopicPartition partition, V value)
            throws InterruptedException, ExecutionException {
        return producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), "model-7", value))
                .get().offset();
    }

    private static TopicReport report(List<TopicReport> reports, String name) {
        return reports.stream().filter(r -> r.spec().name().equals(name)).findFirst().orElseThrow();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static Map<String, Object> producerConfig() {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0);
    }

    private static Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }
}
