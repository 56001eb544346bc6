package org.peng4nn.engine.fit;

/**
 * Levenberg-Marquardt on primitive arrays, for the hot path: the work arrays are allocated once
 * per solve and nothing is allocated per iteration.
 *
 * <p>Each accepted point gets one Jacobian, scaled by D (running maximum of the column norms,
 * Marquardt/MINPACK scaling, so the damping does not depend on the parameters' units) into
 * {@code A = J·D⁻¹} whose normal matrix {@code AᵀA} (n×n, unit diagonal) is formed once; every
 * damped step {@code (AᵀA + λI)δ' = -Aᵀr} is then a Cholesky solve of an n×n system, so a rejected
 * trial costs one residual evaluation and a few dozen flops. With n ≤ 4 parameters and λ &gt; 0 the
 * normal equations lose nothing that matters here; a system that still is not positive definite
 * counts as a rejected step and raises λ. λ follows Nielsen's rule (shrink by
 * {@code max(1/3, 1 - (2ρ-1)³)} on success, grow by a doubling factor on failure). Stops on a
 * relative cost decrease below the tolerance, a step below the tolerance relative to u, or a
 * gradient orthogonal to the residuals within the tolerance.
 */
final class PrimitiveLevenbergMarquardt {

    private final ResidualModel model;
    private final FitOptions options;
    private final int m;
    private final int n;
    private final double[] u;
    private final double[] uNew;
    private final double[] r;
    private final double[] rNew;
    private final double[] jac;
    private final double[] normal;
    private final double[] chol;
    private final double[] scale;
    private final double[] step;
    private final double[] g;

    PrimitiveLevenbergMarquardt(ResidualModel model, FitOptions options) {
        this.model = model;
        this.options = options;
        m = model.m;
        n = model.n;
        u = new double[n];
        uNew = new double[n];
        r = new double[m];
        rNew = new double[m];
        jac = new double[m * n];
        normal = new double[n * n];
        chol = new double[n * n];
        scale = new double[n];
        step = new double[n];
        g = new double[n];
    }

    SolverResult solve(double[] u0) {
        System.arraycopy(u0, 0, u, 0, n);
        double tol = options.tolerance();
        int evaluations = 1;
        if (!model.residuals(u, r)) {
            return new SolverResult(u.clone(), false, evaluations);
        }
        double cost = 0.5 * dot(r, r, m);
        double lambda = 1e-3;
        double nu = 2;
        boolean converged = false;
        boolean fresh = true; // the Jacobian belongs to the current u
        while (evaluations < options.maxEvaluations()) {
            if (fresh) {
                if (cost == 0) {
                    converged = true;
                    break;
                }
                factorise();
                double gNorm = 0;
                for (int j = 0; j < n; j++) {
                    gNorm = Math.max(gNorm, Math.abs(g[j]));
                }
                // columns of A have norm ≤ 1, so this bounds the cosine between r and each column
                if (gNorm <= tol * Math.sqrt(2 * cost)) {
                    converged = true;
                    break;
                }
                fresh = false;
            }
            if (!dampedStep(lambda)) {
                lambda *= nu;
                nu *= 2;
                if (!(lambda < 1e300)) {
                    break;
                }
                continue;
            }
            // predicted decrease of the linear model: ½ δ'ᵀ(λδ' - g')
            double predicted = 0;
            double stepNorm = 0;
            for (int k = 0; k < n; k++) {
                predicted += 0.5 * step[k] * (lambda * step[k] - g[k]);
                double du = step[k] / scale[k];
                uNew[k] = u[k] + du;
                stepNorm += du * du;
            }
            stepNorm = Math.sqrt(stepNorm);
            if (stepNorm <= tol * (tol + Math.sqrt(dot(u, u, n)))) {
                converged = true;
                break;
            }
            evaluations++;
            boolean finite = model.residuals(uNew, rNew);
            double costNew = finite ? 0.5 * dot(rNew, rNew, m) : Double.POSITIVE_INFINITY;
            double rho = predicted > 0 ? (cost - costNew) / predicted : -1;
            if (finite && costNew < cost && rho > 0) {
                double decrease = cost - costNew;
                System.arraycopy(uNew, 0, u, 0, n);
                System.arraycopy(rNew, 0, r, 0, m);
                cost = costNew;
                double t = 2 * rho - 1;
                lambda *= Math.max(1.0 / 3.0, 1 - t * t * t);
                nu = 2;
                fresh = true;
                if (decrease <= tol * (cost + decrease)) {
                    converged = true;
                    break;
                }
            } else {
                lambda *= nu;
                nu *= 2;
                if (!(lambda < 1e300)) {
                    break;
                }
            }
        }
        return new SolverResult(u.clone(), converged, evaluations);
    }

    /** Jacobian at u, its column scaling D, the normal matrix of A = J·D⁻¹ and g' = Aᵀr. */
    private void factorise() {
        model.jacobian(u, jac);
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += jac[i * n + j] * jac[i * n + j];
            }
            scale[j] = Math.max(scale[j], Math.sqrt(norm));
            if (scale[j] == 0) {
                scale[j] = 1;
            }
        }
        for (int i = 0, k = 0; i < m; i++, k += n) {
            for (int a = 0; a < n; a++) {
                jac[k + a] /= scale[a];
            }
        }
        // each sum in a local: a running sum kept in normal[] or g[] is stored and reloaded on every
        // row, as the JIT cannot tell those arrays from jac; every sum still runs over i in order
        for (int a = 0; a < n; a++) {
            double ga = 0;
            for (int i = 0, k = a; i < m; i++, k += n) {
                ga += jac[k] * r[i];
            }
            g[a] = ga;
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int i = 0, ka = a, kb = b; i < m; i++, ka += n, kb += n) {
                    s += jac[ka] * jac[kb];
                }
                normal[a * n + b] = s;
                normal[b * n + a] = s;
            }
        }
    }

    /** Solves (AᵀA + λI) δ' = -g' into step by Cholesky; false when not positive definite. */
    private boolean dampedStep(double lambda) {
        for (int a = 0; a < n; a++) {
            for (int b = 0; b <= a; b++) {
                double s = normal[a * n + b] + (a == b ? lambda : 0.0);
                for (int k = 0; k < b; k++) {
                    s -= chol[a * n + k] * chol[b * n + k];
                }
                if (a == b) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return false;
                    }
                    chol[a * n + a] = Math.sqrt(s);
                } else {
                    chol[a * n + b] = s / chol[b * n + b];
                }
            }
        }
        for (int a = 0; a < n; a++) {
            double s = -g[a];
            for (int k = 0; k < a; k++) {
                s -= chol[a * n + k] * step[k];
            }
            step[a] = s / chol[a * n + a];
        }
        for (int a = n - 1; a >= 0; a--) {
            double s = step[a];
            for (int k = a + 1; k < n; k++) {
                s -= chol[k * n + a] * step[k];
            }
            step[a] = s / chol[a * n + a];
        }
        return true;
    }

    private static double dot(double[] x, double[] y, int len) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }
}
