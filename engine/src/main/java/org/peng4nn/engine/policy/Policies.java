package org.peng4nn.engine.policy;

import java.util.List;
import java.util.Map;

/**
 * The registry of stopping policies: each policy class declares its {@link PolicyDefinition} (name,
 * settings, how it is built) and is registered here once, so a new policy is one class and one line
 * in {@link #REGISTERED}. Everything else ({@code byName}, the settings listing, the {@code tune}
 * grid) reads the definitions.
 */
public final class Policies {

    /** Every policy, the reference first: the order of listings. */
    private static final List<PolicyDefinition> REGISTERED = List.of(
            PenguinPolicy.DEFINITION,
            EnsemblePolicy.DEFINITION,
            PopulationPolicy.DEFINITION,
            NeverStopPolicy.DEFINITION);

    /** PENGUIN's reference behaviour, the baseline every other policy is measured against. */
    public static final String REFERENCE = PenguinPolicy.NAME;

    /** The policy commands run when none is named. */
    public static final String DEFAULT = PopulationPolicy.NAME;

    private Policies() {
    }

    /** The known policy names, the reference first. */
    public static List<String> names() {
        return REGISTERED.stream().map(PolicyDefinition::name).toList();
    }

    /**
     * The definition registered as {@code name}.
     *
     * @throws IllegalArgumentException for an unknown policy, listing the known ones
     */
    public static PolicyDefinition definition(String name) {
        return REGISTERED.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown policy '" + name + "'; known policies: "
                        + String.join(", ", names())));
    }

    /** The settings {@code name} accepts, with defaults, bounds and descriptions. */
    public static List<PolicySetting<?>> settings(String name) {
        return definition(name).settings();
    }

    /** The values {@code tune} tries for {@code name} when no grid is given. */
    public static Map<String, List<String>> defaultGrid(String name) {
        return definition(name).tuneGrid();
    }

    /** The policy {@code name} with its defaults. */
    public static StoppingPolicy byName(String name) {
        return byName(name, Map.of());
    }

    /**
     * The policy {@code name} configured by {@code settings}, as {@link PolicyDefinition#configure}.
     *
     * @throws IllegalArgumentException for an unknown policy, an unknown setting or a bad value
     */
    public static StoppingPolicy byName(String name, Map<String, String> settings) {
        return definition(name).configure(settings);
    }
}
