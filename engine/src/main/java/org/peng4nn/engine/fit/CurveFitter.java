package org.peng4nn.engine.fit;

import java.util.Arrays;
import org.peng4nn.engine.curve.CurveFamily;

/**
 * Bounded non-linear least squares for one {@link CurveFamily}: Levenberg-Marquardt in the
 * unconstrained variables of a {@link BoundTransform} (the chain rule carries the family's analytic
 * Jacobian into them), optionally robust (Huber or soft-L1 by iteratively reweighted least squares)
 * and warm-started from an earlier fit of the same model.
 *
 * <p>It never throws on finite input: when the solver gives up (evaluation budget, a singular
 * system, fewer points than parameters) the result is the best point it reached, marked not
 * converged. Immutable and thread-safe; each fit has its own work arrays.
 */
public final class CurveFitter implements FitMethod {

    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double HUBER_TUNING = 1.345;

    private final CurveFamily family;
    private final FitOptions options;
    private final BoundTransform transform;

    public CurveFitter(CurveFamily family, FitOptions options) {
        this.family = family;
        this.options = options;
        this.transform = new BoundTransform(family);
    }

    @Override
    public CurveFamily family() {
        return family;
    }

    public FitOptions options() {
        return options;
    }

    /**
     * Fits the first {@code m} points (x in the family's convention, y in percent).
     *
     * @param start warm start (for example the parameters of the previous fit of this model), or
     *              {@code null} for the family's data-driven start values
     * @throws IllegalArgumentException on a non-finite x or y
     */
    @Override
    public CurveFit fit(double[] x, double[] y, int m, double[] start) {
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("cannot fit a non-finite point (" + x[i] + ", " + y[i] + ")");
            }
        }
        int n = family.parameterCount();
        double[] p0 = start != null && start.length == n ? start : family.startValues(x, y, m);
        double[] u0 = new double[n];
        transform.toSolver(p0, u0);

        ResidualModel model = new ResidualModel(family, transform, x, y, m);
        SolverResult solve = options.solver().solve(model, u0, options);
        int evaluations = solve.evaluations();
        double[] p = new double[n];
        if (options.loss() != Loss.LINEAR) {
            for (int round = 0; round < options.robustRounds(); round++) {
                transform.toParameters(solve.u(), p, null);
                double[] weights = robustWeights(model.rawResiduals(p));
                if (weights == null || model.reweight(weights) < 1e-4) {
                    break;
                }
                solve = options.solver().solve(model, solve.u(), options);
                evaluations += solve.evaluations();
            }
        }
        transform.toParameters(solve.u(), p, null);
        double sse = model.weightedSse(p);
        double[] weights = options.loss() == Loss.LINEAR ? null : model.weights();
        return new CurveFit(family, p, sse, m, solve.converged(), evaluations,
                Covariance.of(family, p, x, weights, m, sse));
    }

    /** IRLS weights ρ'(z) for these residuals; null when the scale collapses (a perfect fit). */
    private double[] robustWeights(double[] residuals) {
        double f = options.fScale();
        if (Double.isNaN(f)) {
            f = HUBER_TUNING * MAD_TO_SIGMA * medianAbsoluteDeviation(residuals);
        }
        if (!(f > 1e-9) || !Double.isFinite(f)) {
            return null;
        }
        double[] w = new double[residuals.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Double.isFinite(residuals[i]) ? options.loss().weight(residuals[i], f) : 0.0;
        }
        return w;
    }

    private static double medianAbsoluteDeviation(double[] r) {
        double[] a = r.clone();
        double med = median(a);
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i] - med);
        }
        return median(a);
    }

    private static double median(double[] a) {
        Arrays.sort(a);
        int k = a.length;
        return k == 0 ? Double.NaN : k % 2 == 1 ? a[k / 2] : 0.5 * (a[k / 2 - 1] + a[k / 2]);
    }
}
