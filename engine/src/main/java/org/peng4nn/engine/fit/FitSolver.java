package org.peng4nn.engine.fit;

/** Which Levenberg-Marquardt implementation {@link CurveFitter} runs. */
public enum FitSolver {
    /**
     * Allocation-free Levenberg-Marquardt on primitive arrays (normal equations of the column-scaled
     * Jacobian solved by Cholesky per damping value, Marquardt scaling,
     * Nielsen's damping update): the hot path.
     */
    PRIMITIVE {
        @Override
        SolverResult solve(ResidualModel model, double[] u0, FitOptions options) {
            return new PrimitiveLevenbergMarquardt(model, options).solve(u0);
        }
    },
    /**
     * Commons Math 3.6.1's {@code LevenbergMarquardtOptimizer} (MINPACK's lmder): the reference the
     * primitive solver is cross-checked against, several times slower on these tiny problems
     * because it allocates vectors, matrices and QR factors per iteration.
     */
    COMMONS_MATH {
        @Override
        SolverResult solve(ResidualModel model, double[] u0, FitOptions options) {
            return new CommonsMathLevenbergMarquardt(model, options).solve(u0);
        }
    };

    abstract SolverResult solve(ResidualModel model, double[] u0, FitOptions options);
}
