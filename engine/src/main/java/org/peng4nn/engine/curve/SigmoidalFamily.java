package org.peng4nn.engine.curve;

import java.util.List;

/**
 * The three sigmoidal families of Domhan et al. that rise from β (at t → 0) to the asymptote α,
 * {@code F(t) = α - (α - β)·g(t; κ, δ)} with a decay g from 1 to 0, evaluated at {@code t = x + 1}
 * (the 1-based epoch count these forms were published for; it also keeps log t finite at the first
 * evaluation). They share bounds {@code α ∈ [0, 200]}, {@code β ∈ [-100, 200]}, {@code κ ∈ [0, 10]},
 * {@code δ ∈ [0, 10]} and the start-value recipe: α a little above the best accuracy, β a little
 * below the worst, then κ and δ from a straight line through the linearised decay
 * {@code ln h((α - y)/(α - β)) = δ·ln t + const} where h undoes the family's outer function.
 */
abstract sealed class SigmoidalFamily implements CurveFamily
        permits WeibullFamily, MmfFamily, JanoschekFamily {

    private static final List<String> NAMES = List.of("alpha", "beta", "kappa", "delta");
    private static final double[] LOWER = {0.0, -100.0, 0.0, 0.0};
    private static final double[] UPPER = {200.0, 200.0, 10.0, 10.0};
    private static final double[] FALLBACK = {90.0, 10.0, 0.5, 1.0};

    @Override
    public List<String> parameterNames() {
        return NAMES;
    }

    @Override
    public int parameterCount() {
        return 4;
    }

    @Override
    public double lowerBound(int j) {
        return LOWER[j];
    }

    @Override
    public double upperBound(int j) {
        return UPPER[j];
    }

    /** The linearised decay ln h(z) for a remaining fraction z ∈ (0, 1). */
    abstract double linearisedDecay(double z);

    /** κ and δ from the slope and intercept of ln h(z) against ln t. */
    abstract double[] shapeFromLine(double slope, double intercept);

    @Override
    public double[] startValues(double[] x, double[] y, int n) {
        if (n == 0) {
            return FALLBACK.clone();
        }
        double margin = StartValues.margin(y, n);
        double alpha = Math.min(199.0, StartValues.max(y, n) + margin);
        double beta = Math.max(-99.0, Math.min(alpha - margin, StartValues.min(y, n) - margin));
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double z = Math.min(1 - 1e-6, Math.max(1e-6, (alpha - y[i]) / (alpha - beta)));
            u[i] = Math.log(x[i] + 1.0);
            v[i] = linearisedDecay(z);
        }
        double[] line = StartValues.line(u, v, n);
        double[] shape = line == null || !(line[0] > 0.05)
                ? new double[] {FALLBACK[2], FALLBACK[3]}
                : shapeFromLine(line[0], line[1]);
        return StartValues.inside(this, new double[] {alpha, beta, shape[0], shape[1]}, FALLBACK);
    }

    @Override
    public double infimum() {
        return -100.0;
    }

    @Override
    public double supremum() {
        return 200.0;
    }

    @Override
    public String toString() {
        return name();
    }
}
