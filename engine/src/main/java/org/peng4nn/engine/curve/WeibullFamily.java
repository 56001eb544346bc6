package org.peng4nn.engine.curve;

/**
 * Weibull: {@code F(t) = α - (α - β)·exp(-(κ t)^δ)} at {@code t = x + 1}; see {@link SigmoidalFamily}.
 */
public final class WeibullFamily extends SigmoidalFamily {

    public static final WeibullFamily INSTANCE = new WeibullFamily();

    private WeibullFamily() {
    }

    @Override
    public String name() {
        return "weibull";
    }

    @Override
    public double value(double x, double[] p) {
        double u = Math.pow(p[2] * (x + 1.0), p[3]);
        return p[0] - (p[0] - p[1]) * Math.exp(-u);
    }

    @Override
    public void jacobian(double x, double[] p, double[] row) {
        double kt = p[2] * (x + 1.0);
        double u = Math.pow(kt, p[3]);
        double e = Math.exp(-u);
        double d = p[0] - p[1];
        row[0] = 1.0 - e;
        row[1] = e;
        // at κ = 0 the derivative is the limit of δ κ^(δ-1) t^δ, zero for the δ > 1 that fits use
        row[2] = p[2] > 0 ? d * e * u * p[3] / p[2] : 0.0;
        row[3] = kt > 0 ? d * e * u * Math.log(kt) : 0.0;
    }

    /** -ln z = (κ t)^δ, so ln(-ln z) = δ ln t + δ ln κ. */
    @Override
    double linearisedDecay(double z) {
        return Math.log(-Math.log(z));
    }

    @Override
    double[] shapeFromLine(double slope, double intercept) {
        return new double[] {Math.exp(intercept / slope), slope};
    }
}
