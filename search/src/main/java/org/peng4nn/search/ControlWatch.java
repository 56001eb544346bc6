package org.peng4nn.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;
import org.peng4nn.topics.Topic;

/**
 * The manual stops of one search's runs as they are published: {@code StopCommand}s with reason MANUAL on the control
 * topic (the dashboard's stop button and {@code ./peng4nn stop}), read committed, from the topic's end as of creation,
 * without a consumer group. The predictor's own stops are not read here: each of those comes with a ModelResult.
 * Undecodable records are skipped. Not thread-safe.
 */
final class ControlWatch implements AutoCloseable {

    /**
     * One manual stop.
     *
     * @param modelId        the stopped model
     * @param run            the run the command applies to
     * @param atEpoch        0-based epoch of the last evaluation the operator saw
     * @param predictedFinal the prediction the operator saw, or null
     */
    record ManualStopSeen(String modelId, int run, double atEpoch, Double predictedFinal) {
    }

    private final String searchId;
    private final TopicTail<StopCommand> tail;

    ControlWatch(Properties kafka, Topic<String, StopCommand> topic, String searchId) {
        this.searchId = searchId;
        this.tail = new TopicTail<>(kafka, topic, "peng4nn-search-" + searchId + "-control");
    }

    /** The manual stops of this search that arrived, waiting at most {@code wait} for the first. */
    List<ManualStopSeen> poll(Duration wait) {
        List<ManualStopSeen> stops = new ArrayList<>();
        for (StopCommand command : tail.poll(wait)) {
            if (command.getReason() == StopReason.MANUAL && searchId.equals(command.getSearchId())) {
                stops.add(new ManualStopSeen(command.getModelId(), command.getRun(), command.getAtEpoch(),
                        command.getPredictedFinal()));
            }
        }
        return stops;
    }

    @Override
    public void close() {
        tail.close();
    }
}
