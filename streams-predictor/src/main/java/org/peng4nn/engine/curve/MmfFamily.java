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
        double w = Math.pow(p[2] * (x + 1.0), p[3]);
        return p[0] - (p[0] - p[1]) / (1.0 + w);
    }

    @Override
    public void jacobian(double x, double[] p, double[] row) {
        double kt = p[2] * (x + 1.0);
        double w = Math.pow(kt, p[3]);
        double q = 1.0 / (1.0 + w);
        // q·w written as 1/(1 + 1/w) stays finite when w overflows
        double qqw = q / (1.0 + 1.0 / w);
        double d = p[0] - p[1];
        row[0] = 1.0 - q;
        row[1] = q;
        row[2] = p[2] > 0 ? d * qqw * p[3] / p[2] : 0.0;
        row[3] = kt > 0 ? d * qqw * Math.log(kt) : 0.0;
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
