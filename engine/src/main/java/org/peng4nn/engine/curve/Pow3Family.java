package org.peng4nn.engine.curve;

import java.util.List;

/**
 * Domhan et al.'s pow3: {@code F(t) = c - a·t^(-α)} at {@code t = x + 1}, because t^(-α) is
 * infinite at the first whole-epoch evaluation x = 0. Bounds: {@code c ∈ [0, 200]},
 * {@code a ∈ [-200, 200]} (a negative a is a falling curve), {@code α ∈ [0, 20]}.
 */
public final class Pow3Family implements CurveFamily {

    public static final Pow3Family INSTANCE = new Pow3Family();

    private static final List<String> NAMES = List.of("c", "a", "alpha");
    private static final double[] LOWER = {0.0, -200.0, 0.0};
    private static final double[] UPPER = {200.0, 200.0, 20.0};
    private static final double[] FALLBACK = {90.0, 30.0, 1.0};

    private Pow3Family() {
    }

    @Override
    public String name() {
        return "pow3";
    }

    @Override
    public List<String> parameterNames() {
        return NAMES;
    }

    @Override
    public int parameterCount() {
        return 3;
    }

    @Override
    public double value(double x, double[] p) {
        return p[0] - p[1] * Math.exp(-p[2] * Math.log(x + 1.0));
    }

    @Override
    public void jacobian(double x, double[] p, double[] row) {
        double lt = Math.log(x + 1.0);
        double q = Math.exp(-p[2] * lt);
        row[0] = 1.0;
        row[1] = -q;
        row[2] = p[1] * q * lt;
    }

    /** Row by row as {@link #jacobian(double, double[], double[])}, without a row array per point. */
    @Override
    public void jacobian(double[] x, int m, double[] p, double[] jac) {
        for (int i = 0, k = 0; i < m; i++, k += 3) {
            double lt = Math.log(x[i] + 1.0);
            double q = Math.exp(-p[2] * lt);
            jac[k] = 1.0;
            jac[k + 1] = -q;
            jac[k + 2] = p[1] * q * lt;
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

    /** Asymptote a little above the best accuracy, then {@code ln(c - y) = ln a - α ln t}. */
    @Override
    public double[] startValues(double[] x, double[] y, int n) {
        if (n == 0) {
            return FALLBACK.clone();
        }
        double c = Math.min(199.0, StartValues.max(y, n) + StartValues.margin(y, n));
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = Math.log(x[i] + 1.0);
            v[i] = Math.log(c - y[i]);
        }
        double[] line = StartValues.line(u, v, n);
        double alpha = line == null ? 0.5 : Math.max(0.05, -line[0]);
        double a = line == null ? c - y[0] : Math.exp(line[1]);
        return StartValues.inside(this, new double[] {c, a, alpha}, FALLBACK);
    }

    @Override
    public double infimum() {
        return -200.0;
    }

    @Override
    public double supremum() {
        return 400.0;
    }

    @Override
    public String toString() {
        return name();
    }
}
