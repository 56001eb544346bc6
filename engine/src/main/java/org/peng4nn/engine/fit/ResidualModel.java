package org.peng4nn.engine.fit;

import java.util.Arrays;
import org.peng4nn.engine.curve.CurveFamily;

/**
 * The residuals a solver minimises for one fit: {@code r_i = √w_i·(F(x_i; p(u)) - y_i)} in the
 * unconstrained variables u of a {@link BoundTransform}, with the chain-ruled Jacobian
 * {@code ∂r_i/∂u_j = √w_i·∂F/∂p_j·dp_j/du_j}. The weights start at 1 and change only between solves
 * (robust reweighting). Not thread-safe: one per fit.
 */
final class ResidualModel {

    final int m;
    final int n;
    private final CurveFamily family;
    private final BoundTransform transform;
    private final double[] x;
    private final double[] y;
    private final double[] sqrtW;
    private final double[] p;
    private final double[] dpdu;

    ResidualModel(CurveFamily family, BoundTransform transform, double[] x, double[] y, int m) {
        this.family = family;
        this.transform = transform;
        this.x = x;
        this.y = y;
        this.m = m;
        this.n = family.parameterCount();
        sqrtW = new double[m];
        Arrays.fill(sqrtW, 1.0);
        p = new double[n];
        dpdu = new double[n];
    }

    /** Residuals at u into r; false when one is not finite (the caller rejects such a point). */
    boolean residuals(double[] u, double[] r) {
        transform.toParameters(u, p, null);
        family.values(x, m, p, r);
        boolean finite = true;
        for (int i = 0; i < m; i++) {
            double v = sqrtW[i] * (r[i] - y[i]);
            finite &= Double.isFinite(v);
            r[i] = v;
        }
        return finite;
    }

    /** ∂r/∂u at u, row-major m×n into jac; a non-finite entry (overflowed power) counts as flat. */
    void jacobian(double[] u, double[] jac) {
        transform.toParameters(u, p, dpdu);
        family.jacobian(x, m, p, jac);
        for (int i = 0; i < m; i++) {
            for (int j = 0, k = i * n; j < n; j++, k++) {
                double d = sqrtW[i] * jac[k] * dpdu[j];
                jac[k] = Double.isFinite(d) ? d : 0.0;
            }
        }
    }

    /** Unweighted residuals y - F at parameters q, for reweighting. */
    double[] rawResiduals(double[] q) {
        double[] r = new double[m];
        family.values(x, m, q, r);
        for (int i = 0; i < m; i++) {
            r[i] = y[i] - r[i];
        }
        return r;
    }

    /** Sets √w; returns the largest change. */
    double reweight(double[] weights) {
        double change = 0;
        for (int i = 0; i < m; i++) {
            double s = Math.sqrt(weights[i]);
            change = Math.max(change, Math.abs(s - sqrtW[i]));
            sqrtW[i] = s;
        }
        return change;
    }

    /** The weights currently applied. */
    double[] weights() {
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = sqrtW[i] * sqrtW[i];
        }
        return w;
    }

    /** Σ w_i (F(x_i; q) - y_i)². */
    double weightedSse(double[] q) {
        double[] f = new double[m];
        family.values(x, m, q, f);
        double sse = 0;
        for (int i = 0; i < m; i++) {
            double r = sqrtW[i] * (f[i] - y[i]);
            sse += r * r;
        }
        return sse;
    }
}
