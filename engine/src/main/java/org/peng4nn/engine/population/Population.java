package org.peng4nn.engine.population;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The finished curves of one search that trained to one budget ({@code length} evaluations), the
 * evidence a {@link PrefixRegression} learns from. Immutable: {@link #with} returns a new
 * population. Holds at most {@code capacity} curves, the most recent, so its state stays bounded
 * and it follows a search whose models improve as it goes.
 *
 * <p>Regressions are fitted on first use per prefix length and kept; being a pure function of the
 * curves, the cache never changes an answer. What a fit reads from each curve more than once (the best
 * value of each prefix, {@link FinishedCurve}) is computed when the curve joins and shared by every later
 * population holding it, so a refit after a finish no longer scans the kept curves.
 */
public final class Population {

    private final int length;
    private final int capacity;
    private final List<FinishedCurve> curves;
    private final PrefixRegression[] fitted;
    private double fittedLevel = Double.NaN;

    private Population(int length, int capacity, List<FinishedCurve> curves) {
        this.length = length;
        this.capacity = capacity;
        this.curves = curves;
        this.fitted = new PrefixRegression[length];
    }

    /** No curves yet, for a budget of {@code length} evaluations. */
    public static Population empty(int length, int capacity) {
        if (length < 2 || capacity < 2) {
            throw new IllegalArgumentException("a population needs curves of at least 2 evaluations and room for 2,"
                    + " got length " + length + " and capacity " + capacity);
        }
        return new Population(length, capacity, List.of());
    }

    /** This population with one more finished curve of {@link #length()} accuracies (percent). */
    public Population with(double[] finished) {
        if (finished.length != length) {
            throw new IllegalArgumentException("a population of " + length + "-evaluation curves cannot take one of "
                    + finished.length);
        }
        for (double v : finished) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("a finished curve has a non-finite accuracy: " + v);
            }
        }
        List<FinishedCurve> next = new ArrayList<>(Math.min(capacity, curves.size() + 1));
        next.addAll(curves.size() < capacity ? curves : curves.subList(curves.size() - capacity + 1, curves.size()));
        next.add(FinishedCurve.of(finished));
        return new Population(length, capacity, List.copyOf(next));
    }

    public int length() {
        return length;
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return curves.size();
    }

    /** The curves, oldest first; copies. */
    public List<double[]> curves() {
        List<double[]> copy = new ArrayList<>(curves.size());
        curves.forEach(c -> copy.add(c.values()));
        return copy;
    }

    /**
     * The final accuracy of a curve whose first {@code prefix} evaluations are
     * {@code values[0..prefix)}, at nominal coverage {@code level}; needs two curves or more and
     * {@code 1 <= prefix < length}.
     */
    public FinalEstimate estimate(double[] values, int prefix, double level) {
        if (curves.size() < 2 || prefix < 1 || prefix >= length) {
            throw new IllegalArgumentException("no estimate from " + curves.size() + " curves at prefix " + prefix
                    + " of " + length);
        }
        synchronized (fitted) {
            if (Double.compare(level, fittedLevel) != 0) {
                Arrays.fill(fitted, null);
                fittedLevel = level;
            }
            if (fitted[prefix] == null) {
                fitted[prefix] = PrefixRegression.fit(curves, prefix, level);
            }
            return fitted[prefix].estimate(values);
        }
    }

    /**
     * How precisely the finished curves' last evaluation follows from all the others: the half-width
     * at nominal coverage {@code level} of the regression at prefix {@code length − 1}, one width for
     * every curve. Training to the end cannot forecast the final more precisely than this, so it is
     * the irreducible part of any interval (the noise of one evaluation, as the search measured it).
     * Needs two curves or more; +∞ while they are too few for the level.
     */
    public double finalNoise(double level) {
        if (curves.size() < 2) {
            throw new IllegalArgumentException("no final noise from " + curves.size() + " curves");
        }
        synchronized (fitted) {
            if (Double.compare(level, fittedLevel) != 0) {
                Arrays.fill(fitted, null);
                fittedLevel = level;
            }
            if (fitted[length - 1] == null) {
                fitted[length - 1] = PrefixRegression.fit(curves, length - 1, level);
            }
            return fitted[length - 1].residualQuantile();
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Population p) || p.length != length || p.capacity != capacity
                || p.curves.size() != curves.size()) {
            return false;
        }
        for (int i = 0; i < curves.size(); i++) {
            if (!Arrays.equals(curves.get(i).valuesShared(), p.curves.get(i).valuesShared())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 31 * length + capacity;
        for (FinishedCurve c : curves) {
            h = 31 * h + Arrays.hashCode(c.valuesShared());
        }
        return h;
    }

    @Override
    public String toString() {
        return "Population[length=" + length + ", curves=" + curves.size() + "/" + capacity + "]";
    }
}
