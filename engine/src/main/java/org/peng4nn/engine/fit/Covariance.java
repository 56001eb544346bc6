package org.peng4nn.engine.fit;

import org.peng4nn.engine.curve.CurveFamily;

/**
 * The parameter covariance of a least-squares fit, {@code s²·(JᵀWJ)⁻¹}, from the family's analytic
 * Jacobian at the solution (in the family's own parameters, not the solver's transformed ones).
 */
final class Covariance {

    private Covariance() {
    }

    /**
     * @param weights per-point weights, or {@code null} for an ordinary fit
     * @return row-major n×n covariance, or {@code null} when m ≤ n or JᵀWJ is not positive definite
     */
    static double[] of(CurveFamily family, double[] p, double[] x, double[] weights, int m, double sse) {
        int n = p.length;
        if (m <= n || !Double.isFinite(sse)) {
            return null;
        }
        double[] row = new double[n];
        double[] a = new double[n * n];
        for (int i = 0; i < m; i++) {
            family.jacobian(x[i], p, row);
            double w = weights == null ? 1.0 : weights[i];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c <= r; c++) {
                    a[r * n + c] += w * row[r] * row[c];
                }
            }
        }
        // Cholesky factor in the lower triangle, then the inverse column by column
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * n + k] * a[j * n + k];
            }
            if (!(d > 1e-300) || !Double.isFinite(d)) {
                return null;
            }
            double l = Math.sqrt(d);
            a[j * n + j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * n + k] * a[j * n + k];
                }
                a[i * n + j] = s / l;
            }
        }
        double s2 = sse / (m - n);
        double[] cov = new double[n * n];
        double[] col = new double[n];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < n; i++) {
                double s = i == c ? 1.0 : 0.0;
                for (int k = 0; k < i; k++) {
                    s -= a[i * n + k] * col[k];
                }
                col[i] = s / a[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = col[i];
                for (int k = i + 1; k < n; k++) {
                    s -= a[k * n + i] * col[k];
                }
                col[i] = s / a[i * n + i];
            }
            for (int i = 0; i < n; i++) {
                cov[i * n + c] = col[i] * s2;
            }
        }
        for (double v : cov) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return cov;
    }
}
