package org.peng4nn.search.strategy;

import java.util.Arrays;

/**
 * The objective values of one evaluated candidate, all to be minimized (negate a value to maximize it),
 * or "infeasible" for a candidate that has no values (its training failed or its result never came).
 * Dominance follows Deb's constrained NSGA-II: a feasible candidate dominates every infeasible one, and
 * infeasible candidates do not dominate each other, so a failure never survives as an "optimal" trade-off
 * just because it is small. Immutable.
 */
public final class Objectives {

    private static final Objectives INFEASIBLE = new Objectives(new double[0], false);

    private final double[] values;
    private final boolean feasible;

    private Objectives(double[] values, boolean feasible) {
        this.values = values;
        this.feasible = feasible;
    }

    /** A feasible candidate with these objective values, each to be minimized; all finite. */
    public static Objectives minimize(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("at least one objective value is needed");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("objective values must be finite, got " + Arrays.toString(values));
            }
        }
        return new Objectives(values.clone(), true);
    }

    /** A candidate without objective values, worse than every feasible one. */
    public static Objectives infeasible() {
        return INFEASIBLE;
    }

    public boolean feasible() {
        return feasible;
    }

    /** Number of objective values; 0 when infeasible. */
    public int count() {
        return values.length;
    }

    public double value(int objective) {
        return values[objective];
    }

    /**
     * Whether this candidate is at least as good as {@code other} in every objective and better in one;
     * or feasible where {@code other} is not.
     *
     * @throws IllegalArgumentException when both are feasible with different numbers of objectives
     */
    public boolean dominates(Objectives other) {
        if (!feasible) {
            return false;
        }
        if (!other.feasible) {
            return true;
        }
        if (values.length != other.values.length) {
            throw new IllegalArgumentException("cannot compare " + this + " with " + other);
        }
        boolean better = false;
        for (int i = 0; i < values.length; i++) {
            if (values[i] > other.values[i]) {
                return false;
            }
            better |= values[i] < other.values[i];
        }
        return better;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Objectives other && feasible == other.feasible && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Boolean.hashCode(feasible);
    }

    @Override
    public String toString() {
        return feasible ? "minimize" + Arrays.toString(values) : "infeasible";
    }
}
