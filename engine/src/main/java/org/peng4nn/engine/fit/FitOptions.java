package org.peng4nn.engine.fit;

/**
 * How {@link CurveFitter} fits.
 *
 * @param loss            residual penalty
 * @param fScale          residual scale of a robust loss in percentage points (residuals beyond it count
 *                        as outliers); NaN estimates it from the data as {@code 1.345 · 1.4826 · MAD} of
 *                        the previous round's residuals, the usual Huber tuning for Gaussian noise
 * @param maxEvaluations  residual evaluations allowed per least-squares solve
 * @param robustRounds    reweighting rounds after the initial ordinary fit (ignored for LINEAR)
 * @param tolerance       relative tolerance on the cost decrease, on the step and (as the cosine between
 *                        residuals and Jacobian columns) on the gradient
 * @param solver          which Levenberg-Marquardt runs
 */
public record FitOptions(Loss loss, double fScale, int maxEvaluations, int robustRounds, double tolerance,
        FitSolver solver) {

    /** Ordinary least squares with the primitive solver, SciPy's default tolerance 1e-8. */
    public static final FitOptions DEFAULT = new FitOptions(Loss.LINEAR, Double.NaN, 400, 0, 1e-8,
            FitSolver.PRIMITIVE);

    public FitOptions {
        if (loss == null || solver == null) {
            throw new IllegalArgumentException("loss and solver must be given");
        }
        if (!(Double.isNaN(fScale) || fScale > 0 && Double.isFinite(fScale))) {
            throw new IllegalArgumentException("f_scale must be a positive number of percentage points or NaN for "
                    + "a MAD estimate, got " + fScale);
        }
        if (maxEvaluations < 1 || robustRounds < 0 || !(tolerance > 0)) {
            throw new IllegalArgumentException("need max evaluations >= 1, robust rounds >= 0 and a positive "
                    + "tolerance, got " + maxEvaluations + ", " + robustRounds + ", " + tolerance);
        }
    }

    /** A robust fit with this loss and scale (NaN: from the MAD) and five reweighting rounds. */
    public static FitOptions robust(Loss loss, double fScale) {
        return DEFAULT.withLoss(loss, fScale, 5);
    }

    public FitOptions withLoss(Loss newLoss, double newFScale, int rounds) {
        return new FitOptions(newLoss, newFScale, maxEvaluations, rounds, tolerance, solver);
    }

    public FitOptions withSolver(FitSolver newSolver) {
        return new FitOptions(loss, fScale, maxEvaluations, robustRounds, tolerance, newSolver);
    }

    public FitOptions withTolerance(double newTolerance) {
        return new FitOptions(loss, fScale, maxEvaluations, robustRounds, newTolerance, solver);
    }
}
