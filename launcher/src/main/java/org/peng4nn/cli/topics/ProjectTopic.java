package org.peng4nn.cli.topics;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.peng4nn.events.serde.AvroSerde;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;

/**
 * A topic of the project by role, which says how to decode its records.
 *
 * @param role what the topic carries
 * @param name the topic's full name on the cluster
 */
public record ProjectTopic(EventTopic role, String name) {

    /** The roles as a user writes them: jobs, epochs, control, predictions, results, dlq. */
    public static final String ROLES = Arrays.stream(EventTopic.values()).map(EventTopic::suffix)
            .collect(Collectors.joining(", "));

    /**
     * The topic a user means by {@code given}: a role ({@code epochs}: the catalogue's topic under {@code prefix}), or
     * a full name that ends in a role ({@code peng4nn.epochs}, or {@code replay-1a2b3c4d.epochs} of a replay's
     * namespace, so that any deployment's topics can be read).
     *
     * @throws IllegalArgumentException naming the roles, when {@code given} is neither
     */
    public static ProjectTopic resolve(String given, String prefix) {
        String name = given.strip();
        for (EventTopic role : EventTopic.values()) {
            if (name.equalsIgnoreCase(role.suffix())) {
                return new ProjectTopic(role, prefix + role.suffix());
            }
        }
        for (EventTopic role : EventTopic.values()) {
            if (name.endsWith("." + role.suffix()) || name.equals(prefix + role.suffix())) {
                return new ProjectTopic(role, name);
            }
        }
        throw new IllegalArgumentException("'" + given + "' is not a topic of the project: give a role (" + ROLES
                + ") or a full topic name that ends in one, e.g. " + prefix + EventTopic.EPOCHS.suffix());
    }

    /** The serde of this topic's values; null for the dead-letter topic, whose values are whatever could not be decoded. */
    public AvroSerde<? extends SpecificRecord> events() {
        return events(role);
    }

    static AvroSerde<? extends SpecificRecord> events(EventTopic role) {
        return switch (role) {
            case JOBS -> EventSerdes.trainingJob();
            case EPOCHS -> EventSerdes.epochMetric();
            case CONTROL -> EventSerdes.stopCommand();
            case PREDICTIONS -> EventSerdes.prediction();
            case RESULTS -> EventSerdes.modelResult();
            case DLQ -> null;
        };
    }
}
