package org.peng4nn.engine.policy;

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
 *   <li>Calibration runs (the first {@code calibration_first} models of a search, then one in
 *       {@code calibration_every}) never stop: the population keeps learning from unbiased curves.</li>
 *   <li>Before {@code min_curves} finished curves: the ensemble decides, but never stops a model
 *       before a learning-rate milestone still ahead of it (a plateau before a scheduled drop is
 *       not the end of the curve).</li>
 *   <li>After: stop (CONVERGED) when the interval's half-width is at most {@code tol}, unless the
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
    static final String FAMILY = "population";
    /** Fewest evaluations the regression reads: a level and a slope over three points. */
    static final int MIN_POINTS = 3;

    /**
     * @param tol              largest interval half-width of a CONVERGED stop, percentage points (&gt; 0)
     * @param level            nominal coverage of the interval, in (0, 1)
     * @param minCurves        finished curves of the budget before the population decides (&gt;= 2)
     * @param calibrationFirst models at the start of a search that always train fully (&gt;= 0)
     * @param calibrationEvery then one model in this many trains fully (&gt;= 1; 1 = all of them)
     * @param pruneWidth       largest half-width of a PRUNED stop, in units of tol (&gt;= 0; 0 disables pruning)
     * @param topShare         share of the finished models whose bar decides pruning and protection, in (0, 1)
     * @param capacity         most recent finished curves kept per budget (&gt;= min_curves)
     * @param fallback         the per-curve policy before the population decides
     */
    public record Config(double tol, double level, int minCurves, int calibrationFirst, int calibrationEvery,
            double pruneWidth, double topShare, int capacity, EnsemblePolicy.Config fallback) {

        public Config {
            if (!(tol > 0) || !Double.isFinite(tol) || !(level > 0 && level < 1) || minCurves < 2
                    || calibrationFirst < 0 || calibrationEvery < 1 || !(pruneWidth >= 0) || !Double.isFinite(pruneWidth)
                    || !(topShare > 0 && topShare < 1) || capacity < minCurves || fallback == null) {
                throw new IllegalArgumentException("invalid population settings: " + this);
            }
        }

        public static Config defaults() {
            return new Config(1.0, 0.9, 10, 10, 10, 2.0, 0.1, 500, EnsemblePolicy.Config.defaults());
        }
    }

    private final Config config;
    private final EnsemblePolicy fallback;

    public PopulationPolicy(Config config) {
        this.config = config;
        this.fallback = new EnsemblePolicy(config.fallback());
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
    public ModelState start(double maxEpochs, double interval) {
        return ModelState.start(maxEpochs, interval);
    }

    @Override
    public boolean usesLeaderboard() {
        return true;
    }

    @Override
    public int populationCapacity() {
        return config.capacity();
    }

    @Override
    public boolean calibrationRun(int ordinal) {
        int first = config.calibrationFirst();
        return ordinal < first || (ordinal - first) % config.calibrationEvery() == config.calibrationEvery() - 1;
    }

    /** Without a search view: the model is the first of its search, so it is a calibration run. */
    @Override
    public ModelState observe(ModelState state, double epoch, double accuracy, Leaderboard leaderboard) {
        return observe(state, epoch, accuracy, SearchView.of(leaderboard));
    }

    @Override
    public ModelState observe(ModelState state, double epoch, double accuracy, SearchView search) {
        if (state.decision().stopped()) {
            return state;
        }
        Population population = search.population();
        if (population == null || population.size() < config.minCurves()) {
            ModelState next = fallback.observe(state, epoch, accuracy, search.leaderboard());
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
        double predicted = Math.max(0, Math.min(100, est.predicted()));
        next = next.withPrediction(new Prediction(curve.lastEpoch(), predicted, est.lower(), est.upper(), FAMILY,
                new double[0]));
        if (calibrationRun(search.ordinal())) {
            return next;
        }
        double bar = bar(search.leaderboard());
        double half = est.halfWidth();
        boolean straddles = est.lower() < bar && bar < est.upper();
        if (half <= config.tol() && !straddles) {
            return next.withDecision(Decision.stop(Decision.StopReason.CONVERGED, curve.lastEpoch(), predicted));
        }
        if (est.upper() < bar && half <= config.pruneWidth() * config.tol()) {
            return next.withDecision(Decision.stop(Decision.StopReason.PRUNED, curve.lastEpoch(), predicted));
        }
        return next;
    }

    /**
     * The k-th best fitness of the finished models, k = max(1, round(top_share × finished)), once
     * {@code min_curves} models finished; −∞ before (no bar yet).
     */
    private double bar(Leaderboard board) {
        if (board.size() < config.minCurves()) {
            return Double.NEGATIVE_INFINITY;
        }
        return board.kthBest(Math.max(1, (int) Math.rint(config.topShare() * board.size())));
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
