package org.peng4nn.engine.fit;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * One solve with Commons Math's Levenberg-Marquardt. The model writes into the same value and
 * Jacobian arrays on every call and hands them over without copying: the optimizer reads values
 * once (into residuals) and the Jacobian of the latest evaluation only, which is the one just
 * written. The model also remembers the best point it was asked about, which is what a solve that
 * runs out of evaluations (an exception in Commons Math) returns.
 */
final class CommonsMathLevenbergMarquardt implements MultivariateJacobianFunction {

    /** Stand-in for a non-finite residual: large enough that the optimizer rejects the step. */
    private static final double HUGE = 1e100;

    private final ResidualModel model;
    private final FitOptions options;
    private final double[] values;
    private final double[][] jacobian;
    private final double[] flat;
    private final double[] best;
    private double bestCost = Double.POSITIVE_INFINITY;
    private int calls;

    CommonsMathLevenbergMarquardt(ResidualModel model, FitOptions options) {
        this.model = model;
        this.options = options;
        values = new double[model.m];
        jacobian = new double[model.m][model.n];
        flat = new double[model.m * model.n];
        best = new double[model.n];
    }

    SolverResult solve(double[] u0) {
        System.arraycopy(u0, 0, best, 0, model.n);
        LeastSquaresProblem problem = new LeastSquaresBuilder()
                .model(this)
                .target(new ArrayRealVector(model.m))
                .start(new ArrayRealVector(u0, true))
                .maxEvaluations(options.maxEvaluations())
                .maxIterations(options.maxEvaluations())
                .build();
        LevenbergMarquardtOptimizer optimizer = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(options.tolerance())
                .withParameterRelativeTolerance(options.tolerance());
        try {
            LeastSquaresOptimizer.Optimum optimum = optimizer.optimize(problem);
            return new SolverResult(optimum.getPoint().toArray(), true, optimum.getEvaluations());
        } catch (MathIllegalStateException | IllegalArgumentException e) {
            // budget exhausted, a singular system or fewer points than parameters
            return new SolverResult(best.clone(), false, calls);
        }
    }

    @Override
    public Pair<RealVector, RealMatrix> value(RealVector point) {
        calls++;
        double[] u = point instanceof ArrayRealVector a ? a.getDataRef() : point.toArray();
        model.residuals(u, values);
        double cost = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                values[i] = HUGE;
            }
            cost += values[i] * values[i];
        }
        if (cost < bestCost) {
            bestCost = cost;
            System.arraycopy(u, 0, best, 0, best.length);
        }
        model.jacobian(u, flat);
        for (int i = 0; i < model.m; i++) {
            System.arraycopy(flat, i * model.n, jacobian[i], 0, model.n);
        }
        return new Pair<>(new ArrayRealVector(values, false), new Array2DRowRealMatrix(jacobian, false));
    }
}
