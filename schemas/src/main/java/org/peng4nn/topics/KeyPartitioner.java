package org.peng4nn.topics;

import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Places a keyed record as Kafka's built-in partitioner does (murmur2 of the key's bytes modulo the partition
 * count), for a producer that must not partition epoch events by search although {@link SearchPartitioner} is its
 * default: e.g. the trainers of one very large search under a per-model policy, whose events then spread over the
 * partitions instead of sharing one ({@code partitioner.class=org.peng4nn.topics.KeyPartitioner}). A record
 * without a key goes round-robin.
 */
public final class KeyPartitioner implements Partitioner {

    private int nextUnkeyed;

    /** Kafka's built-in placement of a record whose key serialized to {@code keyBytes}. */
    static int partitionOf(byte[] keyBytes, int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        int partitions = cluster.partitionsForTopic(topic).size();
        if (keyBytes != null) {
            return partitionOf(keyBytes, partitions);
        }
        synchronized (this) {
            nextUnkeyed = (nextUnkeyed + 1) % partitions;
            return nextUnkeyed;
        }
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }
}
