package org.peng4nn.engine.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.peng4nn.engine.curve.CurveFamilies;
import org.peng4nn.engine.curve.CurveFamily;

/**
 * The stopping policies by name, with their settings.
 *
 * <p>{@code penguin} — PENGUIN's reference behaviour ({@link PenguinPolicy}):
 * <ul>
 *   <li>{@code threshold} (0.5): pp each of the last {@code window} predictions may lie from their median</li>
 *   <li>{@code window} (3): number of latest predictions that must agree</li>
 *   <li>{@code c_min} (3): first epoch at which a prediction is made</li>
 * </ul>
 *
 * <p>{@code ensemble} — the default ({@link EnsemblePolicy}); its settings are listed by
 * {@link #settings(String)} and explained in docs/policy.md.
 */
public final class Policies {

    private static final List<PolicySetting> PENGUIN_SETTINGS = List.of(
            new PolicySetting("threshold", "0.5",
                    "percentage points each of the last `window` predictions may lie from their median (>= 0)"),
            new PolicySetting("window", "3", "number of latest predictions that must agree before stopping (>= 1)"),
            new PolicySetting("c_min", "3", "first epoch at which a prediction is made (>= 0)"));

    private static final List<PolicySetting> ENSEMBLE_SETTINGS = List.of(
            new PolicySetting("threshold", "0.5",
                    "least tolerance in pp: predictions must agree, and families span at most spread x tol (> 0)"),
            new PolicySetting("window", "3", "number of latest predictions that must agree before stopping (>= 1)"),
            new PolicySetting("spread", "2",
                    "allowed range of the families' predictions, in units of the tolerance (> 0)"),
            new PolicySetting("min_fraction", "0.2",
                    "share of max_epochs trained before any stop, scale-free across budgets ([0, 1])"),
            new PolicySetting("noise_multiple", "0",
                    "tolerance also grows to this many standard errors of the recent level, sigma/sqrt(n) (>= 0; 0 off)"),
            new PolicySetting("level_window", "3",
                    "evaluations whose median floors the prediction: a level already shown (>= 0; 0 off)"),
            new PolicySetting("families", "peng4nn,pow3,mmf",
                    "curve families fitted, comma-separated, from: " + String.join(",", CurveFamilies.names())),
            new PolicySetting("prune_top", "0",
                    "stop (PRUNED) models whose optimistic prediction misses this top share of the leaderboard ([0, 1); 0 off)"));

    /** PENGUIN's reference behaviour, the baseline every other policy is measured against. */
    public static final String REFERENCE = PenguinPolicy.NAME;

    /** The policy commands run when none is named. */
    public static final String DEFAULT = EnsemblePolicy.NAME;

    private Policies() {
    }

    /**
     * The values {@code tune} tries for {@code name} when no grid is given: each setting the
     * policy declares tunable, over a range around its default.
     */
    public static Map<String, List<String>> defaultGrid(String name) {
        return switch (known(name)) {
            case PenguinPolicy.NAME -> grid("threshold", List.of("0.1", "0.25", "0.5", "0.75", "1", "1.5", "2"),
                    "window", List.of("2", "3", "4", "5"));
            case EnsemblePolicy.NAME -> grid("threshold", List.of("0.25", "0.5", "0.75", "1", "1.5"),
                    "spread", List.of("1", "2", "3", "4"), "window", List.of("2", "3", "4"));
            case NeverStopPolicy.NAME -> Map.of();
            default -> throw new IllegalStateException("unreachable: " + name);
        };
    }

    private static Map<String, List<String>> grid(String key1, List<String> values1, String key2, List<String> values2) {
        Map<String, List<String>> grid = new java.util.LinkedHashMap<>();
        grid.put(key1, values1);
        grid.put(key2, values2);
        return grid;
    }

    private static Map<String, List<String>> grid(String key1, List<String> values1, String key2, List<String> values2,
            String key3, List<String> values3) {
        Map<String, List<String>> grid = grid(key1, values1, key2, values2);
        grid.put(key3, values3);
        return grid;
    }

    /** The known policy names, the reference first. */
    public static List<String> names() {
        return List.of(PenguinPolicy.NAME, EnsemblePolicy.NAME, NeverStopPolicy.NAME);
    }

    /** The settings {@code name} accepts, with defaults and descriptions. */
    public static List<PolicySetting> settings(String name) {
        return switch (known(name)) {
            case PenguinPolicy.NAME -> PENGUIN_SETTINGS;
            case EnsemblePolicy.NAME -> ENSEMBLE_SETTINGS;
            case NeverStopPolicy.NAME -> List.of();
            default -> throw new IllegalStateException("unreachable: " + name);
        };
    }

    /** The policy {@code name} with its defaults. */
    public static StoppingPolicy byName(String name) {
        return byName(name, Map.of());
    }

    /**
     * The policy {@code name} configured by {@code settings} (absent keys take their defaults;
     * '-' in a key is read as '_', so {@code c-min} is {@code c_min}).
     *
     * @throws IllegalArgumentException for an unknown policy, an unknown setting or a bad value
     */
    public static StoppingPolicy byName(String name, Map<String, String> settings) {
        String policy = known(name);
        Settings s = new Settings(policy, settings, settings(policy));
        return switch (policy) {
            case PenguinPolicy.NAME -> new PenguinPolicy(
                    s.number("threshold", 0, Double.POSITIVE_INFINITY),
                    (int) s.integer("window", 1, 1_000),
                    s.number("c_min", 0, 1e9));
            case EnsemblePolicy.NAME -> new EnsemblePolicy(new EnsemblePolicy.Config(
                    s.families("families"),
                    s.number("threshold", Double.MIN_NORMAL, 100),
                    (int) s.integer("window", 1, 1_000),
                    s.number("min_fraction", 0, 1),
                    s.number("noise_multiple", 0, 1e3),
                    s.number("spread", Double.MIN_NORMAL, 1e3),
                    (int) s.integer("level_window", 0, 1_000),
                    s.number("prune_top", 0, 0.99)));
            case NeverStopPolicy.NAME -> new NeverStopPolicy(byName(DEFAULT));
            default -> throw new IllegalStateException("unreachable: " + policy);
        };
    }

    private static String known(String name) {
        if (name == null || !names().contains(name)) {
            throw new IllegalArgumentException("unknown policy '" + name + "'; known policies: "
                    + String.join(", ", names()));
        }
        return name;
    }

    /** Typed reads of one policy's settings, with the policy named in every error. */
    private static final class Settings {
        private final String policy;
        private final Map<String, String> values;
        private final List<PolicySetting> accepted;

        Settings(String policy, Map<String, String> given, List<PolicySetting> accepted) {
            this.policy = policy;
            this.accepted = accepted;
            this.values = new HashMap<>();
            for (Map.Entry<String, String> e : given.entrySet()) {
                String key = e.getKey().replace('-', '_');
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("policy " + policy + ": setting " + key + " has no value");
                }
                if (values.put(key, e.getValue()) != null) {
                    throw new IllegalArgumentException("policy " + policy + ": setting " + key + " given twice");
                }
            }
            for (String key : values.keySet()) {
                if (accepted.stream().noneMatch(a -> a.key().equals(key))) {
                    throw new IllegalArgumentException("policy " + policy + " has no setting '" + key
                            + "'; its settings: " + accepted.stream().map(PolicySetting::key)
                                    .collect(Collectors.joining(", ")));
                }
            }
        }

        private String raw(String key) {
            String v = values.get(key);
            if (v != null) {
                return v.trim();
            }
            return accepted.stream().filter(a -> a.key().equals(key)).findFirst().orElseThrow().defaultValue();
        }

        double number(String key, double min, double max) {
            String text = raw(key);
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("policy " + policy + ": setting " + key + " must be a number, got '"
                        + text + "'", e);
            }
            if (!(v >= min && v <= max) || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("policy " + policy + ": setting " + key + " must be a finite number in ["
                        + min + ", " + max + "], got " + text);
            }
            return v;
        }

        /** A comma-separated list of known curve family names, each at most once. */
        List<CurveFamily> families(String key) {
            String text = raw(key);
            List<CurveFamily> families = new java.util.ArrayList<>();
            for (String name : text.split(",")) {
                CurveFamily family;
                try {
                    family = CurveFamilies.byName(name.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("policy " + policy + ": setting " + key + ": " + e.getMessage(), e);
                }
                if (families.contains(family)) {
                    throw new IllegalArgumentException("policy " + policy + ": setting " + key + " names "
                            + family.name() + " twice");
                }
                families.add(family);
            }
            return families;
        }

        long integer(String key, long min, long max) {
            String text = raw(key);
            long v;
            try {
                v = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("policy " + policy + ": setting " + key + " must be a whole number, got '"
                        + text + "'", e);
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException("policy " + policy + ": setting " + key + " must be in [" + min + ", "
                        + max + "], got " + v);
            }
            return v;
        }
    }
}
