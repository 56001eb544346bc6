package org.peng4nn.engine.curve;

import java.util.List;

/**
 * A parametric learning-curve shape {@code F(x; p)} that can be fitted to a {@link Curve}.
 *
 * <p>x convention: whole-epoch data is fitted at x = the 0-based epoch index (the first evaluation at
 * x = 0) and sub-epoch data at x = epoch / interval, exactly as PENGUIN does. Families from the
 * learning-curve literature (Domhan et al. 2015) are defined on the 1-based epoch count, and several
 * of them contain x^-α or log x, which blow up at 0; those families therefore evaluate their formula
 * at {@code t = x + 1} and say so in their javadoc. PEng4NN's own family uses x unshifted.
 *
 * <p>Implementations are stateless and thread-safe; methods never allocate on the hot path
 * ({@link #value} and {@link #jacobian} write into caller-provided storage).
 */
public interface CurveFamily {

    /** Short stable name, used in events, settings and the state-store format. */
    String name();

    /** Parameter names in the order of the parameter vector. */
    List<String> parameterNames();

    default int parameterCount() {
        return parameterNames().size();
    }

    /** F(x; p). */
    double value(double x, double[] p);

    /** Writes dF/dp_j (x; p) into {@code row[j]} for every parameter j. */
    void jacobian(double x, double[] p, double[] row);

    /**
     * F at the first {@code m} abscissae into {@code out}; the same numbers as {@link #value}, which a
     * family may compute with shared work hoisted out of the loop.
     */
    default void values(double[] x, int m, double[] p, double[] out) {
        for (int i = 0; i < m; i++) {
            out[i] = value(x[i], p);
        }
    }

    /**
     * The Jacobian at the first {@code m} abscissae, row-major m×n into {@code jac}; the same numbers
     * as {@link #jacobian(double, double[], double[])} row by row.
     */
    default void jacobian(double[] x, int m, double[] p, double[] jac) {
        int n = parameterCount();
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            jacobian(x[i], p, row);
            System.arraycopy(row, 0, jac, i * n, n);
        }
    }

    /** Lower bound of parameter j, possibly {@code -Infinity}. */
    double lowerBound(int j);

    /** Upper bound of parameter j, possibly {@code +Infinity}. */
    double upperBound(int j);

    /**
     * Data-driven start values strictly inside the bounds, from the first {@code n} points
     * ({@code x} in the family's x convention, {@code y} in percent). Never fails: degenerate data
     * (constant, decreasing, a single point) gets a sensible default shape.
     */
    double[] startValues(double[] x, double[] y, int n);

    /** The greatest lower bound of F over the parameter box for x ≥ 0, possibly {@code -Infinity}. */
    double infimum();

    /** The least upper bound of F over the parameter box for x ≥ 0, possibly {@code +Infinity}. */
    double supremum();
}
