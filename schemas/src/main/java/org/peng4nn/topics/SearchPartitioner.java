package org.peng4nn.topics;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.peng4nn.events.EpochMetric;

/**
 * Puts every epoch event of a search on one partition of the epochs topic, while its key stays the model_id: the
 * partition a record keyed by the search_id would get from Kafka's default partitioner (murmur2 of the key's UTF-8
 * bytes, as the string serializer writes them, modulo the partition count).
 *
 * <p>Why: a policy that learns from its search (the default, {@code population}) needs all of a search's events in
 * one task. The predictor regroups events by search through a repartition topic; an event that already sits on its
 * search's partition skips that hop (no second produce and fetch, and under exactly-once no wait for the
 * regrouping transaction's commit). A producer without this partitioner still works: its events take the hop.
 *
 * <p>Records whose value is not an {@link EpochMetric} with a search_id are placed by their key as Kafka's default
 * partitioner places them ({@link KeyPartitioner}; round-robin over the partitions when there is no key).
 */
public final class SearchPartitioner implements Partitioner {

    /** The partition of {@code searchId}'s events in a topic of {@code partitions} partitions. */
    public static int partitionOf(String searchId, int partitions) {
        return KeyPartitioner.partitionOf(searchId.getBytes(StandardCharsets.UTF_8), partitions);
    }

    private final KeyPartitioner byKey = new KeyPartitioner();

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        if (value instanceof EpochMetric event && event.getSearchId() != null) {
            return partitionOf(event.getSearchId(), cluster.partitionsForTopic(topic).size());
        }
        return byKey.partition(topic, key, keyBytes, value, valueBytes, cluster);
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
