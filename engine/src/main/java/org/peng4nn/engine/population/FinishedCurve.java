package org.peng4nn.engine.population;

/**
 * A finished curve of a population with what every regression reads from it more than once: the best
 * value of each of its prefixes. A finished curve never changes, but a population is refitted at each
 * prefix length every time a curve joins it, so without this each fit scanned every kept curve up to
 * the prefix again (docs/BENCHMARKS.md, issue 13, lever C). Computed once, when the curve joins, by
 * the same running maximum as {@link PrefixFeatures#of(double[], int)}: the features, and so every
 * estimate, are bit for bit those of the scan. Immutable (the arrays are never handed out); it costs
 * one more array of the curve's length, so a population stays bounded by its capacity.
 */
final class FinishedCurve {

    private final double[] values;
    /** {@code best[k]}: the largest of {@code values[0..k]}. */
    private final double[] best;

    private FinishedCurve(double[] values, double[] best) {
        this.values = values;
        this.best = best;
    }

    /** The curve of {@code values} (copied). */
    static FinishedCurve of(double[] values) {
        double[] copy = values.clone();
        double[] best = new double[copy.length];
        double b = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < copy.length; i++) {
            b = Math.max(b, copy[i]);
            best[i] = b;
        }
        return new FinishedCurve(copy, best);
    }

    int length() {
        return values.length;
    }

    double last() {
        return values[values.length - 1];
    }

    /** The {@link PrefixFeatures} of the first {@code n} values, equal bit for bit to {@code PrefixFeatures.of(values, n)}. */
    double[] features(int n) {
        return PrefixFeatures.of(values, n, best[n - 1]);
    }

    /** A copy of the values. */
    double[] values() {
        return values.clone();
    }

    /** The values themselves, for comparisons inside the package; never to be changed. */
    double[] valuesShared() {
        return values;
    }
}
