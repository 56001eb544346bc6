package org.peng4nn.engine.policy;

import java.util.Arrays;
import java.util.List;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.curve.CurveFamily;
import org.peng4nn.engine.curve.MmfFamily;
import org.peng4nn.engine.curve.Peng4nnFamily;
import org.peng4nn.engine.curve.Pow3Family;
import org.peng4nn.engine.fit.CurveFit;
import org.peng4nn.engine.fit.CurveFitter;
import org.peng4nn.engine.fit.FitMethod;
import org.peng4nn.engine.fit.FitOptions;
import org.peng4nn.engine.fit.Loss;

/**
 * The product's default policy: several robustly fitted curve families, bounded by what the curve
 * has already shown, stopping only when the families agree with each other <em>and</em> the
 * prediction has stopped moving. See {@code docs/policy.md} for the measurements behind each choice.
 *
 * <p>After every evaluation, once the curve has at least {@value #MIN_POINTS} points:
 * <ol>
 *   <li>Fit each family (by default PEng4NN's exponential {@code a - b^(c-x)}, the power law
 *       {@code pow3} and the sigmoidal {@code mmf}) with a soft-L1 loss whose scale comes from the
 *       residuals' MAD, so the sudden accuracy dips real training shows do not drag the curve down.
 *       Each fit starts from the family's data-driven start values, so a prediction is a function
 *       of the curve alone, not of the order earlier fits happened in.</li>
 *   <li>Project each family's extrapolation to {@code max_epochs} onto the feasible range
 *       {@code [shown, min(100, trend)]}: an accuracy cannot exceed 100 %, the final accuracy is
 *       unlikely to be below the level the model has already shown ({@code shown} = median of the
 *       last {@code level_window} evaluations, robust to one dip), and a saturating curve ends below
 *       the extension of its recent linear trend ({@link #trendBound}: the least-squares line through
 *       the last half of the points at {@code max_epochs} + 1.96 standard errors, only where that
 *       half is not significantly convex).</li>
 *   <li>The prediction is the median of the projected family values (robust to one family
 *       extrapolating wildly); its interval spans the families and ± 1.96 standard errors of the
 *       median family's fit.</li>
 *   <li>Stop (CONVERGED) when all of these hold: at least {@code min_fraction} of the budget is
 *       trained; the last {@code window} predictions lie within ± tol of their median; the projected
 *       family values lie within a range of {@code spread} × tol (structural uncertainty: families
 *       that agree on a plateau disagree wildly on a curve that is still rising); and the median raw
 *       extrapolation is within tol of the feasible range, unless that range itself is narrower
 *       than tol (a curve at the ceiling). {@code tol = max(threshold, noise_multiple · σ̂ / √n)}
 *       with σ̂ the robust (MAD) scale of the median family's residuals over the last n = half of the
 *       points: a curve noisier than the threshold cannot be predicted more precisely than its
 *       level is known.</li>
 *   <li>Optionally (PRUNED, {@code prune_top} &gt; 0) stop a model whose optimistic value (its
 *       highest projected family value + tol) is below the current k-th best fitness of the
 *       leaderboard (k = prune_top × models seen), once enough models finished for that bar to
 *       mean something.</li>
 * </ol>
 *
 * <p>Pure and deterministic; remembers nothing but the curve and the prediction history, so
 * a state store keeps it unchanged. Never throws on finite input; predictions lie in
 * [0, 100] or are {@code +Infinity} ("none") when no family could be fitted.
 */
public final class EnsemblePolicy implements StoppingPolicy {

    public static final String NAME = "ensemble";

    public static final PolicySetting<Double> THRESHOLD = PolicySetting.number("threshold",
            new SettingType.Number(0, false, 100, true), 0.5,
            "least tolerance in pp: predictions must agree, and families span at most spread x tol",
            0.25, 0.5, 0.75, 1, 1.5);
    public static final PolicySetting<Integer> WINDOW = PolicySetting.wholeNumber("window", 1, 1_000, 3,
            "number of latest predictions that must agree before stopping", 2, 3, 4);
    public static final PolicySetting<Double> SPREAD = PolicySetting.number("spread",
            new SettingType.Number(0, false, 1_000, true), 2,
            "allowed range of the families' predictions, in units of the tolerance", 1, 2, 3, 4);
    public static final PolicySetting<Double> MIN_FRACTION = PolicySetting.number("min_fraction",
            new SettingType.Number(0, true, 1, true), 0.2,
            "share of max_epochs trained before any stop, scale-free across budgets");
    public static final PolicySetting<Double> NOISE_MULTIPLE = PolicySetting.number("noise_multiple",
            new SettingType.Number(0, true, 1_000, true), 0,
            "tolerance also grows to this many standard errors of the recent level, sigma/sqrt(n); 0 off");
    public static final PolicySetting<Integer> LEVEL_WINDOW = PolicySetting.wholeNumber("level_window", 0, 1_000, 3,
            "evaluations whose median floors the prediction: a level already shown; 0 off");
    public static final PolicySetting<List<CurveFamily>> FAMILIES = new PolicySetting<>("families",
            new SettingType.Families(), List.of(Peng4nnFamily.INSTANCE, Pow3Family.INSTANCE, MmfFamily.INSTANCE),
            "the curve families fitted, comma-separated", List.of());
    public static final PolicySetting<Double> PRUNE_TOP = PolicySetting.number("prune_top",
            new SettingType.Number(0, true, 1, false), 0,
            "stop (PRUNED) models whose optimistic prediction misses this top share of the leaderboard; 0 off");

    public static final PolicyDefinition DEFINITION = new PolicyDefinition(NAME,
            "robust fits of several curve families, floored at the level shown; stops when stable and agreed",
            List.of(THRESHOLD, WINDOW, SPREAD, MIN_FRACTION, NOISE_MULTIPLE, LEVEL_WINDOW, FAMILIES, PRUNE_TOP),
            v -> new EnsemblePolicy(new Config(v.get(FAMILIES), v.get(THRESHOLD), v.get(WINDOW), v.get(MIN_FRACTION),
                    v.get(NOISE_MULTIPLE), v.get(SPREAD), v.get(LEVEL_WINDOW), v.get(PRUNE_TOP))));

    /** Fewest points fitted: three-parameter families need two degrees of freedom for a residual scale. */
    static final int MIN_POINTS = 5;

    /**
     * Relative tolerance of each robust fit (cost decrease, step, gradient). A fit within 0.01 % of its
     * least cost is as close as a dozen noisy points can tell: SciPy's 1e-8 took 2.6× the solver
     * iterations and changed no decision that matters on the real or synthetic curves (docs/policy.md).
     */
    static final double FIT_TOLERANCE = 1e-4;
    private static final double MAD_TO_SIGMA = 1.4826;
    private static final double CEILING = 100.0;
    private static final double Z95 = 1.96;

    /**
     * Every knob of the rule, each within the bounds of its declared {@link PolicySetting}.
     *
     * @param families      the curve families fitted, at least one
     * @param threshold     least tolerance in percentage points (&gt; 0)
     * @param window        predictions that must agree (&gt;= 1)
     * @param minFraction   share of the budget trained before any stop, in [0, 1]
     * @param noiseMultiple tolerance in units of the standard error of the recent level (&gt;= 0)
     * @param spread        allowed range of the family values, in units of tol (&gt; 0)
     * @param levelWindow   evaluations whose median floors the prediction; 0 disables the floor
     * @param pruneTop      leaderboard share a model must be able to reach; 0 disables pruning
     */
    public record Config(List<CurveFamily> families, double threshold, int window, double minFraction,
            double noiseMultiple, double spread, int levelWindow, double pruneTop) {

        public Config {
            families = List.copyOf(FAMILIES.check(families));
            THRESHOLD.check(threshold);
            WINDOW.check(window);
            MIN_FRACTION.check(minFraction);
            NOISE_MULTIPLE.check(noiseMultiple);
            SPREAD.check(spread);
            LEVEL_WINDOW.check(levelWindow);
            PRUNE_TOP.check(pruneTop);
        }

        /** Every setting at its declared default (explained in {@code docs/policy.md}). */
        public static Config defaults() {
            return new Config(FAMILIES.defaultValue(), THRESHOLD.defaultValue(), WINDOW.defaultValue(),
                    MIN_FRACTION.defaultValue(), NOISE_MULTIPLE.defaultValue(), SPREAD.defaultValue(),
                    LEVEL_WINDOW.defaultValue(), PRUNE_TOP.defaultValue());
        }
    }

    private final Config config;
    private final FitMethod[] fitters;

    public EnsemblePolicy(Config config) {
        this(config, FIT_TOLERANCE);
    }

    /** With another fit tolerance: only for measuring what {@link #FIT_TOLERANCE} costs and changes. */
    EnsemblePolicy(Config config, double fitTolerance) {
        this.config = config;
        this.fitters = new FitMethod[config.families().size()];
        FitOptions robust = FitOptions.robust(Loss.SOFT_L1, Double.NaN).withTolerance(fitTolerance);
        for (int i = 0; i < fitters.length; i++) {
            fitters[i] = new CurveFitter(config.families().get(i), robust);
        }
    }

    public static EnsemblePolicy defaults() {
        return new EnsemblePolicy(Config.defaults());
    }

    public Config config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean usesFinishedFitness() {
        return config.pruneTop() > 0;
    }

    @Override
    public ModelState observe(ModelState state, double epoch, double accuracy, FinishedFitness finished) {
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
        Estimate est = estimate(x, y, m, next.finalX(), curve.lastEpoch());
        next = next.withPrediction(est.prediction());
        if (!est.prediction().hasValue() || trainedFraction(next) < config.minFraction()) {
            return next;
        }
        double tol = Math.max(config.threshold(), config.noiseMultiple() * est.levelError());
        boolean agreed = agree(next.history(), config.window(), tol);
        if (agreed && est.spread() <= config.spread() * tol && est.credible(tol)) {
            return next.withDecision(Decision.stop(Decision.Reason.CONVERGED, curve.lastEpoch(),
                    est.prediction().predictedFinal()));
        }
        if (config.pruneTop() > 0 && agreed) {
            double bar = pruningBar(finished, config.pruneTop());
            if (est.highest() + tol < bar) {
                return next.withDecision(Decision.stop(Decision.Reason.PRUNED, curve.lastEpoch(),
                        est.prediction().predictedFinal()));
            }
        }
        return next;
    }

    /**
     * Share of the budget trained after the latest evaluation, {@code (x_last + 1) / x_final}: the
     * 0-based epoch index e of whole-epoch data means e + 1 epochs trained.
     */
    static double trainedFraction(ModelState state) {
        return (state.xOf(state.curve().lastEpoch()) + 1) / state.finalX();
    }

    /**
     * The fitness a model must be able to reach to stay: the k-th best of the leaderboard with
     * k = round(top × (finished + 1)), or −∞ until 1/top models finished (a top share of fewer
     * models is mostly luck).
     */
    static double pruningBar(FinishedFitness board, double top) {
        if (board.size() < Math.ceil(1 / top)) {
            return Double.NEGATIVE_INFINITY;
        }
        int k = Math.max(1, (int) Math.rint(top * (board.size() + 1)));
        return board.kthBest(k);
    }

    /**
     * One ensemble estimate.
     *
     * @param prediction the recorded prediction (median projected family value)
     * @param raw        the median of the family extrapolations floored by the shown level but not capped
     * @param shown      the level the curve has already shown (the floor), or 0 without a floor
     * @param spread     range of the projected family values; +∞ when a family could not be fitted
     * @param highest    the highest projected family value
     * @param levelError σ̂ / √n of the recent points around the median family
     */
    record Estimate(CurvePrediction prediction, double raw, double shown, double spread, double highest,
            double levelError) {

        /**
         * The families extrapolate within tol of the feasible range, or the range is itself narrower
         * than tol: a prediction pinned to 100 % by families that would run far past it is not a
         * plateau but a curve whose asymptote the data does not identify yet.
         */
        boolean credible(double tol) {
            return raw <= CEILING + tol || CEILING - shown <= tol;
        }
    }

    Estimate estimate(double[] x, double[] y, int m, double finalX, double lastEpoch) {
        int f = fitters.length;
        double shown = config.levelWindow() > 0 ? Math.max(0, recentLevel(y, m, config.levelWindow())) : 0;
        // the upper end of the feasible range: 100 %, or lower where the recent trend bounds a saturating curve
        double ceiling = Math.min(CEILING, Math.max(shown, trendBound(x, y, m, finalX)));
        double[] projected = new double[f];
        double[] raw = new double[f];
        CurveFit[] fits = new CurveFit[f];
        int fitted = 0;
        for (int i = 0; i < f; i++) {
            CurveFamily family = fitters[i].family();
            if (m < family.parameterCount() + 2) {
                continue;
            }
            CurveFit fit = fitters[i].fit(x, y, m, null);
            double v = fit.valueAt(finalX);
            if (!Double.isFinite(v)) {
                continue;
            }
            fits[i] = fit;
            raw[i] = Math.max(shown, v);
            projected[i] = Math.min(ceiling, Math.max(shown, v));
            fitted++;
        }
        if (fitted == 0) {
            return new Estimate(CurvePrediction.none(lastEpoch, fitters[0].family().name()), Double.NaN, shown,
                    Double.POSITIVE_INFINITY, Double.NaN, Double.NaN);
        }
        double[] values = new double[fitted];
        double[] raws = new double[fitted];
        for (int i = 0, j = 0; i < f; i++) {
            if (fits[i] != null) {
                values[j] = projected[i];
                raws[j++] = raw[i];
            }
        }
        double predicted = Math.min(CEILING, median(values, fitted));
        double lo = Arrays.stream(values).min().orElseThrow();
        double hi = Arrays.stream(values).max().orElseThrow();
        // the family whose value is the median carries the display parameters and the noise estimate
        int central = -1;
        for (int i = 0; i < f; i++) {
            if (fits[i] != null && (central < 0
                    || Math.abs(projected[i] - predicted) < Math.abs(projected[central] - predicted))) {
                central = i;
            }
        }
        CurveFit fit = fits[central];
        double se = fit.standardErrorAt(finalX);
        double lower = Math.max(0, Math.min(lo, Double.isFinite(se) ? predicted - Z95 * se : lo));
        double upper = Math.min(CEILING, Math.max(hi, Double.isFinite(se) ? predicted + Z95 * se : hi));
        CurvePrediction p = new CurvePrediction(lastEpoch, Math.max(0, predicted), lower, upper,
                fitters[central].family().name(), fit.parameters());
        return new Estimate(p, median(raws, fitted), shown, fitted < f ? Double.POSITIVE_INFINITY : hi - lo, hi,
                levelError(fit, x, y, m));
    }

    /**
     * An upper bound on the accuracy at {@code finalX} from the recent trend, or +∞ when the recent
     * curve is not shown to saturate. A concave (saturating) curve ends below the extension of its
     * recent secant, and a least-squares line through the last half of the points is an average of
     * such secants; so the bound is that line at {@code finalX} plus 1.96 standard errors of its
     * value there (the noise). It holds only past the curve's inflection: +∞ when the last half is
     * significantly convex (the quadratic term of a fit there exceeds 1.96 standard errors: the
     * accelerating start of a sigmoid) or too short to tell (fewer than 4 points).
     *
     * <p>This is what lets a plateau stop whatever its shape: families fitted to the whole curve
     * carry their misfit of its rise into the tail (a power law fitted to an exponential approach
     * keeps rising pp after the data went flat), while the data say how much can still come.
     */
    static double trendBound(double[] x, double[] y, int m, double finalX) {
        int from = m / 2;
        int n = m - from;
        if (n < 4) {
            return Double.POSITIVE_INFINITY;
        }
        double mx = 0;
        double my = 0;
        double mq = 0;
        for (int i = from; i < m; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        for (int i = from; i < m; i++) {
            mq += (x[i] - mx) * (x[i] - mx) / n;
        }
        // sums of products of centred u = x - mx, q = u² - mean(u²) and y
        double suu = 0;
        double suy = 0;
        double suq = 0;
        double sqq = 0;
        double sqy = 0;
        for (int i = from; i < m; i++) {
            double u = x[i] - mx;
            double q = u * u - mq;
            double dy = y[i] - my;
            suu += u * u;
            suy += u * dy;
            suq += u * q;
            sqq += q * q;
            sqy += q * dy;
        }
        double det = suu * sqq - suq * suq;
        if (!(suu > 0) || !(det > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double bq = (sqq * suy - suq * sqy) / det;
        double cq = (suu * sqy - suq * suy) / det;
        double slope = suy / suu;
        double rssQuadratic = 0;
        double rssLine = 0;
        for (int i = from; i < m; i++) {
            double u = x[i] - mx;
            double dy = y[i] - my;
            double rq = dy - bq * u - cq * (u * u - mq);
            double rl = dy - slope * u;
            rssQuadratic += rq * rq;
            rssLine += rl * rl;
        }
        if (cq > Z95 * Math.sqrt(rssQuadratic / (n - 3) * suu / det)) {
            return Double.POSITIVE_INFINITY;
        }
        double u = finalX - mx;
        double bound = my + slope * u + Z95 * Math.sqrt(rssLine / (n - 2) * (1.0 / n + u * u / suu));
        return Double.isFinite(bound) ? bound : Double.POSITIVE_INFINITY;
    }

    /**
     * σ̂ / √n over the last half of the points: the MAD scale of the fit's residuals there (robust
     * to dips) divided by √n, the standard error of a level estimated from n such points; 0 when
     * the fit's values overflow, so the threshold alone decides.
     */
    static double levelError(CurveFit fit, double[] x, double[] y, int m) {
        int from = m / 2;
        double[] r = new double[m - from];
        for (int i = from; i < m; i++) {
            r[i - from] = Math.abs(y[i] - fit.valueAt(x[i]));
        }
        double s = MAD_TO_SIGMA * median(r, r.length) / Math.sqrt(r.length);
        return Double.isFinite(s) ? s : 0;
    }

    /** Median of the last {@code n} accuracies: a level the curve has shown, robust to one dip. */
    static double recentLevel(double[] y, int m, int n) {
        int from = Math.max(0, m - n);
        return median(Arrays.copyOfRange(y, from, m), m - from);
    }

    /** The last {@code window} predictions are values (not "none") within ± tol of their median. */
    static boolean agree(List<CurvePrediction> history, int window, double tol) {
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
        double centre = median(last.clone(), window);
        for (double p : last) {
            if (Math.abs(p - centre) > tol) {
                return false;
            }
        }
        return true;
    }

    /** Median of the first {@code n} values; sorts them in place. */
    private static double median(double[] a, int n) {
        Arrays.sort(a, 0, n);
        return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }

    @Override
    public String toString() {
        return NAME + "(families=" + config.families() + ", threshold=" + config.threshold() + ", window="
                + config.window() + ", min_fraction=" + config.minFraction() + ", noise_multiple="
                + config.noiseMultiple() + ", spread=" + config.spread() + ", level_window=" + config.levelWindow()
                + ", prune_top=" + config.pruneTop() + ")";
    }
}
