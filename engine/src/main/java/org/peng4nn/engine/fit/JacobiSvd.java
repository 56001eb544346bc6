package org.peng4nn.engine.fit;

/**
 * Singular value decomposition of a tall, thin matrix (a handful of columns) by one-sided Jacobi
 * rotations, in place on primitive arrays. Rotating pairs of columns until all are orthogonal leaves
 * {@code A·V} in the matrix: its column norms are the singular values and the accumulated rotations
 * are V. It is accurate to working precision even for ill-conditioned Jacobians (it never forms
 * AᵀA) and, for the 3 or 4 parameters of a learning curve, cheaper than a general SVD.
 */
final class JacobiSvd {

    private static final double EPS = Math.ulp(1.0);
    private static final int MAX_SWEEPS = 60;

    private JacobiSvd() {
    }

    /**
     * Orthogonalises the columns of {@code a} (column-major, {@code rows × n}) in place and writes V
     * (column-major n×n) into {@code v}; then the norm of column j is the singular value σ_j, with
     * right singular vector column j of v.
     */
    static void orthogonalise(double[] a, int rows, int n, double[] v) {
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                v[j * n + k] = k == j ? 1.0 : 0.0;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            boolean rotated = false;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    int cp = p * rows;
                    int cq = q * rows;
                    double alpha = 0;
                    double beta = 0;
                    double gamma = 0;
                    for (int i = 0; i < rows; i++) {
                        double x = a[cp + i];
                        double y = a[cq + i];
                        alpha += x * x;
                        beta += y * y;
                        gamma += x * y;
                    }
                    if (gamma == 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) {
                        continue;
                    }
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    // tangent of the rotation angle, the smaller root of t² + 2ζt - 1 = 0
                    double t = Math.abs(zeta) > 1e150
                            ? 0.5 / zeta
                            : (zeta >= 0 ? 1.0 : -1.0) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double c = 1 / Math.sqrt(1 + t * t);
                    double s = c * t;
                    for (int i = 0; i < rows; i++) {
                        double x = a[cp + i];
                        double y = a[cq + i];
                        a[cp + i] = c * x - s * y;
                        a[cq + i] = s * x + c * y;
                    }
                    for (int k = 0; k < n; k++) {
                        double x = v[p * n + k];
                        double y = v[q * n + k];
                        v[p * n + k] = c * x - s * y;
                        v[q * n + k] = s * x + c * y;
                    }
                }
            }
            if (!rotated) {
                return;
            }
        }
    }
}
