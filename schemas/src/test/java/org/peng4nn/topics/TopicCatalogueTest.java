package org.peng4nn.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicCatalogueTest {

    @Test
    void namesEveryTopicUnderTheDefaultPrefix() {
        TopicCatalogue topics = TopicCatalogue.defaults();

        assertThat(topics.prefix()).isEqualTo("peng4nn.");
        assertThat(topics.all()).extracting(TopicSpec::name).containsExactly(
                "peng4nn.jobs", "peng4nn.epochs", "peng4nn.control", "peng4nn.predictions", "peng4nn.results",
                "peng4nn.dlq");
        assertThat(topics.epochs().name()).isEqualTo("peng4nn.epochs");
        assertThat(topics.name(EventTopic.CONTROL)).isEqualTo("peng4nn.control");
    }

    @Test
    void hasTheDocumentedDefaults() {
        TopicCatalogue topics = TopicCatalogue.defaults();

        assertThat(topics.jobs().partitions()).isEqualTo(6);
        assertThat(topics.epochs().partitions()).isEqualTo(6);
        assertThat(topics.control().partitions()).isEqualTo(topics.epochs().partitions());
        assertThat(topics.predictions().partitions()).isEqualTo(6);
        assertThat(topics.results().partitions()).isEqualTo(3);
        assertThat(topics.dlq().partitions()).isEqualTo(1);
        assertThat(topics.results().cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(topics.all()).filteredOn(t -> t != topics.results())
                .allSatisfy(t -> assertThat(t.cleanupPolicy()).isEqualTo(CleanupPolicy.DELETE));
        assertThat(topics.all()).allSatisfy(t -> assertThat(t.replicationFactor()).isEqualTo((short) 1));
    }

    @Test
    void anotherPrefixGivesAnotherNamespace() {
        TopicCatalogue replay = TopicCatalogue.withPrefix("replay-7.");

        assertThat(replay.epochs().name()).isEqualTo("replay-7.epochs");
        assertThat(replay.results().name()).isEqualTo("replay-7.results");
        assertThat(TopicCatalogue.withPrefix("").dlq().name()).isEqualTo("dlq");
    }

    @Test
    void overridesPartitionsReplicationPolicyAndConfigs() {
        TopicCatalogue topics = TopicCatalogue.builder()
                .partitions(EventTopic.EPOCHS, 12)
                .replicationFactor((short) 3)
                .cleanupPolicy(EventTopic.DLQ, CleanupPolicy.COMPACT_AND_DELETE)
                .config(EventTopic.EPOCHS, "retention.ms", "86400000")
                .build();

        assertThat(topics.epochs().partitions()).isEqualTo(12);
        assertThat(topics.control().partitions()).isEqualTo(6);
        assertThat(topics.results().replicationFactor()).isEqualTo((short) 3);
        assertThat(topics.epochs().topicConfigs())
                .containsExactlyInAnyOrderEntriesOf(Map.of("retention.ms", "86400000", "cleanup.policy", "delete"));
        assertThat(topics.dlq().topicConfigs()).containsEntry("cleanup.policy", "compact,delete");
    }

    @Test
    void turnsASpecIntoAnAdminRequest() {
        NewTopic request = TopicCatalogue.defaults().results().toNewTopic();

        assertThat(request.name()).isEqualTo("peng4nn.results");
        assertThat(request.numPartitions()).isEqualTo(3);
        assertThat(request.replicationFactor()).isEqualTo((short) 1);
        assertThat(request.configs()).containsEntry("cleanup.policy", "compact");
    }

    @Test
    void refusesWhatKafkaWouldRefuse() {
        assertThatThrownBy(() -> TopicCatalogue.withPrefix("my topics/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("my topics/jobs");
        assertThatThrownBy(() -> TopicCatalogue.builder().partitions(EventTopic.RESULTS, 0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peng4nn.results");
        assertThatThrownBy(() -> TopicCatalogue.builder().replicationFactor((short) 0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicCatalogue.builder().config(EventTopic.JOBS, "cleanup.policy", "compact").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cleanupPolicy");
    }

    @Test
    void readsTheBrokersCleanupPolicyInAnyOrder() {
        assertThat(CleanupPolicy.COMPACT_AND_DELETE.matches("delete, compact")).isTrue();
        assertThat(CleanupPolicy.COMPACT.matches("compact")).isTrue();
        assertThat(CleanupPolicy.COMPACT.matches("delete")).isFalse();
        assertThat(CleanupPolicy.DELETE.matches(null)).isFalse();
    }
}
