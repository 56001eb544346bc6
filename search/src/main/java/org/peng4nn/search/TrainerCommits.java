package org.peng4nn.search;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which job records the trainers have taken. A trainer takes a job by committing its consumer group's offset past
 * the job's record before it trains (see TrainerWorker), so a record below any group's committed offset on its
 * partition is in a trainer's hands, and one at or above it still waits in the queue. Any consumer group counts:
 * the driver need not know what the trainers' group is called. Not thread-safe.
 */
final class TrainerCommits {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerCommits.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    /** Where one job record lies on the jobs topic. */
    record JobRecord(TopicPartition partition, long offset) {
    }

    private final Admin admin;
    private final String jobsTopic;

    TrainerCommits(Admin admin, String jobsTopic) {
        this.admin = admin;
        this.jobsTopic = jobsTopic;
    }

    /**
     * The records among {@code records} that some consumer group has committed past. A failed look-up answers "none
     * taken" (and is logged): a lease then starts later, never early.
     */
    <K> Set<K> taken(Map<K, JobRecord> records) {
        Set<K> taken = new HashSet<>();
        if (records.isEmpty()) {
            return taken;
        }
        try {
            Map<TopicPartition, Long> committed = new HashMap<>();
            for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                offsets.forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(jobsTopic)) {
                        committed.merge(partition, offset.offset(), Math::max);
                    }
                });
            }
            records.forEach((key, record) -> {
                if (record.offset() < committed.getOrDefault(record.partition(), -1L)) {
                    taken.add(key);
                }
            });
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot read the trainers' commits on {}: {}", jobsTopic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SearchException("interrupted while reading the trainers' commits on " + jobsTopic, e);
        }
        return taken;
    }
}
