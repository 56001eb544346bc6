package org.peng4nn.engine.curve;

/**
 * What the families share to derive start values from data: the observed accuracy range, a
 * least-squares line through linearised points, and the final move of every start value strictly
 * inside its bounds (bounded fitting transforms parameters through logs and logits, which are
 * undefined on the bound itself).
 */
final class StartValues {

    private StartValues() {
    }

    static double max(double[] y, int n) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, y[i]);
        }
        return m;
    }

    static double min(double[] y, int n) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.min(m, y[i]);
        }
        return m;
    }

    /**
     * How far above the best observed accuracy an asymptote starts: a curve that is still rising
     * saturates above its current best, and a strictly positive gap keeps log(asymptote - y) finite.
     */
    static double margin(double[] y, int n) {
        return Math.max(0.5, 0.05 * (max(y, n) - min(y, n)));
    }

    /**
     * Slope and intercept of the least-squares line through the points whose u and v are both
     * finite; {@code null} when fewer than two distinct u remain.
     */
    static double[] line(double[] u, double[] v, int n) {
        double su = 0;
        double sv = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(u[i]) && Double.isFinite(v[i])) {
                su += u[i];
                sv += v[i];
                k++;
            }
        }
        if (k < 2) {
            return null;
        }
        double mu = su / k;
        double mv = sv / k;
        double suu = 0;
        double suv = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(u[i]) && Double.isFinite(v[i])) {
                suu += (u[i] - mu) * (u[i] - mu);
                suv += (u[i] - mu) * (v[i] - mv);
            }
        }
        if (!(suu > 0)) {
            return null;
        }
        double slope = suv / suu;
        return new double[] {slope, mv - slope * mu};
    }

    /**
     * Replaces a non-finite start value by {@code fallback} and moves every value a little inside
     * its bounds.
     */
    static double[] inside(CurveFamily family, double[] p, double[] fallback) {
        for (int j = 0; j < p.length; j++) {
            double v = Double.isFinite(p[j]) ? p[j] : fallback[j];
            double lo = family.lowerBound(j);
            double hi = family.upperBound(j);
            double pad = Double.isFinite(lo) && Double.isFinite(hi)
                    ? 1e-3 * (hi - lo)
                    : 1e-3 * Math.max(1.0, Math.abs(Double.isFinite(lo) ? lo : hi));
            if (Double.isFinite(lo)) {
                v = Math.max(v, lo + pad);
            }
            if (Double.isFinite(hi)) {
                v = Math.min(v, hi - pad);
            }
            p[j] = v;
        }
        return p;
    }
}
