package org.peng4nn.engine.curve;

/**
 * Morgan-Mercer-Flodin: {@code F(t) = α - (α - β) / (1 + (κ t)^δ)} at {@code t = x + 1}; see
 * {@link SigmoidalFamily}.
 */
public final class MmfFamily extends SigmoidalFamily {

    public static final MmfFamily INSTANCE = new MmfFamily();

    private MmfFamily() {
    }

    @Override
    public String name() {
        return "mmf";
    }

    @Override
    public double value(double x, double[] p) {
        double t = x + 1.0;
        double w = power(p[2], Math.log(p[2]), Math.log(t), t, p[3]);
        return p[0] - (p[0] - p[1]) / (1.0 + w);
    }

    @Override
    public void jacobian(double x, double[] p, double[] row) {
        jacobianRow(x + 1.0, p, Math.log(p[2]), row, 0);
    }

    /** As {@link #value} at each point, with ln κ taken once. */
    @Override
    public void values(double[] x, int m, double[] p, double[] out) {
        double lnK = Math.log(p[2]);
        for (int i = 0; i < m; i++) {
            double t = x[i] + 1.0;
            out[i] = p[0] - (p[0] - p[1]) / (1.0 + power(p[2], lnK, Math.log(t), t, p[3]));
        }
    }

    /** Row by row as {@link #jacobian(double, double[], double[])}, with ln κ taken once. */
    @Override
    public void jacobian(double[] x, int m, double[] p, double[] jac) {
        double lnK = Math.log(p[2]);
        for (int i = 0; i < m; i++) {
            jacobianRow(x[i] + 1.0, p, lnK, jac, 4 * i);
        }
    }

    private static void jacobianRow(double t, double[] p, double lnK, double[] row, int k) {
        double lnT = Math.log(t);
        double w = power(p[2], lnK, lnT, t, p[3]);
        double q = 1.0 / (1.0 + w);
        // q·w written as 1/(1 + 1/w) stays finite when w overflows
        double qqw = q / (1.0 + 1.0 / w);
        double d = p[0] - p[1];
        row[k] = 1.0 - q;
        row[k + 1] = q;
        row[k + 2] = p[2] > 0 ? d * qqw * p[3] / p[2] : 0.0;
        row[k + 3] = p[2] > 0 ? d * qqw * (lnK + lnT) : 0.0;
    }

    /**
     * (κ t)^δ as e^(δ (ln κ + ln t)), with ln κ taken once per evaluation: an exp and the ln t the
     * Jacobian needs anyway cost less than a Math.pow. κ = 0 (its bound) falls back to Math.pow.
     */
    private static double power(double kappa, double lnK, double lnT, double t, double delta) {
        return kappa > 0 ? Math.exp(delta * (lnK + lnT)) : Math.pow(kappa * t, delta);
    }

    /** 1/z - 1 = (κ t)^δ, so ln(1/z - 1) = δ ln t + δ ln κ. */
    @Override
    double linearisedDecay(double z) {
        return Math.log(1.0 / z - 1.0);
    }

    @Override
    double[] shapeFromLine(double slope, double intercept) {
        return new double[] {Math.exp(intercept / slope), slope};
    }
}
