package org.peng4nn.engine.policy;

import java.util.List;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.population.FinalEstimate;
import org.peng4nn.engine.population.Population;
import org.peng4nn.engine.population.SearchView;

/**
 * Learns from the search: once enough models of the same search and budget have trained to the
 * end, a model's final accuracy is estimated from how those curves went on from the same point
 * (a ridge regression on a few features of the first evaluations, see {@link Population}), with a
 * conformal interval measured on those curves. Until then the per-curve {@link EnsemblePolicy}
 * stands alone. See {@code docs/policy.md} for the measurements.
 *
 * <p>Rules, after each evaluation:
 * <ol>
 *   <li>Calibration runs (every other model at the start of a search until there are
 *       {@code calibration_first} of them, then one in {@code calibration_every}) never stop: the
 *       population keeps learning from unbiased curves, and a small search still stops some models.</li>
 *   <li>Before {@code min_curves} finished curves: the ensemble decides, but never stops a model
 *       before a learning-rate milestone still ahead of it (a plateau before a scheduled drop is
 *       not the end of the curve).</li>
 *   <li>After: the estimate and its interval are clipped to [0, 100]; stop (CONVERGED) when the
 *       interval's half-width, less (in quadrature) {@code noise_allowance} × the search's final
 *       noise, is at most {@code tol}, unless the
 *       interval straddles the top-{@code top_share} bar of the finished models (where accuracy
 *       decides the ranking, the model trains on); stop (PRUNED) when the whole interval lies
 *       below that bar and its half-width is at most {@code prune_width} × tol. The population
 *       has learned what the schedule's milestones do, so milestones no longer hold stops back.</li>
 * </ol>
 *
 * <p>Pure and deterministic: the decision is a function of the model's curve and the search view.
 */
public final class PopulationPolicy implements StoppingPolicy {

    public static final String NAME = "population";

    public static final PolicySetting<Double> TOL = PolicySetting.number("tol",
            new SettingType.Number(0, false, 100, true), 1.0,
            "largest half-width in pp of the interval for the final accuracy at a CONVERGED stop",
            0.5, 0.75, 1, 1.5, 2);
    public static final PolicySetting<Double> LEVEL = PolicySetting.number("level",
            new SettingType.Number(0, false, 1, false), 0.9, "nominal coverage of that interval");
    public static final PolicySetting<Integer> MIN_CURVES = PolicySetting.wholeNumber("min_curves", 2, 100_000, 10,
            "finished full-budget curves of the search before they decide; the ensemble decides until then");
    public static final PolicySetting<Integer> CALIBRATION_FIRST = PolicySetting.wholeNumber("calibration_first", 0,
            100_000, 10, "calibration runs among the first models of a search: every other model from the first"
            + " until there are this many");
    public static final PolicySetting<Integer> CALIBRATION_EVERY = PolicySetting.wholeNumber("calibration_every", 1,
            100_000, 10, "then one model in this many trains to the full budget");
    public static final PolicySetting<Double> PRUNE_WIDTH = PolicySetting.number("prune_width",
            new SettingType.Number(0, true, 1_000, true), 2.0,
            "PRUNED stop when the whole interval is below the top bar and at most this many tol wide; 0 off",
            0, 1, 2, 3);
    public static final PolicySetting<Double> TOP_SHARE = PolicySetting.number("top_share",
            new SettingType.Number(0, false, 1, false), 0.1,
            "share of the finished models above the bar that protects (and prunes against)");
    public static final PolicySetting<Double> NOISE_ALLOWANCE = PolicySetting.number("noise_allowance",
            new SettingType.Number(0, true, 1, true), 0.5,
            "share of the search's final noise (how well a final follows from all earlier evaluations) taken off"
            + " the interval in quadrature before it is compared with tol: training on cannot remove it; 0 off");
    public static final PolicySetting<Integer> CAPACITY = PolicySetting.wholeNumber("capacity", 2, 100_000, 500,
            "most recent finished curves kept per budget (at least min_curves)");

    public static final PolicyDefinition DEFINITION = new PolicyDefinition(NAME,
            "learns from the finished curves of its search; stops on a narrow conformal interval (Prediction v2)",
            List.of(TOL, LEVEL, MIN_CURVES, CALIBRATION_FIRST, CALIBRATION_EVERY, PRUNE_WIDTH, TOP_SHARE,
                    NOISE_ALLOWANCE, CAPACITY),
            v -> new PopulationPolicy(new Config(v.get(TOL), v.get(LEVEL), v.get(MIN_CURVES), v.get(CALIBRATION_FIRST),
                    v.get(CALIBRATION_EVERY), v.get(PRUNE_WIDTH), v.get(TOP_SHARE), v.get(NOISE_ALLOWANCE),
                    v.get(CAPACITY), EnsemblePolicy.Config.defaults())));
    static final String FAMILY = "population";
    /** Fewest evaluations the regression reads: a level and a slope over three points. */
    static final int MIN_POINTS = 3;
    /**
     * Budgets (in evaluations) under which the fallback compares two predictions, not its window of
     * three: the ensemble predicts from 5 points, so three agreeing predictions need 7 evaluations, and
     * on a budget this short (the demo's 8 epochs) that leaves nothing to save. A small search must
     * still stop some models, and the population cannot decide before it has 9 finished curves.
     */
    static final int SHORT_BUDGET = 12;

    /**
     * @param tol              largest interval half-width of a CONVERGED stop, percentage points (&gt; 0)
     * @param level            nominal coverage of the interval, in (0, 1)
     * @param minCurves        finished curves of the budget before the population decides (&gt;= 2)
     * @param calibrationFirst models at the start of a search that always train fully (&gt;= 0)
     * @param calibrationEvery then one model in this many trains fully (&gt;= 1; 1 = all of them)
     * @param pruneWidth       largest half-width of a PRUNED stop, in units of tol (&gt;= 0; 0 disables pruning)
     * @param topShare         share of the finished models whose bar decides pruning and protection, in (0, 1)
     * @param noiseAllowance   share in [0, 1] of the search's final noise ({@link Population#finalNoise}) taken
     *                         off the interval in quadrature before it is compared with tol (0: the whole interval)
     * @param capacity         most recent finished curves kept per budget (&gt;= min_curves)
     * @param fallback         the per-curve policy before the population decides
     */
    public record Config(double tol, double level, int minCurves, int calibrationFirst, int calibrationEvery,
            double pruneWidth, double topShare, double noiseAllowance, int capacity, EnsemblePolicy.Config fallback) {

        public Config {
            TOL.check(tol);
            LEVEL.check(level);
            MIN_CURVES.check(minCurves);
            CALIBRATION_FIRST.check(calibrationFirst);
            CALIBRATION_EVERY.check(calibrationEvery);
            PRUNE_WIDTH.check(pruneWidth);
            TOP_SHARE.check(topShare);
            NOISE_ALLOWANCE.check(noiseAllowance);
            CAPACITY.check(capacity);
            if (capacity < minCurves) {
                throw new IllegalArgumentException("policy " + NAME + ": setting capacity (" + capacity
                        + ") must be at least min_curves (" + minCurves + ")");
            }
            if (fallback == null) {
                throw new IllegalArgumentException("policy " + NAME + " needs a fallback ensemble configuration");
            }
        }

        /** Every setting at its declared default (explained in {@code docs/policy.md}). */
        public static Config defaults() {
            return new Config(TOL.defaultValue(), LEVEL.defaultValue(), MIN_CURVES.defaultValue(),
                    CALIBRATION_FIRST.defaultValue(), CALIBRATION_EVERY.defaultValue(), PRUNE_WIDTH.defaultValue(),
                    TOP_SHARE.defaultValue(), NOISE_ALLOWANCE.defaultValue(), CAPACITY.defaultValue(),
                    EnsemblePolicy.Config.defaults());
        }
    }

    private final Config config;
    private final EnsemblePolicy fallback;

    /** The fallback on a short budget: predictions compared two at a time. */
    private final EnsemblePolicy shortFallback;

    public PopulationPolicy(Config config) {
        this.config = config;
        this.fallback = new EnsemblePolicy(config.fallback());
        EnsemblePolicy.Config f = config.fallback();
        this.shortFallback = new EnsemblePolicy(new EnsemblePolicy.Config(f.families(), f.threshold(),
                Math.min(2, f.window()), f.minFraction(), f.noiseMultiple(), f.spread(), f.levelWindow(), f.pruneTop()));
    }

    public static PopulationPolicy defaults() {
        return new PopulationPolicy(Config.defaults());
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
        return true;
    }

    @Override
    public int populationCapacity() {
        return config.capacity();
    }

    @Override
    public boolean calibrationRun(int ordinal) {
        int opening = 2 * config.calibrationFirst();
        if (ordinal < opening) {
            return ordinal % 2 == 0;
        }
        return (ordinal - opening) % config.calibrationEvery() == config.calibrationEvery() - 1;
    }

    /** Without a search view: the model is the first of its search, so it is a calibration run. */
    @Override
    public ModelState observe(ModelState state, double epoch, double accuracy, FinishedFitness finished) {
        return observe(state, epoch, accuracy, SearchView.of(finished));
    }

    @Override
    public ModelState observe(ModelState state, double epoch, double accuracy, SearchView search) {
        if (state.decision().stopped()) {
            return state;
        }
        Population population = search.population();
        if (population == null || population.size() < config.minCurves()) {
            EnsemblePolicy alone = evaluations(state) < SHORT_BUDGET ? shortFallback : fallback;
            ModelState next = alone.observe(state, epoch, accuracy, search.finished());
            boolean held = calibrationRun(search.ordinal()) || milestoneAhead(next, search);
            return next.decision().stopped() && held ? next.withDecision(Decision.CONTINUE) : next;
        }
        Curve curve = state.curve().with(epoch, accuracy);
        if (curve == state.curve()) {
            return state;
        }
        ModelState next = state.withCurve(curve);
        int m = curve.size();
        if (m < MIN_POINTS || m >= population.length()) {
            return next;
        }
        FinalEstimate est = population.estimate(curve.accuracies(), m, config.level());
        // an accuracy lies in [0, 100]: so do the estimate and its interval (the intersection of the
        // conformal interval with the possible values keeps its coverage and only removes the impossible)
        double predicted = clamp(est.predicted());
        double lower = clamp(est.lower());
        double upper = clamp(est.upper());
        next = next.withPrediction(new CurvePrediction(curve.lastEpoch(), predicted, lower, upper, FAMILY,
                new double[0]));
        if (calibrationRun(search.ordinal())) {
            return next;
        }
        double bar = bar(search.finished());
        // an interval wholly above 100 % (or below 0) is no estimate of a possible accuracy: no stop on it
        double half = est.lower() > 100 || est.upper() < 0 ? Double.POSITIVE_INFINITY
                : reducible((upper - lower) / 2, population.finalNoise(config.level()));
        boolean straddles = lower < bar && bar < upper;
        if (half <= config.tol() && !straddles) {
            return next.withDecision(Decision.stop(Decision.Reason.CONVERGED, curve.lastEpoch(), predicted));
        }
        if (upper < bar && half <= config.pruneWidth() * config.tol()) {
            return next.withDecision(Decision.stop(Decision.Reason.PRUNED, curve.lastEpoch(), predicted));
        }
        return next;
    }

    /**
     * The k-th best fitness of the finished models, k = max(1, round(top_share × finished)), once
     * {@code min_curves} models finished; −∞ before (no bar yet).
     */
    private double bar(FinishedFitness board) {
        if (board.size() < config.minCurves()) {
            return Double.NEGATIVE_INFINITY;
        }
        return board.kthBest(Math.max(1, (int) Math.rint(config.topShare() * board.size())));
    }

    /**
     * The part of a half-width that more training could remove: the observed final is one noisy
     * evaluation, so even the last-but-one evaluation predicts it only to ± {@link Population#finalNoise}.
     * Independent errors add in quadrature, so the reducible part is √(half² − (allowance·finalNoise)²).
     */
    private double reducible(double half, double finalNoise) {
        if (config.noiseAllowance() == 0 || !Double.isFinite(half) || !Double.isFinite(finalNoise)) {
            return half;
        }
        double floor = config.noiseAllowance() * finalNoise;
        return Math.sqrt(Math.max(0, half * half - floor * floor));
    }

    /** Evaluations in the model's budget. */
    private static double evaluations(ModelState state) {
        return state.maxEpochs() / state.interval();
    }

    private static double clamp(double accuracy) {
        return Math.max(0, Math.min(100, accuracy));
    }

    /** A milestone inside the budget that the curve has not reached yet. */
    private static boolean milestoneAhead(ModelState state, SearchView search) {
        double last = state.curve().isEmpty() ? -1 : state.curve().lastEpoch();
        for (double m : search.milestones()) {
            if (m > last && m < state.maxEpochs()) {
                return true;
            }
        }
        return false;
    }
}
