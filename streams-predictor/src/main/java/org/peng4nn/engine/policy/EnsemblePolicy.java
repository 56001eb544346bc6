package org.peng4nn.engine.policy;

import java.util.Arrays;
import java.util.List;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.curve.CurveFamily;
import org.peng4nn.engine.fit.CurveFit;
import org.peng4nn.engine.fit.CurveFitter;
import org.peng4nn.engine.fit.FitOptions;
import org.peng4nn.engine.fit.Loss;

/**
 * DRAFT — experimental ensemble policy; documentation follows once the rule is settled.
 */
public final class EnsemblePolicy implements StoppingPolicy {

    public static final String NAME = "ensemble";

    /** Every knob of the rule; see {@link Policies#settings(String)} for meanings and defaults. */
    public record Config(List<CurveFamily> families, double minFraction, int window, double threshold,
            double noiseMultiple, double z, int floorWindow, double pruneTop, boolean warm, double spreadMultiple,
            int combine) {
    }

    private static final double MAD_TO_SIGMA = 1.4826;

    private final Config config;
    private final CurveFitter[] fitters;

    public EnsemblePolicy(Config config) {
        this.config = config;
        this.fitters = new CurveFitter[config.families().size()];
        FitOptions options = FitOptions.robust(Loss.SOFT_L1, Double.NaN);
        for (int i = 0; i < fitters.length; i++) {
            fitters[i] = new CurveFitter(config.families().get(i), options);
        }
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelState start(double maxEpochs, double interval) {
        return ModelState.start(maxEpochs, interval);
    }

    @Override
    public ModelState observe(ModelState state, double epoch, double accuracy, Leaderboard leaderboard) {
        if (state.decision().stopped()) {
            return state;
        }
        Curve curve = state.curve().with(epoch, accuracy);
        if (curve == state.curve()) {
            return state;
        }
        ModelState next = state.withCurve(curve);
        int m = curve.size();
        if (m < MIN_POINTS) {
            return next;
        }
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = next.xOf(curve.epoch(i));
            y[i] = curve.accuracy(i);
        }
        Estimate est = estimate(next, x, y, m);
        for (int i = 0; i < fitters.length; i++) {
            if (est.parameters[i] != null) {
                next = next.withWarmStart(fitters[i].family().name(), est.parameters[i]);
            }
        }
        Prediction prediction = est.prediction;
        next = next.withPrediction(prediction);
        if (!prediction.hasValue()) {
            return next;
        }
        double fraction = (x[m - 1] + 1) / next.finalX();
        if (fraction < config.minFraction()) {
            return next;
        }
        double tol = Math.max(config.threshold(), config.noiseMultiple() * est.sigma);
        double halfWidth = config.z() * est.se;
        boolean credible = est.raw >= -tol && est.raw <= 100 + tol;
        if (config.spreadMultiple() > 0 && !(est.spread <= config.spreadMultiple() * tol)) {
            credible = false;
        }
        if (credible && agree(next.history(), config.window(), tol) && !(halfWidth > tol)) {
            return next.withDecision(Decision.stop(Decision.StopReason.CONVERGED, curve.lastEpoch(),
                    prediction.predictedFinal()));
        }
        if (config.pruneTop() > 0) {
            int k = Math.max(1, (int) Math.rint(config.pruneTop() * (leaderboard.size() + 1)));
            double bar = leaderboard.size() >= Math.ceil(1 / config.pruneTop()) ? leaderboard.kthBest(k)
                    : Double.NEGATIVE_INFINITY;
            double optimistic = prediction.predictedFinal() + Math.max(tol, halfWidth);
            if (optimistic < bar && agree(next.history(), config.window(), Math.max(tol, halfWidth))) {
                return next.withDecision(Decision.stop(Decision.StopReason.PRUNED, curve.lastEpoch(),
                        prediction.predictedFinal()));
            }
        }
        return next;
    }

    static final int MIN_POINTS = 5;
    static final double LOCAL_SCALE = Double.parseDouble(System.getProperty("lab.local", "0"));

    private record Estimate(Prediction prediction, double raw, double se, double sigma, double spread, double[][] parameters) {
    }

    private Estimate estimate(ModelState state, double[] x, double[] y, int m) {
        int f = fitters.length;
        double at = state.finalX();
        double[] value = new double[f];
        double[] se = new double[f];
        double[][] params = new double[f][];
        double[][] residuals = new double[f][];
        double scale = Double.POSITIVE_INFINITY;
        for (int i = 0; i < f; i++) {
            CurveFamily family = fitters[i].family();
            int k = family.parameterCount();
            value[i] = Double.NaN;
            if (m < k + 2) {
                continue;
            }
            double[] start = config.warm() ? state.warmStart(family.name()) : null;
            CurveFit fit = fitters[i].fit(x, y, m, start);
            if (LOCAL_SCALE > 0 && Double.isFinite(fit.valueAt(at))) {
                double[] r0 = new double[m];
                for (int j = 0; j < m; j++) {
                    r0[j] = y[j] - fit.valueAt(x[j]);
                }
                double local = Math.max(0.01, MAD_TO_SIGMA * medianAbs(r0, m / 2, m));
                if (Double.isFinite(local)) fit = new CurveFitter(family, FitOptions.robust(Loss.SOFT_L1, LOCAL_SCALE * local))
                        .fit(x, y, m, fit.parameters());
            }
            double v = fit.valueAt(at);
            params[i] = fit.parameters();
            if (!Double.isFinite(v)) {
                continue;
            }
            value[i] = v;
            se[i] = fit.standardErrorAt(at);
            double[] r = new double[m];
            for (int j = 0; j < m; j++) {
                r[j] = y[j] - fit.valueAt(x[j]);
            }
            residuals[i] = r;
            scale = Math.min(scale, MAD_TO_SIGMA * medianAbs(r, 0, m));
        }
        scale = Math.max(scale, 1e-3);
        // fixed-scale robust AICc: soft-L1 cost at a common scale plus the small-sample penalty
        double[] aic = new double[f];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < f; i++) {
            if (residuals[i] == null) {
                aic[i] = Double.POSITIVE_INFINITY;
                continue;
            }
            int k = fitters[i].family().parameterCount();
            double cost = 0;
            for (double r : residuals[i]) {
                double zz = r / scale;
                cost += 2 * (Math.sqrt(1 + zz * zz) - 1);
            }
            aic[i] = cost + 2.0 * k + 2.0 * k * (k + 1) / Math.max(1, m - k - 1);
            best = Math.min(best, aic[i]);
        }
        if (!Double.isFinite(best)) {
            return new Estimate(Prediction.none(state.curve().lastEpoch(), fitters[0].family().name()), Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, params);
        }
        double wsum = 0;
        double[] w = new double[f];
        int top = -1;
        for (int i = 0; i < f; i++) {
            w[i] = Double.isFinite(aic[i]) ? Math.exp(-0.5 * (aic[i] - best)) : 0;
            wsum += w[i];
            if (top < 0 || w[i] > w[top]) {
                top = i;
            }
        }
        double mean = 0;
        for (int i = 0; i < f; i++) {
            w[i] /= wsum;
            mean += w[i] * value[i];
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int fitted = 0;
        double[] clamped = new double[f];
        for (int i = 0; i < f; i++) {
            if (residuals[i] != null) {
                double c = Math.max(0, Math.min(100, value[i]));
                clamped[fitted++] = c;
                lo = Math.min(lo, c);
                hi = Math.max(hi, c);
            }
        }
        double spread = fitted < f ? Double.POSITIVE_INFINITY : hi - lo;
        if (config.combine() == 1) {
            Arrays.sort(clamped, 0, fitted);
            mean = fitted % 2 == 1 ? clamped[fitted / 2] : 0.5 * (clamped[fitted / 2 - 1] + clamped[fitted / 2]);
        } else if (config.combine() == 2) {
            mean = 0;
            for (int i = 0; i < fitted; i++) {
                mean += clamped[i] / fitted;
            }
        }
        double var = 0;
        boolean seKnown = true;
        for (int i = 0; i < f; i++) {
            if (w[i] > 0) {
                double s = se[i];
                if (!Double.isFinite(s)) {
                    seKnown = false;
                    s = 0;
                }
                var += w[i] * (s * s + (value[i] - mean) * (value[i] - mean));
            }
        }
        double totalSe = seKnown ? Math.sqrt(var) : Double.POSITIVE_INFINITY;
        // noise of one evaluation, from the recent half of the top model's residuals
        double[] rt = residuals[top];
        int from = m / 2;
        double sigma = MAD_TO_SIGMA * medianAbs(rt, from, m) / (Boolean.getBoolean("lab.sqrt") ? Math.sqrt(m - from) : 1);
        double predicted = mean;
        if (config.floorWindow() > 0) {
            predicted = Math.max(predicted, recentLevel(y, m, config.floorWindow()));
        }
        predicted = Math.max(0, Math.min(100, predicted));
        double lower = Double.isFinite(totalSe) ? Math.max(0, predicted - 1.96 * totalSe) : Double.NaN;
        double upper = Double.isFinite(totalSe) ? Math.min(100, predicted + 1.96 * totalSe) : Double.NaN;
        Prediction p = new Prediction(state.curve().lastEpoch(), predicted, lower, upper,
                fitters[top].family().name(), params[top]);
        return new Estimate(p, mean, totalSe, sigma, spread, params);
    }

    /** Median of the last {@code n} accuracies: a level the curve has already shown, robust to one dip. */
    static double recentLevel(double[] y, int m, int n) {
        int from = Math.max(0, m - n);
        double[] a = Arrays.copyOfRange(y, from, m);
        Arrays.sort(a);
        int k = a.length;
        return k % 2 == 1 ? a[k / 2] : 0.5 * (a[k / 2 - 1] + a[k / 2]);
    }

    static double medianAbs(double[] r, int from, int to) {
        double[] a = new double[to - from];
        for (int i = from; i < to; i++) {
            a[i - from] = Math.abs(r[i]);
        }
        Arrays.sort(a);
        int k = a.length;
        return k == 0 ? Double.NaN : k % 2 == 1 ? a[k / 2] : 0.5 * (a[k / 2 - 1] + a[k / 2]);
    }

    /** The last {@code window} predictions are finite and within ± tol of their median. */
    static boolean agree(List<Prediction> history, int window, double tol) {
        if (history.size() < window) {
            return false;
        }
        double[] last = new double[window];
        for (int i = 0; i < window; i++) {
            double p = history.get(history.size() - window + i).predictedFinal();
            if (!Double.isFinite(p)) {
                return false;
            }
            last[i] = p;
        }
        double[] sorted = last.clone();
        Arrays.sort(sorted);
        double median = window % 2 == 1 ? sorted[window / 2] : 0.5 * (sorted[window / 2 - 1] + sorted[window / 2]);
        for (double p : last) {
            if (Math.abs(p - median) > tol) {
                return false;
            }
        }
        return true;
    }
}
