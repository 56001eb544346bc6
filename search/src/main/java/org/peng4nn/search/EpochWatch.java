package org.peng4nn.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.topics.Topic;

/**
 * The epoch events of one search as they are published, the driver's sign that a trainer is alive. Reads every
 * partition of the epochs topic from its end as of creation (the leases of jobs published after that are all that
 * matter), without a consumer group; the trainers' own events are the signal, not the predictor's output, so a
 * predictor that is down or behind never makes a live trainer look dead. Undecodable records are skipped.
 * Not thread-safe.
 */
final class EpochWatch implements AutoCloseable {

    /** One epoch event: which run of which model showed progress, and what it measured. */
    record Progress(String modelId, int run, JobLeases.Evaluation evaluation) {
    }

    private final String searchId;
    private final TopicTail<EpochMetric> tail;

    EpochWatch(Properties kafka, Topic<String, EpochMetric> topic, String searchId) {
        this.searchId = searchId;
        this.tail = new TopicTail<>(kafka, topic, "peng4nn-search-" + searchId + "-epochs");
    }

    /** The events of this search that arrived, waiting at most {@code wait} for the first. */
    List<Progress> poll(Duration wait) {
        List<Progress> progress = new ArrayList<>();
        for (EpochMetric event : tail.poll(wait)) {
            if (searchId.equals(event.getSearchId())) {
                progress.add(new Progress(event.getModelId(), event.getRun(),
                        new JobLeases.Evaluation(event.getEpoch(), event.getValue())));
            }
        }
        return progress;
    }

    @Override
    public void close() {
        tail.close();
    }
}
