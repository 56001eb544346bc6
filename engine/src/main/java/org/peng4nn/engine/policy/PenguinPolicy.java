package org.peng4nn.engine.policy;

import java.util.Arrays;
import java.util.List;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.curve.Peng4nnFamily;
import org.peng4nn.engine.fit.CurveFit;
import org.peng4nn.engine.fit.FitMethod;
import org.peng4nn.engine.fit.TrustRegionReflective;

/**
 * The reference policy: PENGUIN's behaviour (PEng4NN in the A4NN workflow), reproduced exactly.
 *
 * <ul>
 *   <li>Fit {@code F(x) = a - b^(c - x)}, {@code a ∈ [0.5, 200]}, {@code b ∈ [1, ∞)},
 *       {@code c ∈ [0, ∞)}, to every point seen, at {@code x = epoch / interval}, the way
 *       {@code scipy.optimize.curve_fit(f, x, y, bounds=...)} does it: Trust Region Reflective from
 *       SciPy's start (100.25, 2, 1), forward-difference Jacobian, at most 300 evaluations
 *       ({@link #SCIPY_CURVE_FIT}, the {@link FitMethod} it fits through unless given another). Running out of evaluations is a failed fit:
 *       "no prediction", recorded as {@code +Infinity}.</li>
 *   <li>No fit while the latest epoch is below {@code c_min} (the first prediction uses epochs
 *       0..3 by default).</li>
 *   <li>Prediction: {@code F(max_epochs / interval)}, one step past the last index of a full run.</li>
 *   <li>Converged when the last {@code window} predictions ("none" included, which never qualify) all
 *       lie in [0, 100] and within {@code ± threshold} of their median, inclusive. The model then
 *       stops with its latest prediction as fitness.</li>
 * </ul>
 *
 * <p>One deliberate difference: PENGUIN also keeps "none" entries for the epochs before
 * {@code c_min} and tests whatever is there, so with {@code c_min < window - 1} it could converge
 * on fewer than {@code window} predictions; here the history holds fits only and convergence needs a
 * full window. With the defaults (c_min 3, window 3) the two are identical.
 *
 * <p>The interval PENGUIN reports with a prediction is not part of its behaviour; this policy
 * fills {@link CurvePrediction#lower()}/{@link CurvePrediction#upper()} with ± 1.96 standard errors of the
 * extrapolated value (delta method on the fit's covariance) when they are finite, for display only.
 */
public final class PenguinPolicy implements StoppingPolicy {

    public static final String NAME = "penguin";

    public static final PolicySetting<Double> THRESHOLD = PolicySetting.number("threshold",
            SettingType.Number.atLeast(0), 0.5,
            "percentage points each of the last `window` predictions may lie from their median",
            0.1, 0.25, 0.5, 0.75, 1, 1.5, 2);
    public static final PolicySetting<Integer> WINDOW = PolicySetting.wholeNumber("window", 1, 1_000, 3,
            "number of latest predictions that must agree before stopping", 2, 3, 4, 5);
    public static final PolicySetting<Double> C_MIN = PolicySetting.number("c_min", SettingType.Number.atLeast(0), 3,
            "first epoch at which a prediction is made");

    public static final PolicyDefinition DEFINITION = new PolicyDefinition(NAME,
            "PENGUIN's behaviour: one curve fitted as SciPy does; stops when the last predictions agree",
            List.of(THRESHOLD, WINDOW, C_MIN),
            v -> new PenguinPolicy(v.get(THRESHOLD), v.get(WINDOW), v.get(C_MIN)));

    public static final double DEFAULT_THRESHOLD = THRESHOLD.defaultValue();
    public static final int DEFAULT_WINDOW = WINDOW.defaultValue();
    public static final double DEFAULT_C_MIN = C_MIN.defaultValue();

    /** PENGUIN's fitness bounds: predictions outside [0, 100] percent never count as converged. */
    private static final double FITNESS_MIN = 0.0;
    private static final double FITNESS_MAX = 100.0;

    /** PENGUIN's fit: SciPy's {@code curve_fit} with bounds, which the recorded predictions came from. */
    public static final FitMethod SCIPY_CURVE_FIT = TrustRegionReflective.scipyCurveFit(Peng4nnFamily.INSTANCE);

    private final double threshold;
    private final int window;
    private final double cMin;
    private final FitMethod fitMethod;

    /**
     * @param threshold allowed distance of each prediction in the window from their median, in pp
     * @param window    number of latest predictions that must agree
     * @param cMin      first epoch at which a prediction is made
     */
    public PenguinPolicy(double threshold, int window, double cMin) {
        this(threshold, window, cMin, SCIPY_CURVE_FIT);
    }

    /**
     * With another fit of PENGUIN's curve family; only {@link #SCIPY_CURVE_FIT} reproduces PENGUIN.
     *
     * @param fitMethod a fit of {@link Peng4nnFamily}, started from SciPy's start values
     */
    public PenguinPolicy(double threshold, int window, double cMin, FitMethod fitMethod) {
        THRESHOLD.check(threshold);
        WINDOW.check(window);
        C_MIN.check(cMin);
        if (fitMethod.family() != Peng4nnFamily.INSTANCE) {
            throw new IllegalArgumentException("the penguin policy fits PENGUIN's curve family, not "
                    + fitMethod.family().name());
        }
        this.threshold = threshold;
        this.window = window;
        this.cMin = cMin;
        this.fitMethod = fitMethod;
    }

    public static PenguinPolicy defaults() {
        return new PenguinPolicy(DEFAULT_THRESHOLD, DEFAULT_WINDOW, DEFAULT_C_MIN);
    }

    @Override
    public String name() {
        return NAME;
    }

    public double threshold() {
        return threshold;
    }

    public int window() {
        return window;
    }

    public double cMin() {
        return cMin;
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
        if (curve.lastEpoch() < cMin) {
            return next;
        }
        CurvePrediction prediction = predict(next);
        next = next.withPrediction(prediction);
        if (converged(next.history())) {
            next = next.withDecision(Decision.stop(Decision.Reason.CONVERGED, curve.lastEpoch(),
                    prediction.predictedFinal()));
        }
        return next;
    }

    /** PENGUIN's prediction of the final accuracy from the state's whole curve. */
    CurvePrediction predict(ModelState state) {
        Curve curve = state.curve();
        int m = curve.size();
        double[] x = new double[m];
        double[] y = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = state.xOf(curve.epoch(i));
            y[i] = curve.accuracy(i);
        }
        String family = Peng4nnFamily.INSTANCE.name();
        CurveFit fit = fitMethod.fit(x, y, m, Peng4nnFamily.INSTANCE.scipyStart());
        double at = state.finalX();
        double value = fit.converged() ? fit.valueAt(at) : Double.POSITIVE_INFINITY;
        if (!Double.isFinite(value)) {
            return CurvePrediction.none(curve.lastEpoch(), family);
        }
        double se = fit.standardErrorAt(at);
        boolean banded = Double.isFinite(se);
        return new CurvePrediction(curve.lastEpoch(), value, banded ? value - 1.96 * se : Double.NaN,
                banded ? value + 1.96 * se : Double.NaN, family, fit.parameters());
    }

    /** The last {@code window} predictions lie in [0, 100] and within ± threshold of their median. */
    boolean converged(List<CurvePrediction> history) {
        if (history.size() < window) {
            return false;
        }
        double[] last = new double[window];
        for (int i = 0; i < window; i++) {
            double p = history.get(history.size() - window + i).predictedFinal();
            if (!(p >= FITNESS_MIN && p <= FITNESS_MAX)) {
                return false;
            }
            last[i] = p;
        }
        double[] sorted = last.clone();
        Arrays.sort(sorted);
        double median = window % 2 == 1 ? sorted[window / 2] : (sorted[window / 2 - 1] + sorted[window / 2]) / 2;
        for (double p : last) {
            if (p > median + threshold || p < median - threshold) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return NAME + "(threshold=" + threshold + ", window=" + window + ", c_min=" + cMin + ")";
    }
}
