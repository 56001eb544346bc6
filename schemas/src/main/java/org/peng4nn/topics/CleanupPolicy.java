package org.peng4nn.topics;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code cleanup.policy} of a topic. */
public enum CleanupPolicy {
    /** Segments are deleted by age or size: event streams. */
    DELETE("delete"),
    /** Only the latest record per key is kept: tables such as the results of each model. */
    COMPACT("compact"),
    /** Compacted, and old segments deleted too. */
    COMPACT_AND_DELETE("compact,delete");

    /** The topic configuration key. */
    public static final String CONFIG = "cleanup.policy";

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value of {@link #CONFIG}. */
    public String configValue() {
        return configValue;
    }

    /** Whether a broker's {@code cleanup.policy} value means this policy; the broker may list parts in any order or case. */
    public boolean matches(String brokerValue) {
        return parts(configValue).equals(parts(brokerValue == null ? "" : brokerValue));
    }

    private static Set<String> parts(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .map(String::toLowerCase)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
