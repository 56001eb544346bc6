package org.peng4nn.topics;

/**
 * The topics of the bus, by role. The name of a role's topic is the catalogue's prefix plus
 * {@link #suffix()}. Default partition counts are sized for the predictor's parallelism: every keyed
 * topic is keyed by {@code model_id}, and a topic's partition count caps how many consumers of one
 * group share it.
 */
public enum EventTopic {
    /** {@code TrainingJob}s from the search driver; 6 partitions so up to 6 trainers of one group share the jobs. */
    JOBS("jobs", 6, CleanupPolicy.DELETE),
    /** {@code EpochMetric}s from the trainers; 6 partitions = up to 6 predictor stream threads or instances. */
    EPOCHS("epochs", 6, CleanupPolicy.DELETE),
    /** {@code StopCommand}s to the trainers; as many partitions as epochs so the two stay co-partitioned by model. */
    CONTROL("control", 6, CleanupPolicy.DELETE),
    /** {@code Prediction}s for dashboards; co-partitioned with epochs like control. */
    PREDICTIONS("predictions", 6, CleanupPolicy.DELETE),
    /** {@code ModelResult}s, one per model and run; compacted so the latest result per model is kept forever, 3 partitions for a low rate. */
    RESULTS("results", 3, CleanupPolicy.COMPACT),
    /** Raw records no consumer could decode, for inspection; 1 partition keeps them in arrival order. */
    DLQ("dlq", 1, CleanupPolicy.DELETE);

    private final String suffix;
    private final int defaultPartitions;
    private final CleanupPolicy defaultCleanupPolicy;

    EventTopic(String suffix, int defaultPartitions, CleanupPolicy defaultCleanupPolicy) {
        this.suffix = suffix;
        this.defaultPartitions = defaultPartitions;
        this.defaultCleanupPolicy = defaultCleanupPolicy;
    }

    /** The part of the topic name after the prefix. */
    public String suffix() {
        return suffix;
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    public CleanupPolicy defaultCleanupPolicy() {
        return defaultCleanupPolicy;
    }
}
