package org.peng4nn.engine.fit;

import org.peng4nn.engine.curve.CurveFamily;

/**
 * Maps unconstrained solver variables u onto a family's parameter box, smoothly, so an
 * unconstrained Levenberg-Marquardt solves the bounded problem exactly: every u is feasible and a
 * minimum on a bound is approached as u → ±∞, instead of clamping after the fact (which silently
 * changes the problem the solver thinks it is solving).
 *
 * <ul>
 *   <li>two finite bounds: {@code p = lb + (ub - lb)·σ(u)}, σ the logistic function;</li>
 *   <li>lower bound only: {@code p = lb + e^u}; upper bound only: {@code p = ub - e^u};</li>
 *   <li>no bound: {@code p = u}.</li>
 * </ul>
 * u is capped at ±{@value #CAP} so e^u stays finite; beyond it the map is flat, which a solver
 * treats as a parameter sitting on its bound.
 */
public final class BoundTransform {

    private static final double CAP = 600.0;

    private final double[] lb;
    private final double[] ub;

    public BoundTransform(CurveFamily family) {
        int n = family.parameterCount();
        lb = new double[n];
        ub = new double[n];
        for (int j = 0; j < n; j++) {
            lb[j] = family.lowerBound(j);
            ub[j] = family.upperBound(j);
        }
    }

    public int size() {
        return lb.length;
    }

    /**
     * Parameters p (strictly inside the box; values on or outside a bound are first moved a little
     * inside) to solver variables, written into {@code u}.
     */
    public void toSolver(double[] p, double[] u) {
        for (int j = 0; j < lb.length; j++) {
            double lo = lb[j];
            double hi = ub[j];
            boolean hasLo = Double.isFinite(lo);
            boolean hasHi = Double.isFinite(hi);
            double v = Double.isFinite(p[j]) ? p[j] : (hasLo && hasHi ? 0.5 * (lo + hi) : hasLo ? lo + 1 : hasHi ? hi - 1 : 0);
            if (hasLo && hasHi) {
                double z = (v - lo) / (hi - lo);
                z = Math.min(1 - 1e-9, Math.max(1e-9, z));
                u[j] = Math.log(z / (1 - z));
            } else if (hasLo) {
                u[j] = Math.log(Math.max(v - lo, 1e-12 * Math.max(1, Math.abs(lo))));
            } else if (hasHi) {
                u[j] = Math.log(Math.max(hi - v, 1e-12 * Math.max(1, Math.abs(hi))));
            } else {
                u[j] = v;
            }
        }
    }

    /** Solver variables to parameters, with dp/du per coordinate into {@code dpdu} (may be null). */
    public void toParameters(double[] u, double[] p, double[] dpdu) {
        for (int j = 0; j < lb.length; j++) {
            double lo = lb[j];
            double hi = ub[j];
            boolean hasLo = Double.isFinite(lo);
            boolean hasHi = Double.isFinite(hi);
            double w = Math.max(-CAP, Math.min(CAP, u[j]));
            boolean flat = w != u[j];
            double value;
            double slope;
            if (hasLo && hasHi) {
                double sigma = w >= 0 ? 1 / (1 + Math.exp(-w)) : Math.exp(w) / (1 + Math.exp(w));
                value = lo + (hi - lo) * sigma;
                slope = (hi - lo) * sigma * (1 - sigma);
            } else if (hasLo) {
                double e = Math.exp(w);
                value = lo + e;
                slope = e;
            } else if (hasHi) {
                double e = Math.exp(w);
                value = hi - e;
                slope = -e;
            } else {
                value = w;
                slope = 1;
            }
            p[j] = value;
            if (dpdu != null) {
                dpdu[j] = flat ? 0.0 : slope;
            }
        }
    }
}
