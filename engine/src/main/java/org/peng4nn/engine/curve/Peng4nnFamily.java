package org.peng4nn.engine.curve;

import java.util.List;

/**
 * PEng4NN's learning curve {@code F(x) = a - b^(c - x)} with {@code a ∈ [0.5, 200]},
 * {@code b ∈ [1, ∞)}, {@code c ∈ [0, ∞)}, at x = the 0-based epoch index (unshifted, as PENGUIN).
 *
 * <p>Equivalently {@code a - A·e^(-k x)} with {@code k = ln b ≥ 0} and {@code A = b^c ≥ 1}: an
 * exponential saturation towards the asymptote a, so F never exceeds 200 but is unbounded below
 * (c &gt; x makes the power grow without limit).
 */
public final class Peng4nnFamily implements CurveFamily {

    public static final Peng4nnFamily INSTANCE = new Peng4nnFamily();

    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final double[] LOWER = {0.5, 1.0, 0.0};
    private static final double[] UPPER = {200.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    /** SciPy's start for these bounds when no p0 is given, which is what PENGUIN fits from. */
    private static final double[] SCIPY_START = {100.25, 2.0, 1.0};

    private Peng4nnFamily() {
    }

    @Override
    public String name() {
        return "peng4nn";
    }

    @Override
    public List<String> parameterNames() {
        return NAMES;
    }

    @Override
    public int parameterCount() {
        return 3;
    }

    // b^(c-x) as e^((c-x)·ln b): with ln b taken once per evaluation, one exp per point costs about
    // half a Math.pow, on the fits' hottest path.
    @Override
    public double value(double x, double[] p) {
        return p[0] - Math.exp((p[2] - x) * Math.log(p[1]));
    }

    @Override
    public void jacobian(double x, double[] p, double[] row) {
        double b = p[1];
        double lnB = Math.log(b);
        double e = p[2] - x;
        double power = Math.exp(e * lnB);
        row[0] = 1.0;
        row[1] = -e * power / b;
        row[2] = -power * lnB;
    }

    /** As {@link #value} at each point, with ln b taken once. */
    @Override
    public void values(double[] x, int m, double[] p, double[] out) {
        double lnB = Math.log(p[1]);
        for (int i = 0; i < m; i++) {
            out[i] = p[0] - Math.exp((p[2] - x[i]) * lnB);
        }
    }

    /** Row by row as {@link #jacobian(double, double[], double[])}, with ln b taken once. */
    @Override
    public void jacobian(double[] x, int m, double[] p, double[] jac) {
        double b = p[1];
        double c = p[2];
        double lnB = Math.log(b);
        for (int i = 0, k = 0; i < m; i++, k += 3) {
            double e = c - x[i];
            double power = Math.exp(e * lnB);
            jac[k] = 1.0;
            jac[k + 1] = -e * power / b;
            jac[k + 2] = -power * lnB;
        }
    }

    @Override
    public double lowerBound(int j) {
        return LOWER[j];
    }

    @Override
    public double upperBound(int j) {
        return UPPER[j];
    }

    /** The start SciPy's {@code curve_fit} derives from these bounds: (100.25, 2, 1). */
    public double[] scipyStart() {
        return SCIPY_START.clone();
    }

    /**
     * Asymptote a little above the best accuracy, then k and A from the line
     * {@code ln(a - y) = ln A - k x}.
     */
    @Override
    public double[] startValues(double[] x, double[] y, int n) {
        if (n == 0) {
            return SCIPY_START.clone();
        }
        double a = Math.min(199.0, Math.max(1.0, StartValues.max(y, n) + StartValues.margin(y, n)));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.log(a - y[i]);
        }
        double[] line = StartValues.line(x, v, n);
        double k = line == null ? 0.3 : Math.max(0.01, -line[0]);
        double logA = line == null ? Math.log(Math.max(1.0, a - y[0])) : line[1];
        double b = Math.exp(k);
        double c = Math.max(0.01, logA / k);
        return StartValues.inside(this, new double[] {a, b, c}, SCIPY_START);
    }

    @Override
    public double infimum() {
        return Double.NEGATIVE_INFINITY;
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
