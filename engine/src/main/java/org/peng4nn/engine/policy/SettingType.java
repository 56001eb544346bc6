package org.peng4nn.engine.policy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.peng4nn.engine.curve.CurveFamilies;
import org.peng4nn.engine.curve.CurveFamily;

/**
 * The kind of value a {@link PolicySetting} holds, with its bounds: how it is read from text, which
 * values it accepts, and how both are written for people.
 */
public sealed interface SettingType<T> permits SettingType.Number, SettingType.WholeNumber, SettingType.Families {

    /**
     * The value of {@code text}.
     *
     * @throws IllegalArgumentException saying, after the setting's name, what is wrong ("must be a number ...")
     */
    T parse(String text);

    /** Whether {@code value} lies within the bounds. */
    boolean accepts(T value);

    /** The value as a person (and {@link #parse}) reads it. */
    String format(T value);

    /** The bounds alone, for listings: {@code (0, 100]}, {@code >= 0}. */
    String bounds();

    /** What a value must be, after "must be": {@code a number in (0, 100]}. */
    String expected();

    /**
     * A finite decimal number between two bounds, each included or not; an infinite upper bound
     * means none.
     */
    record Number(double min, boolean minIncluded, double max, boolean maxIncluded) implements SettingType<Double> {

        /** At least {@code min}, no upper bound. */
        public static Number atLeast(double min) {
            return new Number(min, true, Double.POSITIVE_INFINITY, false);
        }

        @Override
        public Double parse(String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be " + expected() + ", got '" + text + "'", e);
            }
        }

        @Override
        public boolean accepts(Double v) {
            return Double.isFinite(v) && (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
        }

        @Override
        public String format(Double value) {
            return plain(value);
        }

        @Override
        public String bounds() {
            if (Double.isInfinite(max)) {
                return (minIncluded ? ">= " : "> ") + plain(min);
            }
            return (minIncluded ? "[" : "(") + plain(min) + ", " + plain(max) + (maxIncluded ? "]" : ")");
        }

        @Override
        public String expected() {
            return "a number " + (Double.isInfinite(max) ? bounds() : "in " + bounds());
        }

        /** 0.5, 2, 1000: no trailing zeros, no exponent. */
        static String plain(double v) {
            return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        }
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    record WholeNumber(int min, int max) implements SettingType<Integer> {

        @Override
        public Integer parse(String text) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be " + expected() + ", got '" + text + "'", e);
            }
        }

        @Override
        public boolean accepts(Integer v) {
            return v >= min && v <= max;
        }

        @Override
        public String format(Integer value) {
            return value.toString();
        }

        @Override
        public String bounds() {
            return "[" + min + ", " + max + "]";
        }

        @Override
        public String expected() {
            return "a whole number in " + bounds();
        }
    }

    /** Curve families by name, comma-separated, at least one, each at most once. */
    record Families() implements SettingType<List<CurveFamily>> {

        @Override
        public List<CurveFamily> parse(String text) {
            List<CurveFamily> families = new ArrayList<>();
            for (String name : text.split(",")) {
                CurveFamily family;
                try {
                    family = CurveFamilies.byName(name.trim());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("must be " + expected() + "; '" + name.trim() + "' is none", e);
                }
                if (families.contains(family)) {
                    throw new IllegalArgumentException("must be " + expected() + "; it names " + family.name() + " twice");
                }
                families.add(family);
            }
            return families;
        }

        @Override
        public boolean accepts(List<CurveFamily> families) {
            return !families.isEmpty() && families.stream().distinct().count() == families.size();
        }

        @Override
        public String format(List<CurveFamily> families) {
            return families.stream().map(CurveFamily::name).collect(Collectors.joining(","));
        }

        @Override
        public String bounds() {
            return "from: " + String.join(",", CurveFamilies.names());
        }

        @Override
        public String expected() {
            return "one or more distinct curve families " + bounds();
        }
    }
}
