package org.peng4nn.engine.fit;

import org.peng4nn.engine.curve.CurveFamily;

/**
 * Bounded least squares by the Trust Region Reflective method, a line-by-line port of SciPy's
 * {@code least_squares(method='trf')} for the configuration {@code curve_fit} uses with bounds:
 * linear loss, {@code x_scale = 1}, the exact ("SVD") trust-region solver, {@code ftol = xtol =
 * gtol = 1e-8} and {@code max_nfev = 100·n}, with SciPy's forward-difference Jacobian
 * ({@code '2-point'}, step {@code √ε·max(1, |p|)} turned back from the bounds) or the family's analytic
 * one.
 *
 * <p>It exists so that the {@code penguin} policy reproduces PENGUIN, which calls
 * {@code curve_fit(f, x, y, bounds=...)} and records "no prediction" whenever TRF runs out of
 * evaluations: which prefixes fail, and which local minimum a fit lands in, are properties of this
 * exact iteration (scaling by Coleman-Li vectors, reflection at the bounds, strict interior steps,
 * radius updates), not of the least-squares problem, so nothing short of the same algorithm
 * reproduces them. The SVD of the augmented Jacobian (at most n + m rows by n = a handful of columns)
 * is a one-sided Jacobi SVD on primitive arrays, so one fit allocates a fixed workspace and nothing in
 * its loop.
 *
 * <p>Immutable and thread-safe: every {@link #fit} call has its own workspace.
 */
public final class TrustRegionReflective implements FitMethod {

    /** How the Jacobian of the residuals is obtained. */
    public enum Jacobian {
        /** The family's analytic derivatives. */
        ANALYTIC,
        /** SciPy's default {@code jac='2-point'}: forward differences, as {@code curve_fit} without jac. */
        TWO_POINT
    }

    private static final double EPS = Math.ulp(1.0);
    private static final double FD_STEP = Math.sqrt(EPS);
    private static final int NO_STATUS = Integer.MIN_VALUE;

    private final CurveFamily family;
    private final Jacobian jacobian;
    private final int maxEvaluations;
    private final double ftol;
    private final double xtol;
    private final double gtol;

    /**
     * @param maxEvaluations residual evaluations allowed, SciPy's {@code max_nfev}; 0 or less means
     *                       SciPy's default 100 × number of parameters
     */
    public TrustRegionReflective(CurveFamily family, Jacobian jacobian, int maxEvaluations) {
        this(family, jacobian, maxEvaluations, 1e-8, 1e-8, 1e-8);
    }

    public TrustRegionReflective(CurveFamily family, Jacobian jacobian, int maxEvaluations, double ftol,
            double xtol, double gtol) {
        this.family = family;
        this.jacobian = jacobian;
        this.maxEvaluations = maxEvaluations > 0 ? maxEvaluations : 100 * family.parameterCount();
        this.ftol = ftol;
        this.xtol = xtol;
        this.gtol = gtol;
    }

    /** SciPy's {@code curve_fit(f, x, y, bounds=family bounds)} with a numerical Jacobian. */
    public static TrustRegionReflective scipyCurveFit(CurveFamily family) {
        return new TrustRegionReflective(family, Jacobian.TWO_POINT, 0);
    }

    @Override
    public CurveFamily family() {
        return family;
    }

    /**
     * Fits the first {@code m} points. A start outside the bounds is moved onto them first (SciPy
     * would refuse it); no start means the family's data-driven start values. The result is not
     * converged when the evaluation budget ran out (SciPy status 0, where {@code curve_fit} raises) or
     * when the residuals at the start are not finite.
     */
    @Override
    public CurveFit fit(double[] x, double[] y, int m, double[] start) {
        return new Run(x, y, m, start != null ? start : family.startValues(x, y, m)).solve();
    }

    /** One solve: SciPy's {@code trf_bounds} with its local variables as fields. */
    private final class Run {
        private final double[] xs;
        private final double[] ys;
        private final int m;
        private final int n;
        private final double[] lb;
        private final double[] ub;

        private final double[] p;
        private final double[] f;
        private final double[] jac; // m×n row-major
        private final double[] g;

        // scaling and the trust-region subproblem
        private final double[] cl;
        private final double[] dv;
        private final double[] d;
        private final double[] diagH;
        private final double[] gH;
        private final double[] jh; // J·diag(d), m×n row-major
        private final double[] aug; // augmented matrix, column-major (m+n)×n
        private final double[] vmat; // right singular vectors, column-major n×n
        private final double[] s;
        private final double[] suf;
        private final int[] order;
        private final int[] hits;

        // steps
        private final double[] pH;
        private final double[] step;
        private final double[] stepH;
        private final double[] rH;
        private final double[] r;
        private final double[] ag;
        private final double[] agH;
        private final double[] pNew;
        private final double[] fNew;
        private final double[] fProbe;
        private final double[] probe;
        private final double[] row;
        private final double[] mv1;
        private final double[] mv2;

        private double alphaLm;
        private double predicted;

        Run(double[] xs, double[] ys, int m, double[] start) {
            this.xs = xs;
            this.ys = ys;
            this.m = m;
            this.n = family.parameterCount();
            lb = new double[n];
            ub = new double[n];
            for (int j = 0; j < n; j++) {
                lb[j] = family.lowerBound(j);
                ub[j] = family.upperBound(j);
            }
            p = new double[n];
            f = new double[m];
            jac = new double[m * n];
            g = new double[n];
            cl = new double[n];
            dv = new double[n];
            d = new double[n];
            diagH = new double[n];
            gH = new double[n];
            jh = new double[m * n];
            aug = new double[(m + n) * n];
            vmat = new double[n * n];
            s = new double[n];
            suf = new double[n];
            order = new int[n];
            hits = new int[n];
            pH = new double[n];
            step = new double[n];
            stepH = new double[n];
            rH = new double[n];
            r = new double[n];
            ag = new double[n];
            agH = new double[n];
            pNew = new double[n];
            fNew = new double[m];
            fProbe = new double[m];
            probe = new double[n];
            row = new double[n];
            mv1 = new double[m];
            mv2 = new double[m];
            for (int j = 0; j < n; j++) {
                p[j] = Math.min(ub[j], Math.max(lb[j], start[j]));
            }
            makeStrictlyFeasible(p, 1e-10);
        }

        CurveFit solve() {
            residuals(p, f);
            int nfev = 1;
            if (!allFinite(f)) {
                return result(nfev, false);
            }
            jacobianAt(p, f);
            double cost = 0.5 * dot(f, f, m);
            gradient();

            scalingVector();
            double delta = 0;
            for (int j = 0; j < n; j++) {
                double t = p[j] / Math.sqrt(cl[j]);
                delta += t * t;
            }
            delta = Math.sqrt(delta);
            if (delta == 0) {
                delta = 1.0;
            }
            alphaLm = 0.0;
            int status = NO_STATUS;

            while (true) {
                scalingVector();
                double gNorm = 0;
                for (int j = 0; j < n; j++) {
                    gNorm = Math.max(gNorm, Math.abs(g[j] * cl[j]));
                }
                if (gNorm < gtol) {
                    status = 1;
                }
                if (status != NO_STATUS || nfev == maxEvaluations) {
                    break;
                }
                for (int j = 0; j < n; j++) {
                    d[j] = Math.sqrt(cl[j]);
                    diagH[j] = g[j] * dv[j];
                    gH[j] = d[j] * g[j];
                }
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        jh[i * n + j] = jac[i * n + j] * d[j];
                    }
                }
                svdOfAugmented();
                double theta = Math.max(0.995, 1 - gNorm);

                double actualReduction = -1;
                double costNew = cost;
                while (actualReduction <= 0 && nfev < maxEvaluations) {
                    solveTrustRegion(delta);
                    for (int j = 0; j < n; j++) {
                        step[j] = d[j] * pH[j];
                    }
                    selectStep(delta, theta);
                    for (int j = 0; j < n; j++) {
                        pNew[j] = p[j] + step[j];
                    }
                    makeStrictlyFeasible(pNew, 0);
                    residuals(pNew, fNew);
                    nfev++;
                    double stepHNorm = norm(stepH, n);
                    if (!allFinite(fNew)) {
                        delta = 0.25 * stepHNorm;
                        continue;
                    }
                    costNew = 0.5 * dot(fNew, fNew, m);
                    actualReduction = cost - costNew;

                    // update_tr_radius
                    double ratio;
                    if (predicted > 0) {
                        ratio = actualReduction / predicted;
                    } else if (predicted == actualReduction && predicted == 0) {
                        ratio = 1;
                    } else {
                        ratio = 0;
                    }
                    double deltaNew = delta;
                    if (ratio < 0.25) {
                        deltaNew = 0.25 * stepHNorm;
                    } else if (ratio > 0.75 && stepHNorm > 0.95 * delta) {
                        deltaNew = 2.0 * delta;
                    }

                    // check_termination
                    double stepNorm = norm(step, n);
                    boolean ftolMet = actualReduction < ftol * cost && ratio > 0.25;
                    boolean xtolMet = stepNorm < xtol * (xtol + norm(p, n));
                    if (ftolMet && xtolMet) {
                        status = 4;
                    } else if (ftolMet) {
                        status = 2;
                    } else if (xtolMet) {
                        status = 3;
                    }
                    if (status != NO_STATUS) {
                        break;
                    }
                    alphaLm *= delta / deltaNew;
                    delta = deltaNew;
                }

                if (actualReduction > 0) {
                    System.arraycopy(pNew, 0, p, 0, n);
                    System.arraycopy(fNew, 0, f, 0, m);
                    cost = costNew;
                    jacobianAt(p, f);
                    gradient();
                }
            }
            return result(nfev, status > 0);
        }

        private CurveFit result(int nfev, boolean converged) {
            residuals(p, fProbe);
            double sse = dot(fProbe, fProbe, m);
            return new CurveFit(family, p, sse, m, converged, nfev,
                    converged ? Covariance.of(family, p, xs, null, m, sse) : null);
        }

        private void residuals(double[] params, double[] out) {
            for (int i = 0; i < m; i++) {
                out[i] = family.value(xs[i], params) - ys[i];
            }
        }

        private void jacobianAt(double[] params, double[] f0) {
            if (jacobian == Jacobian.ANALYTIC) {
                family.jacobian(xs, m, params, jac);
                return;
            }
            // scipy.optimize._numdiff: _compute_absolute_step, then _adjust_scheme_to_bounds('1-sided')
            System.arraycopy(params, 0, probe, 0, n);
            for (int j = 0; j < n; j++) {
                double x0 = params[j];
                double h = FD_STEP * (x0 >= 0 ? 1.0 : -1.0) * Math.max(1.0, Math.abs(x0));
                double lowerDist = x0 - lb[j];
                double upperDist = ub[j] - x0;
                double moved = x0 + h;
                boolean violated = moved < lb[j] || moved > ub[j];
                boolean fitting = Math.abs(h) <= Math.max(lowerDist, upperDist);
                if (violated && fitting) {
                    h = -h;
                } else if (!fitting) {
                    h = upperDist >= lowerDist ? upperDist : -lowerDist;
                }
                probe[j] = x0 + h;
                double dx = probe[j] - x0;
                residuals(probe, fProbe);
                for (int i = 0; i < m; i++) {
                    jac[i * n + j] = (fProbe[i] - f0[i]) / dx;
                }
                probe[j] = x0;
            }
        }

        private void gradient() {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += jac[i * n + j] * f[i];
                }
                g[j] = sum;
            }
        }

        /** CL_scaling_vector: Coleman-Li distances to the bound the gradient points at. */
        private void scalingVector() {
            for (int j = 0; j < n; j++) {
                cl[j] = 1.0;
                dv[j] = 0.0;
                if (g[j] < 0 && Double.isFinite(ub[j])) {
                    cl[j] = ub[j] - p[j];
                    dv[j] = -1;
                }
                if (g[j] > 0 && Double.isFinite(lb[j])) {
                    cl[j] = p[j] - lb[j];
                    dv[j] = 1;
                }
            }
        }

        /** make_strictly_feasible: parameters on or beyond a bound move just inside it. */
        private void makeStrictlyFeasible(double[] q, double rstep) {
            for (int j = 0; j < n; j++) {
                int active = 0;
                if (rstep == 0) {
                    if (q[j] <= lb[j]) {
                        active = -1;
                    }
                    if (q[j] >= ub[j]) {
                        active = 1;
                    }
                } else {
                    double lowerDist = q[j] - lb[j];
                    double upperDist = ub[j] - q[j];
                    double lowerThreshold = rstep * Math.max(1, Math.abs(lb[j]));
                    double upperThreshold = rstep * Math.max(1, Math.abs(ub[j]));
                    if (Double.isFinite(lb[j]) && lowerDist <= Math.min(upperDist, lowerThreshold)) {
                        active = -1;
                    }
                    if (Double.isFinite(ub[j]) && upperDist <= Math.min(lowerDist, upperThreshold)) {
                        active = 1;
                    }
                }
                if (active == -1) {
                    q[j] = rstep == 0 ? Math.nextAfter(lb[j], ub[j]) : lb[j] + rstep * Math.max(1, Math.abs(lb[j]));
                } else if (active == 1) {
                    q[j] = rstep == 0 ? Math.nextAfter(ub[j], lb[j]) : ub[j] - rstep * Math.max(1, Math.abs(ub[j]));
                }
                if (q[j] < lb[j] || q[j] > ub[j]) {
                    q[j] = 0.5 * (lb[j] + ub[j]);
                }
            }
        }

        /**
         * SVD of [J·diag(d); diag(√diagH)]. Only s, V and {@code suf = s·Uᵀf_aug = (AV)ᵀ f_aug} are
         * needed downstream, and suf needs no division by a possibly zero singular value.
         */
        private void svdOfAugmented() {
            int rows = m + n;
            for (int j = 0; j < n; j++) {
                int base = j * rows;
                for (int i = 0; i < m; i++) {
                    aug[base + i] = jh[i * n + j];
                }
                for (int k = 0; k < n; k++) {
                    aug[base + m + k] = k == j ? Math.sqrt(diagH[j]) : 0.0;
                }
            }
            JacobiSvd.orthogonalise(aug, rows, n, vmat);
            for (int j = 0; j < n; j++) {
                int base = j * rows;
                double ss = 0;
                double sf = 0;
                for (int i = 0; i < rows; i++) {
                    ss += aug[base + i] * aug[base + i];
                }
                for (int i = 0; i < m; i++) {
                    sf += aug[base + i] * f[i];
                }
                s[j] = Math.sqrt(ss);
                suf[j] = sf;
                order[j] = j;
            }
            // descending singular values, as LAPACK returns them (the rank test reads s[0] and s[n-1])
            for (int i = 1; i < n; i++) {
                int o = order[i];
                int k = i - 1;
                while (k >= 0 && s[order[k]] < s[o]) {
                    order[k + 1] = order[k];
                    k--;
                }
                order[k + 1] = o;
            }
        }

        private double sv(int k) {
            return s[order[k]];
        }

        /** solve_lsq_trust_region: the regularised step of norm Delta, Moré's iteration on alpha. */
        private void solveTrustRegion(double delta) {
            boolean fullRank = m >= n && sv(n - 1) > EPS * m * sv(0);
            if (fullRank) {
                tikhonovStep(0.0);
                if (norm(pH, n) <= delta) {
                    alphaLm = 0.0;
                    return;
                }
            }
            double sufNorm = 0;
            for (int j = 0; j < n; j++) {
                sufNorm += suf[j] * suf[j];
            }
            double alphaUpper = Math.sqrt(sufNorm) / delta;
            double alphaLower = 0.0;
            if (fullRank) {
                double[] pd = phi(0.0, delta);
                alphaLower = -pd[0] / pd[1];
            }
            double alpha = !fullRank && alphaLm == 0
                    ? Math.max(0.001 * alphaUpper, Math.sqrt(alphaLower * alphaUpper))
                    : alphaLm;
            for (int it = 0; it < 10; it++) {
                if (alpha < alphaLower || alpha > alphaUpper) {
                    alpha = Math.max(0.001 * alphaUpper, Math.sqrt(alphaLower * alphaUpper));
                }
                double[] pd = phi(alpha, delta);
                double ph = pd[0];
                if (ph < 0) {
                    alphaUpper = alpha;
                }
                double ratio = ph / pd[1];
                alphaLower = Math.max(alphaLower, alpha - ratio);
                alpha -= (ph + delta) * ratio / delta;
                if (Math.abs(ph) < 0.01 * delta) {
                    break;
                }
            }
            tikhonovStep(alpha);
            double scale = delta / norm(pH, n);
            for (int j = 0; j < n; j++) {
                pH[j] *= scale;
            }
            alphaLm = alpha;
        }

        private final double[] phiOut = new double[2];

        /** phi_and_derivative: ‖p(alpha)‖ - Delta and its derivative in alpha. */
        private double[] phi(double alpha, double delta) {
            double pn = 0;
            double dsum = 0;
            for (int k = 0; k < n; k++) {
                int j = order[k];
                double denom = s[j] * s[j] + alpha;
                double t = suf[j] / denom;
                pn += t * t;
                dsum += suf[j] * suf[j] / (denom * denom * denom);
            }
            pn = Math.sqrt(pn);
            phiOut[0] = pn - delta;
            phiOut[1] = -dsum / pn;
            return phiOut;
        }

        /** pH = -V (suf / (s² + alpha)). */
        private void tikhonovStep(double alpha) {
            for (int k = 0; k < n; k++) {
                pH[k] = 0;
            }
            for (int j = 0; j < n; j++) {
                double denom = s[j] * s[j] + alpha;
                double coef = denom == 0 ? 0.0 : suf[j] / denom;
                for (int k = 0; k < n; k++) {
                    pH[k] -= vmat[j * n + k] * coef;
                }
            }
        }

        /**
         * select_step: the trust-region step if it stays feasible, otherwise the best of the step
         * cut back at the bound, its reflection, and the scaled anti-gradient. Writes step, stepH and
         * the predicted reduction.
         */
        private void selectStep(double delta, double theta) {
            boolean inside = true;
            for (int j = 0; j < n; j++) {
                double t = p[j] + step[j];
                if (!(t >= lb[j] && t <= ub[j])) {
                    inside = false;
                }
            }
            if (inside) {
                System.arraycopy(pH, 0, stepH, 0, n);
                predicted = -evaluateQuadratic(pH);
                return;
            }
            double pStride = stepToBound(p, step, hits);
            for (int j = 0; j < n; j++) {
                rH[j] = hits[j] != 0 ? -pH[j] : pH[j];
                r[j] = d[j] * rH[j];
            }
            for (int j = 0; j < n; j++) {
                step[j] *= pStride;
                pH[j] *= pStride;
                probe[j] = p[j] + step[j];
            }
            double toTr = intersectTrustRegionUpper(pH, rH, delta);
            double toBound = stepToBound(probe, r, null);
            double rStride = Math.min(toBound, toTr);
            double rStrideL;
            double rStrideU;
            if (rStride > 0) {
                rStrideL = (1 - theta) * pStride / rStride;
                rStrideU = rStride == toBound ? theta * toBound : toTr;
            } else {
                rStrideL = 0;
                rStrideU = -1;
            }
            double rValue;
            if (rStrideL <= rStrideU) {
                // build_quadratic_1d(J_h, g_h, r_h, s0=p_h, diag=diag_h)
                matVec(jh, rH, mv1);
                matVec(jh, pH, mv2);
                double a = dot(mv1, mv1, m);
                double b = 0;
                double c = 0.5 * dot(mv2, mv2, m);
                for (int j = 0; j < n; j++) {
                    a += rH[j] * diagH[j] * rH[j];
                    b += gH[j] * rH[j];
                    c += gH[j] * pH[j];
                }
                a *= 0.5;
                b += dot(mv2, mv1, m);
                for (int j = 0; j < n; j++) {
                    b += pH[j] * diagH[j] * rH[j];
                    c += 0.5 * pH[j] * diagH[j] * pH[j];
                }
                double t = minimizeQuadratic1d(a, b, rStrideL, rStrideU, c);
                rValue = quadMin;
                for (int j = 0; j < n; j++) {
                    rH[j] = rH[j] * t + pH[j];
                    r[j] = rH[j] * d[j];
                }
            } else {
                rValue = Double.POSITIVE_INFINITY;
            }

            for (int j = 0; j < n; j++) {
                step[j] *= theta;
                pH[j] *= theta;
            }
            double pValue = evaluateQuadratic(pH);

            for (int j = 0; j < n; j++) {
                agH[j] = -gH[j];
                ag[j] = d[j] * agH[j];
            }
            double agToTr = delta / norm(agH, n);
            double agToBound = stepToBound(p, ag, null);
            double agStride = agToBound < agToTr ? theta * agToBound : agToTr;
            matVec(jh, agH, mv1);
            double a = dot(mv1, mv1, m);
            double b = 0;
            for (int j = 0; j < n; j++) {
                a += agH[j] * diagH[j] * agH[j];
                b += gH[j] * agH[j];
            }
            a *= 0.5;
            agStride = minimizeQuadratic1d(a, b, 0, agStride, 0);
            double agValue = quadMin;
            for (int j = 0; j < n; j++) {
                agH[j] *= agStride;
                ag[j] *= agStride;
            }

            if (pValue < rValue && pValue < agValue) {
                System.arraycopy(pH, 0, stepH, 0, n);
                predicted = -pValue;
            } else if (rValue < pValue && rValue < agValue) {
                System.arraycopy(r, 0, step, 0, n);
                System.arraycopy(rH, 0, stepH, 0, n);
                predicted = -rValue;
            } else {
                System.arraycopy(ag, 0, step, 0, n);
                System.arraycopy(agH, 0, stepH, 0, n);
                predicted = -agValue;
            }
        }

        /**
         * step_size_to_bound: the largest t with x + t·dir feasible; when {@code hitsOut} is given it
         * marks (with the sign of dir) the coordinates that reach their bound at that t.
         */
        private double stepToBound(double[] x, double[] dir, int[] hitsOut) {
            double min = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double t = dir[j] == 0 ? Double.POSITIVE_INFINITY
                        : Math.max((lb[j] - x[j]) / dir[j], (ub[j] - x[j]) / dir[j]);
                row[j] = t;
                min = Math.min(min, t);
            }
            if (hitsOut != null) {
                for (int j = 0; j < n; j++) {
                    hitsOut[j] = row[j] == min ? (int) Math.signum(dir[j]) : 0;
                }
            }
            return min;
        }

        /** intersect_trust_region: the positive root t of ‖x + t·s‖ = Delta. */
        private double intersectTrustRegionUpper(double[] x, double[] sv, double delta) {
            double a = dot(sv, sv, n);
            double b = dot(x, sv, n);
            double c = dot(x, x, n) - delta * delta;
            double disc = Math.sqrt(Math.max(0, b * b - a * c));
            double q = -(b + Math.copySign(disc, b));
            double t1 = q / a;
            double t2 = c / q;
            return Math.max(t1, t2);
        }

        private double quadMin;

        /** minimize_quadratic_1d: argmin of a t² + b t + c over [lo, hi]; the minimum goes to quadMin. */
        private double minimizeQuadratic1d(double a, double b, double lo, double hi, double c) {
            double bestT = lo;
            double bestY = lo * (a * lo + b) + c;
            double yHi = hi * (a * hi + b) + c;
            if (yHi < bestY) {
                bestT = hi;
                bestY = yHi;
            }
            if (a != 0) {
                double extremum = -0.5 * b / a;
                if (lo < extremum && extremum < hi) {
                    double y = extremum * (a * extremum + b) + c;
                    if (y < bestY) {
                        bestT = extremum;
                        bestY = y;
                    }
                }
            }
            quadMin = bestY;
            return bestT;
        }

        /** evaluate_quadratic(J_h, g_h, s, diag_h) = ½‖J_h s‖² + ½ sᵀ diag s + sᵀ g_h. */
        private double evaluateQuadratic(double[] sv) {
            matVec(jh, sv, mv1);
            double q = dot(mv1, mv1, m);
            double l = 0;
            for (int j = 0; j < n; j++) {
                q += sv[j] * diagH[j] * sv[j];
                l += sv[j] * gH[j];
            }
            return 0.5 * q + l;
        }

        private void matVec(double[] a, double[] x, double[] out) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += a[i * n + j] * x[j];
                }
                out[i] = sum;
            }
        }
    }

    private static double dot(double[] a, double[] b, int len) {
        double s = 0;
        for (int i = 0; i < len; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a, int len) {
        return Math.sqrt(dot(a, a, len));
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
