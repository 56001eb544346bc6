package org.peng4nn.topics;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TopicAdmin#ensureTopics} found for one topic.
 *
 * @param spec       what the catalogue asked for
 * @param outcome    whether the topic was created now or existed before
 * @param mismatches how the topic on the broker differs from the spec, one sentence each; empty when it matches
 */
public record TopicReport(TopicSpec spec, Outcome outcome, List<String> mismatches) {

    public enum Outcome {
        CREATED,
        ALREADY_EXISTED
    }

    public TopicReport {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(outcome, "outcome");
        mismatches = List.copyOf(mismatches);
    }

    public boolean matchesSpec() {
        return mismatches.isEmpty();
    }
}
