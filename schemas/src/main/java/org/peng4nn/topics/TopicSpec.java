package org.peng4nn.topics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * How one topic should look.
 *
 * @param name              the full topic name
 * @param partitions        partition count, at least 1
 * @param replicationFactor replicas per partition, at least 1
 * @param cleanupPolicy     the {@code cleanup.policy}
 * @param configs           further topic configurations (retention and the like); {@code cleanup.policy}
 *                          belongs in {@code cleanupPolicy}, not here
 */
public record TopicSpec(String name, int partitions, short replicationFactor, CleanupPolicy cleanupPolicy,
                        Map<String, String> configs) {

    // Kafka's own rule for topic names
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("illegal topic name '" + name
                    + "': 1 to 249 characters of [a-zA-Z0-9._-], not . or ..");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least 1 partition, got " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + " needs a replication factor of at least 1, got "
                    + replicationFactor);
        }
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        configs = Map.copyOf(configs);
        if (configs.containsKey(CleanupPolicy.CONFIG)) {
            throw new IllegalArgumentException("topic " + name + ": set " + CleanupPolicy.CONFIG
                    + " through cleanupPolicy, not configs");
        }
    }

    /** Every topic configuration to create the topic with, cleanup policy included. */
    public Map<String, String> topicConfigs() {
        Map<String, String> all = new LinkedHashMap<>(configs);
        all.put(CleanupPolicy.CONFIG, cleanupPolicy.configValue());
        return Map.copyOf(all);
    }

    /** The admin client's request to create this topic. */
    public NewTopic toNewTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(topicConfigs());
    }
}
