package org.peng4nn.engine.fit;

import java.util.Arrays;
import org.peng4nn.engine.curve.CurveFamily;

/**
 * The outcome of fitting one {@link CurveFamily} to a curve.
 *
 * @param family      the family fitted
 * @param parameters  the fitted parameters (the last iterate when {@code converged} is false)
 * @param sse         sum of squared (weighted, for robust fits) residuals at {@code parameters}
 * @param points      number of points fitted
 * @param converged   whether the solver met its tolerances within its evaluation budget
 * @param evaluations residual-vector evaluations spent (finite-difference Jacobians not counted,
 *                    as in SciPy's {@code nfev})
 * @param covariance  row-major parameter covariance {@code s²·(JᵀJ)⁻¹} with
 *                    {@code s² = sse / (points - n)}, or {@code null} when there are no more points
 *                    than parameters or JᵀJ is singular
 */
public record CurveFit(CurveFamily family, double[] parameters, double sse, int points, boolean converged,
        int evaluations, double[] covariance) {

    public CurveFit {
        parameters = parameters.clone();
        covariance = covariance == null ? null : covariance.clone();
    }

    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    @Override
    public double[] covariance() {
        return covariance == null ? null : covariance.clone();
    }

    /** The fitted curve at x (in the family's x convention). */
    public double valueAt(double x) {
        return family.value(x, parameters);
    }

    /**
     * Standard error of {@link #valueAt} at x by the delta method, {@code sqrt(gᵀ C g)} with g the
     * parameter gradient of F at x; NaN without a covariance.
     */
    public double standardErrorAt(double x) {
        if (covariance == null) {
            return Double.NaN;
        }
        int n = parameters.length;
        double[] g = new double[n];
        family.jacobian(x, parameters, g);
        double v = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += covariance[i * n + j] * g[j];
            }
            v += g[i] * s;
        }
        return v >= 0 ? Math.sqrt(v) : Double.NaN;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveFit f && family.equals(f.family) && Arrays.equals(parameters, f.parameters)
                && Double.compare(sse, f.sse) == 0 && points == f.points && converged == f.converged
                && evaluations == f.evaluations && Arrays.equals(covariance, f.covariance);
    }

    @Override
    public int hashCode() {
        return (family.hashCode() * 31 + Arrays.hashCode(parameters)) * 31 + Double.hashCode(sse);
    }

    @Override
    public String toString() {
        return "CurveFit[" + family.name() + " " + Arrays.toString(parameters) + ", sse=" + sse + ", points="
                + points + ", converged=" + converged + ", evaluations=" + evaluations + "]";
    }
}
