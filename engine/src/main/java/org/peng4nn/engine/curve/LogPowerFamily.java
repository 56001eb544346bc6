package org.peng4nn.engine.curve;

import java.util.List;

/**
 * Domhan et al.'s log-power: {@code F(t) = a / (1 + (t / e^b)^c)} at {@code t = x + 1} (log t must
 * be finite at the first evaluation). A rising curve has c &lt; 0. Bounds: {@code a ∈ [0, 200]},
 * {@code b ∈ [-20, 20]}, {@code c ∈ [-20, 20]}; F stays within [0, a].
 */
public final class LogPowerFamily implements CurveFamily {

    public static final LogPowerFamily INSTANCE = new LogPowerFamily();

    private static final List<String> NAMES = List.of("a", "b", "c");
    private static final double[] LOWER = {0.0, -20.0, -20.0};
    private static final double[] UPPER = {200.0, 20.0, 20.0};
    private static final double[] FALLBACK = {90.0, 0.0, -1.0};

    private LogPowerFamily() {
    }

    @Override
    public String name() {
        return "logpower";
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
        double w = Math.exp(p[2] * (Math.log(x + 1.0) - p[1]));
        return p[0] / (1.0 + w);
    }

    @Override
    public void jacobian(double x, double[] p, double[] row) {
        double r = Math.log(x + 1.0) - p[1];
        double w = Math.exp(p[2] * r);
        double q = 1.0 / (1.0 + w);
        // q·q·w without inf/inf when w overflows
        double qqw = q / (1.0 + 1.0 / w);
        row[0] = q;
        row[1] = p[0] * qqw * p[2];
        row[2] = -p[0] * qqw * r;
    }

    @Override
    public double lowerBound(int j) {
        return LOWER[j];
    }

    @Override
    public double upperBound(int j) {
        return UPPER[j];
    }

    /** Asymptote a little above the best accuracy, then {@code ln(a/y - 1) = c ln t - c b}. */
    @Override
    public double[] startValues(double[] x, double[] y, int n) {
        if (n == 0) {
            return FALLBACK.clone();
        }
        double a = Math.min(199.0, Math.max(1.0, StartValues.max(y, n) + StartValues.margin(y, n)));
        double[] u = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = Math.log(x[i] + 1.0);
            v[i] = Math.log(a / y[i] - 1.0);
        }
        double[] line = StartValues.line(u, v, n);
        double c = line == null || Math.abs(line[0]) < 0.05 ? FALLBACK[2] : line[0];
        double b = line == null ? FALLBACK[1] : -line[1] / c;
        return StartValues.inside(this, new double[] {a, b, c}, FALLBACK);
    }

    @Override
    public double infimum() {
        return 0.0;
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
