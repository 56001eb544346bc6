package org.peng4nn.topics;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventSerdes;

/**
 * The one place that names and shapes the topics of the bus. Every topic is the prefix (default
 * {@value #DEFAULT_PREFIX}) plus the role's suffix, so a replay or a test runs in its own namespace
 * by choosing another prefix. Defaults: see {@link EventTopic}; replication factor 1, right for the
 * single embedded broker, raise it for a real cluster.
 * <p>
 * Immutable.
 *
 * <pre>{@code
 * TopicCatalogue topics = TopicCatalogue.defaults();                       // peng4nn.epochs, ...
 * TopicCatalogue replay = TopicCatalogue.builder().prefix("replay-7.")
 *         .partitions(EventTopic.EPOCHS, 12).replicationFactor((short) 3).build();
 * }</pre>
 */
public final class TopicCatalogue {

    public static final String DEFAULT_PREFIX = "peng4nn.";
    public static final short DEFAULT_REPLICATION_FACTOR = 1;

    private final String prefix;
    private final Map<EventTopic, TopicSpec> specs;

    private TopicCatalogue(String prefix, Map<EventTopic, TopicSpec> specs) {
        this.prefix = prefix;
        this.specs = specs;
    }

    /** The default topics under {@value #DEFAULT_PREFIX}. */
    public static TopicCatalogue defaults() {
        return builder().build();
    }

    /** The default topics under another prefix, which is prepended as given ({@code "replay."} gives {@code replay.epochs}). */
    public static TopicCatalogue withPrefix(String prefix) {
        return builder().prefix(prefix).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String prefix() {
        return prefix;
    }

    public TopicSpec spec(EventTopic topic) {
        return specs.get(topic);
    }

    /** The full name of a role's topic. */
    public String name(EventTopic topic) {
        return spec(topic).name();
    }

    public TopicSpec jobs() {
        return spec(EventTopic.JOBS);
    }

    public TopicSpec epochs() {
        return spec(EventTopic.EPOCHS);
    }

    public TopicSpec control() {
        return spec(EventTopic.CONTROL);
    }

    public TopicSpec predictions() {
        return spec(EventTopic.PREDICTIONS);
    }

    public TopicSpec results() {
        return spec(EventTopic.RESULTS);
    }

    public TopicSpec dlq() {
        return spec(EventTopic.DLQ);
    }

    /** {@code TrainingJob}s by model id, from the search driver to the trainers. */
    public Topic<String, TrainingJob> trainingJobs() {
        return new Topic<>(name(EventTopic.JOBS), Serdes.String(), EventSerdes.trainingJob());
    }

    /** {@code EpochMetric}s by model id, from the trainers to the predictor. */
    public Topic<String, EpochMetric> epochMetrics() {
        return new Topic<>(name(EventTopic.EPOCHS), Serdes.String(), EventSerdes.epochMetric());
    }

    /** {@code StopCommand}s by model id, from the predictor to the trainers. */
    public Topic<String, StopCommand> stopCommands() {
        return new Topic<>(name(EventTopic.CONTROL), Serdes.String(), EventSerdes.stopCommand());
    }

    /** {@code Prediction}s by model id, from the predictor to dashboards. */
    public Topic<String, Prediction> predictionEvents() {
        return new Topic<>(name(EventTopic.PREDICTIONS), Serdes.String(), EventSerdes.prediction());
    }

    /** {@code ModelResult}s by model id, one per model and run, from the predictor (and failing trainers). */
    public Topic<String, ModelResult> modelResults() {
        return new Topic<>(name(EventTopic.RESULTS), Serdes.String(), EventSerdes.modelResult());
    }

    /** Every topic, in {@link EventTopic} order. */
    public List<TopicSpec> all() {
        return List.copyOf(specs.values());
    }

    @Override
    public String toString() {
        return "TopicCatalogue" + all();
    }

    /** Builds a catalogue; anything not set keeps its default. */
    public static final class Builder {

        private String prefix = DEFAULT_PREFIX;
        private short replicationFactor = DEFAULT_REPLICATION_FACTOR;
        private final Map<EventTopic, Integer> partitions = new EnumMap<>(EventTopic.class);
        private final Map<EventTopic, CleanupPolicy> cleanupPolicies = new EnumMap<>(EventTopic.class);
        private final Map<EventTopic, Map<String, String>> configs = new EnumMap<>(EventTopic.class);

        private Builder() {
        }

        /** Prepended verbatim to every suffix; may be empty. */
        public Builder prefix(String prefix) {
            this.prefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** Replication factor of every topic. */
        public Builder replicationFactor(short replicationFactor) {
            this.replicationFactor = replicationFactor;
            return this;
        }

        public Builder partitions(EventTopic topic, int count) {
            partitions.put(topic, count);
            return this;
        }

        public Builder cleanupPolicy(EventTopic topic, CleanupPolicy policy) {
            cleanupPolicies.put(topic, Objects.requireNonNull(policy, "policy"));
            return this;
        }

        /** A further topic configuration, e.g. {@code retention.ms}. */
        public Builder config(EventTopic topic, String key, String value) {
            configs.computeIfAbsent(topic, t -> new HashMap<>())
                    .put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @throws IllegalArgumentException when a name, partition count, replication factor or
         *                                  configuration is not acceptable to Kafka
         */
        public TopicCatalogue build() {
            Map<EventTopic, TopicSpec> specs = new EnumMap<>(EventTopic.class);
            Arrays.stream(EventTopic.values()).forEach(topic -> specs.put(topic, new TopicSpec(
                    prefix + topic.suffix(),
                    partitions.getOrDefault(topic, topic.defaultPartitions()),
                    replicationFactor,
                    cleanupPolicies.getOrDefault(topic, topic.defaultCleanupPolicy()),
                    configs.getOrDefault(topic, Map.of()))));
            return new TopicCatalogue(prefix, Collections.unmodifiableMap(specs));
        }
    }
}
