package org.peng4nn.engine.population;

import java.util.Arrays;
import java.util.List;

/**
 * How the finished curves of a search went on from their first {@code m} evaluations: a ridge
 * regression of the final accuracy on the {@link PrefixFeatures} of those evaluations, with a
 * conformal interval whose width follows the model (wider for a curve still climbing fast or far
 * from the ceiling).
 *
 * <p>The interval is split-conformal on leave-one-out residuals: each finished curve's error when
 * the regression is fitted without it (exact for ridge, through the hat matrix), divided by a scale
 * fitted to those errors; the interval at level α is ± the ⌈α(n+1)⌉-th smallest scaled error times
 * the scale of the curve at hand. With exchangeable curves that covers the final accuracy with
 * probability at least α, whatever the shape of the errors.
 */
final class PrefixRegression {

    /** Ridge penalty per curve on the standardised features: keeps the fit stable with ten curves. */
    private static final double RIDGE = 1e-3;
    private static final int P = PrefixFeatures.COUNT + 1;
    private static final int SCALE_TERMS = 3;

    private final int prefix;
    private final double[] mean;
    private final double[] sd;
    private final double[] beta;
    private final double[] scaleCoefficients;
    private final double scaleFloor;
    private final double quantile;
    private final int curves;
    private final double residualQuantile;
    /** (ZᵀZ + λ)⁻¹ of the standardised features: a new curve's leverage, how far it lies from the others. */
    private final double[][] inverse;

    private PrefixRegression(int prefix, double[] mean, double[] sd, double[] beta, double[] scaleCoefficients,
            double scaleFloor, double quantile, int curves, double residualQuantile, double[][] inverse) {
        this.residualQuantile = residualQuantile;
        this.inverse = inverse;
        this.prefix = prefix;
        this.mean = mean;
        this.sd = sd;
        this.beta = beta;
        this.scaleCoefficients = scaleCoefficients;
        this.scaleFloor = scaleFloor;
        this.quantile = quantile;
        this.curves = curves;
    }

    /** Fits the regression at prefix length {@code m} to full curves of equal length; needs at least two. */
    static PrefixRegression fit(List<FinishedCurve> finished, int m, double level) {
        int n = finished.size();
        double[][] x = new double[n][];
        double[] target = new double[n];
        for (int i = 0; i < n; i++) {
            FinishedCurve curve = finished.get(i);
            x[i] = curve.features(m);
            target[i] = curve.last() - x[i][PrefixFeatures.level()];
        }
        double[] mean = new double[PrefixFeatures.COUNT];
        double[] sd = new double[PrefixFeatures.COUNT];
        for (int j = 0; j < PrefixFeatures.COUNT; j++) {
            double s = 0;
            for (double[] row : x) {
                s += row[j];
            }
            mean[j] = s / n;
            double v = 0;
            for (double[] row : x) {
                v += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
            sd[j] = Math.sqrt(v / n) + 1e-9;
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardise(x[i], mean, sd);
        }
        double[][] a = new double[P][P];
        double[] zt = new double[P];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < P; j++) {
                zt[j] += z[i][j] * target[i];
                for (int k = 0; k < P; k++) {
                    a[j][k] += z[i][j] * z[i][k];
                }
            }
        }
        for (int j = 1; j < P; j++) {
            a[j][j] += RIDGE * n;
        }
        double[][] inverse = SmallMatrix.inverse(a);
        double[] beta = SmallMatrix.times(inverse, zt);

        // leave-one-out residuals, then a linear scale for their size
        double[] loo = new double[n];
        double[][] scaleRows = new double[n][];
        double[] root = new double[n];
        for (int i = 0; i < n; i++) {
            double h = SmallMatrix.quadratic(inverse, z[i]);
            loo[i] = Math.abs(target[i] - SmallMatrix.dot(beta, z[i])) / Math.max(1e-9, 1 - h);
            // a leave-one-out residual has variance σ²/(1 − h), a new curve's error σ²(1 + h_new)
            root[i] = Math.sqrt(Math.max(1e-9, 1 - h));
            scaleRows[i] = scaleTerms(z[i], x[i]);
        }
        double[] g = SmallMatrix.leastSquares(scaleRows, loo);
        // sorted once: for the floor (the median) and for the unscaled quantile below
        double[] sortedLoo = loo.clone();
        Arrays.sort(sortedLoo);
        double floor = Math.max(1e-9, median(sortedLoo));
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = loo[i] * root[i] / Math.max(floor, SmallMatrix.dot(g, scaleRows[i]));
        }
        Arrays.sort(scaled);
        int k = (int) Math.ceil(level * (n + 1));
        double q = k > n ? Double.POSITIVE_INFINITY : scaled[k - 1];
        double r = k > n ? Double.POSITIVE_INFINITY : sortedLoo[k - 1];
        return new PrefixRegression(m, mean, sd, beta, g, floor, q, n, r, inverse);
    }

    /** The conformal half-width at the nominal level without the per-curve scale: one width for every curve. */
    double residualQuantile() {
        return residualQuantile;
    }

    /** The estimate for a curve whose first {@code prefix} evaluations are {@code values[0..prefix)}. */
    FinalEstimate estimate(double[] values) {
        double[] x = PrefixFeatures.of(values, prefix);
        double[] z = standardise(x, mean, sd);
        double predicted = x[PrefixFeatures.level()] + SmallMatrix.dot(beta, z);
        double leverage = SmallMatrix.quadratic(inverse, z);
        double half = quantile * Math.max(scaleFloor, SmallMatrix.dot(scaleCoefficients, scaleTerms(z, x)))
                * Math.sqrt(1 + leverage);
        return new FinalEstimate(predicted, predicted - half, predicted + half, curves);
    }

    private static double[] standardise(double[] x, double[] mean, double[] sd) {
        double[] z = new double[P];
        z[0] = 1;
        for (int j = 0; j < PrefixFeatures.COUNT; j++) {
            z[j + 1] = (x[j] - mean[j]) / sd[j];
        }
        return z;
    }

    /** The error scale grows with how fast the curve still moves and how far it is from 100 %. */
    private static double[] scaleTerms(double[] z, double[] x) {
        double[] s = new double[SCALE_TERMS];
        s[0] = 1;
        s[1] = Math.abs(z[PrefixFeatures.slope() + 1]);
        s[2] = (100 - x[0]) / 100;
        return s;
    }

    /** The median of values sorted in ascending order. */
    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
