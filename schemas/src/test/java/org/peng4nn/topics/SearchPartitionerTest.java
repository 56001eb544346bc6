package org.peng4nn.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;

/** Epoch events land on the partition Kafka's default partitioner gives their search_id as a key. */
class SearchPartitionerTest {

    private static final String TOPIC = "t.epochs";
    private final StringSerializer strings = new StringSerializer();

    @Test
    void aSearchsPartitionIsWhereItsIdWouldGoAsAKey() {
        for (int partitions : new int[] {1, 3, 6, 12}) {
            for (String searchId : List.of("search-1", "s", "replay", "nas-ßü-42", "")) {
                byte[] keyBytes = strings.serialize(TOPIC, searchId);
                assertThat(SearchPartitioner.partitionOf(searchId, partitions))
                        .as("%s over %d partitions", searchId, partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(keyBytes, partitions));
            }
        }
    }

    @Test
    void everyModelOfASearchGoesToTheSearchsPartitionWhatEverItsKey() {
        Cluster cluster = cluster(6);
        SearchPartitioner partitioner = new SearchPartitioner();
        Set<Integer> byKey = new java.util.HashSet<>();
        for (int m = 0; m < 50; m++) {
            String modelId = "model-" + m;
            EpochMetric event = event("search-7", modelId);
            int p = partitioner.partition(TOPIC, modelId, strings.serialize(TOPIC, modelId), event, null, cluster);
            assertThat(p).isEqualTo(SearchPartitioner.partitionOf("search-7", 6));
            byKey.add(BuiltInPartitioner.partitionForKey(strings.serialize(TOPIC, modelId), 6));
        }
        assertThat(byKey).as("by model_id the same models would spread").hasSizeGreaterThan(1);
        KeyPartitioner keyPartitioner = new KeyPartitioner();
        Set<Integer> viaKeyPartitioner = new java.util.HashSet<>();
        for (int m = 0; m < 50; m++) {
            String modelId = "model-" + m;
            byte[] keyBytes = strings.serialize(TOPIC, modelId);
            int p = keyPartitioner.partition(TOPIC, modelId, keyBytes, event("search-7", modelId), null, cluster);
            assertThat(p).as("KeyPartitioner: Kafka's placement by key").isEqualTo(
                    BuiltInPartitioner.partitionForKey(keyBytes, 6));
            viaKeyPartitioner.add(p);
        }
        assertThat(viaKeyPartitioner).isEqualTo(byKey);
    }

    @Test
    void otherValuesArePlacedByTheirKeyAsTheDefaultPartitionerDoes() {
        Cluster cluster = cluster(6);
        SearchPartitioner partitioner = new SearchPartitioner();
        byte[] key = strings.serialize(TOPIC, "model-3");
        assertThat(partitioner.partition(TOPIC, "model-3", key, "not an event", null, cluster))
                .isEqualTo(BuiltInPartitioner.partitionForKey(key, 6));
        List<Integer> unkeyed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            unkeyed.add(partitioner.partition(TOPIC, null, null, "x", null, cluster));
        }
        assertThat(unkeyed).allMatch(p -> p >= 0 && p < 6).containsAll(List.of(0, 1, 2, 3, 4, 5));
    }

    @Test
    void aTopicWithoutPartitionsIsRefused() {
        assertThatThrownBy(() -> SearchPartitioner.partitionOf("s", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one partition");
    }

    private static EpochMetric event(String searchId, String modelId) {
        return EpochMetrics.valAccuracy(searchId, modelId, 1, "t", 0, 10, 50.0, 1.0,
                Instant.parse("2026-12-01T00:00:00Z")).build();
    }

    private static Cluster cluster(int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(TOPIC, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("c", List.of(node), infos, Set.of(), Set.of());
    }
}
