package org.peng4nn.engine.curve;

/**
 * Janoschek: {@code F(t) = α - (α - β)·exp(-κ t^δ)} at {@code t = x + 1}; see {@link SigmoidalFamily}.
 */
public final class JanoschekFamily extends SigmoidalFamily {

    public static final JanoschekFamily INSTANCE = new JanoschekFamily();

    private JanoschekFamily() {
    }

    @Override
    public String name() {
        return "janoschek";
    }

    @Override
    public double value(double x, double[] p) {
        double s = p[2] * Math.exp(p[3] * Math.log(x + 1.0));
        return p[0] - (p[0] - p[1]) * Math.exp(-s);
    }

    @Override
    public void jacobian(double x, double[] p, double[] row) {
        double lt = Math.log(x + 1.0);
        double td = Math.exp(p[3] * lt);
        double e = Math.exp(-p[2] * td);
        double d = p[0] - p[1];
        row[0] = 1.0 - e;
        row[1] = e;
        row[2] = d * e * td;
        row[3] = d * e * p[2] * td * lt;
    }

    /** -ln z = κ t^δ, so ln(-ln z) = δ ln t + ln κ. */
    @Override
    double linearisedDecay(double z) {
        return Math.log(-Math.log(z));
    }

    @Override
    double[] shapeFromLine(double slope, double intercept) {
        return new double[] {Math.exp(intercept), slope};
    }
}
