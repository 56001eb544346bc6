package org.peng4nn.engine.fit;

/**
 * How residuals are penalised, with SciPy's names and definitions: for {@code z = (r / f_scale)²}
 * the penalty is ρ(z), and a robust fit is solved by iteratively reweighted least squares with
 * weights ρ'(z).
 */
public enum Loss {
    /** ρ(z) = z: ordinary least squares. */
    LINEAR,
    /** ρ(z) = z for z ≤ 1, 2√z - 1 beyond: quadratic near the curve, linear for outliers. */
    HUBER,
    /** ρ(z) = 2(√(1 + z) - 1): a smooth approximation of the absolute value. */
    SOFT_L1;

    /** The IRLS weight ρ'(z) of a residual r at scale f. */
    public double weight(double r, double f) {
        double a = Math.abs(r) / f;
        return switch (this) {
            case LINEAR -> 1.0;
            case HUBER -> a <= 1 ? 1.0 : 1.0 / a;
            case SOFT_L1 -> 1.0 / Math.sqrt(1.0 + a * a);
        };
    }
}
