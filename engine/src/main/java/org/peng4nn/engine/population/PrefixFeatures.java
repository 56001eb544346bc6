package org.peng4nn.engine.population;

/**
 * What the population model reads from the first evaluations of a curve. Few, smooth features on
 * purpose: a search has tens of finished curves when the model is first trusted, and a regression
 * on the raw points of a noisy curve overfits them (measured on the Baker files, docs/policy.md).
 */
final class PrefixFeatures {

    /** Number of features, without the intercept. */
    static final int COUNT = 4;
    /** Evaluations averaged into the recent level: one dip or spike moves it by a third. */
    static final int RECENT = 3;

    private PrefixFeatures() {
    }

    /**
     * The features of {@code values[0..n)}: the last value, the mean of the last {@value #RECENT}
     * (the level the prediction is anchored to), the recent slope per evaluation and the best value so far.
     */
    static double[] of(double[] values, int n) {
        if (n < 1 || n > values.length) {
            throw new IllegalArgumentException("a prefix of " + n + " evaluations of a curve of " + values.length);
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            best = Math.max(best, values[i]);
        }
        return of(values, n, best);
    }

    /**
     * {@link #of(double[], int)} with the best of {@code values[0..n)} already known ({@link FinishedCurve}
     * keeps it per prefix): the same operations in the same order, so the same bits, without the scan.
     */
    static double[] of(double[] values, int n, double best) {
        if (n < 1 || n > values.length) {
            throw new IllegalArgumentException("a prefix of " + n + " evaluations of a curve of " + values.length);
        }
        double last = values[n - 1];
        int from = Math.max(0, n - RECENT);
        double sum = 0;
        for (int i = from; i < n; i++) {
            sum += values[i];
        }
        double slope = n == 1 ? 0 : (last - values[from]) / Math.max(1, Math.min(RECENT - 1, n - 1));
        return new double[] {last, sum / (n - from), slope, best};
    }

    /** Index of the recent level in {@link #of}: the regression predicts the gain over it. */
    static int level() {
        return 1;
    }

    /** Index of the recent slope in {@link #of}. */
    static int slope() {
        return 2;
    }
}
