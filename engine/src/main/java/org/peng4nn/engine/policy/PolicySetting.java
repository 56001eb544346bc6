package org.peng4nn.engine.policy;

import java.util.Arrays;
import java.util.List;

/**
 * One setting of a policy, declared once: its name, type and bounds, default, meaning and the values
 * {@code tune} tries when given no grid. Parsing ({@code -s key=value}), validation of a policy's
 * config, the {@code policies} listing and the default tune grid all read this declaration.
 *
 * @param key          the name in settings maps (command-line flags may spell '_' as '-')
 * @param type         the kind of value and its bounds
 * @param defaultValue the value used when the setting is absent
 * @param description  one line: meaning and unit (the bounds are added from {@code type})
 * @param tuneValues   what {@code tune} tries by default; empty when it leaves the setting alone
 */
public record PolicySetting<T>(String key, SettingType<T> type, T defaultValue, String description,
        List<T> tuneValues) {

    public PolicySetting {
        tuneValues = List.copyOf(tuneValues);
        if (!type.accepts(defaultValue)) {
            throw new IllegalArgumentException("setting " + key + ": default outside its bounds " + type.bounds());
        }
        for (T v : tuneValues) {
            if (!type.accepts(v)) {
                throw new IllegalArgumentException("setting " + key + ": tune value outside its bounds " + type.bounds());
            }
        }
    }

    public static PolicySetting<Double> number(String key, SettingType.Number bounds, double defaultValue,
            String description, double... tuneValues) {
        return new PolicySetting<>(key, bounds, defaultValue, description, Arrays.stream(tuneValues).boxed().toList());
    }

    public static PolicySetting<Integer> wholeNumber(String key, int min, int max, int defaultValue,
            String description, int... tuneValues) {
        return new PolicySetting<>(key, new SettingType.WholeNumber(min, max), defaultValue, description,
                Arrays.stream(tuneValues).boxed().toList());
    }

    /**
     * The value of {@code text}, within bounds.
     *
     * @throws IllegalArgumentException naming the setting and what it must be
     */
    public T parse(String text) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting " + key + " " + e.getMessage(), e);
        }
        return check(value, text);
    }

    /**
     * {@code value} itself when it lies within the bounds: every config of a policy passes its values
     * through here, whether they came from text or from code.
     *
     * @throws IllegalArgumentException naming the setting and its bounds
     */
    public T check(T value) {
        return check(value, type.format(value));
    }

    private T check(T value, String given) {
        if (!type.accepts(value)) {
            throw new IllegalArgumentException("setting " + key + " must be " + type.expected() + ", got " + given);
        }
        return value;
    }

    public String defaultText() {
        return type.format(defaultValue);
    }

    /** The tune values as text, for a settings grid. */
    public List<String> tuneGrid() {
        return tuneValues.stream().map(type::format).toList();
    }

    /** The description with what a value must be, for listings. */
    public String help() {
        return description + " — " + type.expected();
    }
}
