package org.peng4nn.trainer;

import java.util.Objects;
import java.util.Properties;

import org.peng4nn.topics.TopicCatalogue;

/**
 * Configuration of one {@link TrainerWorker}.
 *
 * @param kafka        client properties, at least {@code bootstrap.servers}
 * @param topics       where the jobs, epochs, control and results topics are
 * @param groupId      consumer group the workers share jobs in (default {@value #DEFAULT_GROUP})
 * @param trainerId    this worker's name in EpochMetric.trainer_id and logs
 * @param datasets     datasets shared by the workers of this process
 * @param showProgress whether to draw a progress bar per epoch on stderr
 */
public record WorkerOptions(Properties kafka, TopicCatalogue topics, String groupId, String trainerId,
        DatasetCache datasets, boolean showProgress) {

    /** The consumer group of trainers unless told otherwise. */
    public static final String DEFAULT_GROUP = "peng4nn-trainers";

    /** Checks that nothing is missing. */
    public WorkerOptions {
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(trainerId, "trainerId");
        Objects.requireNonNull(datasets, "datasets");
    }
}
