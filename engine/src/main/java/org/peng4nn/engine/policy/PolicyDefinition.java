package org.peng4nn.engine.policy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A stopping policy as {@link Policies} registers it: its name, what it is, the settings it declares
 * and how it is built from their values. Each policy class declares its own.
 *
 * @param name     the name on the command line and in events
 * @param summary  one line, for listings
 * @param settings every setting the policy accepts, in the order listings show them
 * @param build    the policy for a full set of valid values
 */
public record PolicyDefinition(String name, String summary, List<PolicySetting<?>> settings,
        Function<Values, StoppingPolicy> build) {

    public PolicyDefinition {
        settings = List.copyOf(settings);
    }

    /**
     * The policy configured by {@code given} (absent keys take their defaults; '-' in a key is read
     * as '_', so {@code c-min} is {@code c_min}).
     *
     * @throws IllegalArgumentException for an unknown setting or a bad value, naming the policy
     */
    public StoppingPolicy configure(Map<String, String> given) {
        Map<String, String> texts = new HashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            String key = e.getKey().replace('-', '_');
            if (e.getValue() == null) {
                throw new IllegalArgumentException("policy " + name + ": setting " + key + " has no value");
            }
            if (texts.put(key, e.getValue()) != null) {
                throw new IllegalArgumentException("policy " + name + ": setting " + key + " given twice");
            }
            if (settings.stream().noneMatch(s -> s.key().equals(key))) {
                throw new IllegalArgumentException("policy " + name + " has no setting '" + key + "'; its settings: "
                        + settings.stream().map(PolicySetting::key).collect(Collectors.joining(", ")));
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (PolicySetting<?> s : settings) {
            String text = texts.get(s.key());
            try {
                values.put(s.key(), text == null ? s.defaultValue() : s.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("policy " + name + ": " + e.getMessage(), e);
            }
        }
        return build.apply(new Values(values));
    }

    /** The values {@code tune} tries when given no grid: each setting with tune values, in declaration order. */
    public Map<String, List<String>> tuneGrid() {
        Map<String, List<String>> grid = new LinkedHashMap<>();
        for (PolicySetting<?> s : settings) {
            if (!s.tuneValues().isEmpty()) {
                grid.put(s.key(), s.tuneGrid());
            }
        }
        return grid;
    }

    /** One value per declared setting, typed by the declaration that read it. */
    public static final class Values {
        private final Map<String, Object> byKey;

        private Values(Map<String, Object> byKey) {
            this.byKey = Map.copyOf(byKey);
        }

        @SuppressWarnings("unchecked") // configure() stored a T under each PolicySetting<T>'s key
        public <T> T get(PolicySetting<T> setting) {
            Object v = byKey.get(setting.key());
            if (v == null) {
                throw new IllegalArgumentException("no value for setting " + setting.key());
            }
            return (T) v;
        }
    }
}
