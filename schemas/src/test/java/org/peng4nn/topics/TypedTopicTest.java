package org.peng4nn.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.StopCommand;

/** Each event topic of the catalogue carries its serdes: a name is never paired with serdes by hand. */
class TypedTopicTest {

    private final TopicCatalogue topics = TopicCatalogue.withPrefix("t.");

    @Test
    void eachTypedTopicIsTheCataloguesTopicOfItsRole() {
        assertThat(topics.trainingJobs().name()).isEqualTo(topics.name(EventTopic.JOBS));
        assertThat(topics.epochMetrics().name()).isEqualTo("t.epochs");
        assertThat(topics.stopCommands().name()).isEqualTo(topics.name(EventTopic.CONTROL));
        assertThat(topics.predictionEvents().name()).isEqualTo(topics.name(EventTopic.PREDICTIONS));
        assertThat(topics.modelResults().name()).isEqualTo(topics.name(EventTopic.RESULTS));
    }

    @Test
    void recordsAndSerdesRoundTripTheirEvents() {
        Topic<String, EpochMetric> epochs = topics.epochMetrics();
        EpochMetric event = EpochMetrics.valAccuracy("s", "m1", 1, "t", 0, 10, 50.0, 1.0,
                Instant.parse("2026-12-01T00:00:00Z")).build();
        ProducerRecord<String, EpochMetric> record = epochs.record("m1", event);
        assertThat(record.topic()).isEqualTo("t.epochs");
        byte[] bytes = epochs.valueSerde().serializer().serialize(record.topic(), record.value());
        assertThat(epochs.valueSerde().deserializer().deserialize(record.topic(), bytes)).isEqualTo(event);

        Topic<String, StopCommand> elsewhere = topics.stopCommands().named("history.control");
        assertThat(elsewhere.name()).isEqualTo("history.control");
    }

    @Test
    void consumersReadCommittedUnlessTheCallerChoseOtherwise() {
        Properties given = new Properties();
        given.put("bootstrap.servers", "127.0.0.1:9092");
        assertThat(Topic.consumerConfig(given)).containsEntry("isolation.level", "read_committed")
                .containsEntry("bootstrap.servers", "127.0.0.1:9092");
        assertThat(given).doesNotContainKey("isolation.level"); // the caller's settings stay as they were

        given.put("isolation.level", "read_uncommitted");
        assertThat(Topic.consumerConfig(given)).containsEntry("isolation.level", "read_uncommitted");
    }
}
