package org.peng4nn.engine.fit;

import org.peng4nn.engine.curve.CurveFamily;

/**
 * One way of fitting a {@link CurveFamily} to the points of a curve by bounded least squares: the
 * door the policies fit through, whichever solver stands behind it ({@link CurveFitter}'s
 * Levenberg-Marquardt, {@link TrustRegionReflective}'s port of SciPy).
 *
 * <p>Implementations never throw on finite input: a fit the solver gives up on comes back marked not
 * converged. They are immutable and thread-safe.
 */
public interface FitMethod {

    /** The family this method fits. */
    CurveFamily family();

    /**
     * Fits the first {@code m} points (x in the family's convention, y in percent).
     *
     * @param start where the solver starts (for example the parameters of the previous fit of this
     *              model), or {@code null} for the method's own start
     * @throws IllegalArgumentException on a non-finite x or y where the method checks them
     */
    CurveFit fit(double[] x, double[] y, int m, double[] start);
}
