package org.peng4nn.engine.policy;

import java.util.Arrays;

/**
 * The fitness of the models that finished so far, best first: the ranking a rank-aware policy holds
 * a running model against (the search's leaderboard without the models' names). Immutable.
 */
public final class FinishedFitness {

    public static final FinishedFitness EMPTY = new FinishedFitness(new double[0]);

    /** Descending. */
    private final double[] best;

    private FinishedFitness(double[] best) {
        this.best = best;
    }

    /** These fitness values, in any order. */
    public static FinishedFitness of(double... fitness) {
        double[] sorted = fitness.clone();
        for (double f : sorted) {
            if (Double.isNaN(f)) {
                throw new IllegalArgumentException("a finished model's fitness cannot be NaN");
            }
        }
        Arrays.sort(sorted);
        for (int i = 0, j = sorted.length - 1; i < j; i++, j--) {
            double t = sorted[i];
            sorted[i] = sorted[j];
            sorted[j] = t;
        }
        return new FinishedFitness(sorted);
    }

    /** These values plus one more finished model; NaN is refused. */
    public FinishedFitness with(double fitness) {
        if (Double.isNaN(fitness)) {
            throw new IllegalArgumentException("a finished model's fitness cannot be NaN");
        }
        int at = 0;
        while (at < best.length && best[at] >= fitness) {
            at++;
        }
        double[] next = new double[best.length + 1];
        System.arraycopy(best, 0, next, 0, at);
        next[at] = fitness;
        System.arraycopy(best, at, next, at + 1, best.length - at);
        return new FinishedFitness(next);
    }

    public int size() {
        return best.length;
    }

    /**
     * The k-th best fitness, k = 1 for the best. With fewer than k models it is
     * {@code -Infinity}: anything makes a top k that is not full yet, so "prune when your best case is
     * below the k-th best" needs no special case.
     */
    public double kthBest(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k counts from 1, got " + k);
        }
        return k <= best.length ? best[k - 1] : Double.NEGATIVE_INFINITY;
    }

    /** All fitness values, best first. */
    public double[] values() {
        return best.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FinishedFitness l && Arrays.equals(best, l.best);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(best);
    }

    @Override
    public String toString() {
        return "Leaderboard" + Arrays.toString(best);
    }
}
