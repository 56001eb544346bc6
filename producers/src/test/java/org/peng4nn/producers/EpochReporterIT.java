package org.peng4nn.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.topics.SearchPartitioner;
import org.peng4nn.topics.TopicCatalogue;

/** The reporter against a real broker: what a trainer reports is what the predictor reads. */
@WithKafkaBroker
class EpochReporterIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-reporter.");
    private static String bootstrap;

    @BeforeAll
    static void topics(KafkaEndpoint kafka) {
        bootstrap = kafka.bootstrapServers();
        KafkaFixtures.createTopics(bootstrap, TOPICS);
    }

    @Test
    void closeFlushesEveryEventKeyedByModelInOrderAndStampedWithTheTrainer() {
        Properties props = KafkaFixtures.kafka(bootstrap);
        props.put("linger.ms", "60000");    // only the flush in close() can get these out in time
        try (EpochReporter reporter = EpochReporter.create(props, TOPICS, "trainer-a")) {
            for (int epoch = 0; epoch < 5; epoch++) {
                reporter.report("search-1", "model-a", 1, epoch, 25, 40 + 5 * epoch);
            }
            EpochMetric foreignTrainer = EpochMetric.newBuilder()
                    .setSearchId("search-1").setModelId("model-b").setRun(2).setTrainerId("someone-else")
                    .setEpoch(0.5).setMaxEpochs(10).setValue(33.0).setEvalInterval(0.5)
                    .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).build();
            reporter.report(foreignTrainer);
            assertThat(foreignTrainer.getTrainerId()).as("caller's object untouched").isEqualTo("someone-else");
        }

        List<ConsumerRecord<String, EpochMetric>> records =
                KafkaFixtures.readEpochs(bootstrap, TOPICS, 6, Duration.ofSeconds(20));

        assertThat(records).hasSize(6);
        int searchPartition = SearchPartitioner.partitionOf("search-1", TOPICS.epochs().partitions());
        assertThat(records).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(r.value().getModelId());
            assertThat(r.value().getTrainerId()).isEqualTo("trainer-a");
            assertThat(r.partition()).as("every model of the search on its partition").isEqualTo(searchPartition);
        });
        Map<String, List<Double>> byModel = records.stream().collect(Collectors.groupingBy(ConsumerRecord::key,
                Collectors.mapping(r -> r.value().getValue(), Collectors.toList())));
        assertThat(byModel.get("model-a")).containsExactly(40.0, 45.0, 50.0, 55.0, 60.0);
        EpochMetric b = records.stream().filter(r -> r.key().equals("model-b")).findFirst().orElseThrow().value();
        assertThat(b.getRun()).isEqualTo(2);
        assertThat(b.getEvalInterval()).isEqualTo(0.5);
        assertThat(b.getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void aRecordTheBrokerRefusesSurfacesOnFlushNamingTheModel() {
        Properties props = KafkaFixtures.kafka(bootstrap);
        props.put("max.request.size", "2000");
        try (EpochReporter reporter = EpochReporter.create(props, TOPICS, "trainer-b")) {
            reporter.report("s".repeat(5000), "model-huge", 1, 0, 25, 10.0);   // report itself does not throw
            assertThatThrownBy(reporter::flush)
                    .isInstanceOf(EpochReportException.class)
                    .hasMessageContaining("model-huge")
                    .hasMessageContaining("epoch 0.0");
            reporter.report("search-1", "model-small", 1, 0, 25, 10.0);
            reporter.flush();    // the failure was reported once; the reporter carries on
        }
    }

    @Test
    void deliveryGuaranteesOverrideTheCallersSettings() {
        Properties mine = new Properties();
        mine.put("acks", "0");
        mine.put("enable.idempotence", "false");
        mine.put("client.id", "my-client");

        Properties config = EpochReporter.producerConfig(mine, "t");

        assertThat(config).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("client.id", "my-client")
                .containsEntry("partitioner.class", SearchPartitioner.class.getName());
        assertThat(mine).containsEntry("acks", "0");
        mine.put("partitioner.class", "my.Partitioner");
        assertThat(EpochReporter.producerConfig(mine, "t")).as("a partitioner of the caller's wins")
                .containsEntry("partitioner.class", "my.Partitioner");
    }
}
