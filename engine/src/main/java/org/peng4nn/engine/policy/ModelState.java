package org.peng4nn.engine.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.peng4nn.engine.curve.Curve;

/**
 * Everything a {@link StoppingPolicy} remembers about one model: its training budget, the curve seen
 * so far, the predictions made from it, the current decision, and warm-start parameters per curve
 * family for policies that refit from their previous solution. Immutable; every {@code with…}
 * returns a new state. The streaming predictor stores it as bytes (its {@code ModelStateCodec}).
 */
public final class ModelState {

    /** Slack for epoch arithmetic in binary fractions (0.1 + 0.2 ...). */
    public static final double EPOCH_TOLERANCE = 1e-9;

    private final double maxEpochs;
    private final double interval;
    private final Curve curve;
    private final List<CurvePrediction> history;
    private final Decision decision;
    private final SortedMap<String, double[]> warmStarts;

    /**
     * @param history    the predictions in the order they were made (one per observation that
     *                   triggered a fit, "none" entries included)
     * @param warmStarts parameters per family name; copied
     */
    public ModelState(double maxEpochs, double interval, Curve curve, List<CurvePrediction> history, Decision decision,
            Map<String, double[]> warmStarts) {
        if (!(maxEpochs > 0) || !Double.isFinite(maxEpochs) || !(interval > 0) || !Double.isFinite(interval)) {
            throw new IllegalArgumentException("a model needs a positive finite max_epochs and interval, got "
                    + maxEpochs + " and " + interval);
        }
        if (curve == null || history == null || decision == null || warmStarts == null) {
            throw new IllegalArgumentException("curve, history, decision and warm starts must be given");
        }
        this.maxEpochs = maxEpochs;
        this.interval = interval;
        this.curve = curve;
        this.history = List.copyOf(history);
        this.decision = decision;
        TreeMap<String, double[]> copy = new TreeMap<>();
        warmStarts.forEach((family, p) -> copy.put(family, p.clone()));
        this.warmStarts = Collections.unmodifiableSortedMap(copy);
    }

    /** A model that has not been evaluated yet. */
    public static ModelState start(double maxEpochs, double interval) {
        return new ModelState(maxEpochs, interval, Curve.EMPTY, List.of(), Decision.CONTINUE, Map.of());
    }

    /** The epoch budget: the model trains for this many epochs unless stopped. */
    public double maxEpochs() {
        return maxEpochs;
    }

    /** Epochs between evaluations: 1.0 for once per epoch, 0.5 for twice per epoch. */
    public double interval() {
        return interval;
    }

    public Curve curve() {
        return curve;
    }

    public Decision decision() {
        return decision;
    }

    /** The most recent prediction ("none" included), or null before the first one. */
    public CurvePrediction latest() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    /** Every prediction so far, oldest first; unmodifiable. */
    public List<CurvePrediction> history() {
        return history;
    }

    /**
     * The fitting abscissa of an epoch, PENGUIN's convention: {@code epoch / interval}, so whole-epoch
     * data sits at the 0-based epoch index and half-epoch data at 1, 2, ... for epochs 0.5, 1.0, ...
     */
    public double xOf(double epoch) {
        return epoch / interval;
    }

    /** The abscissa at which the final accuracy is predicted, {@code max_epochs / interval}. */
    public double finalX() {
        return maxEpochs / interval;
    }

    /** The epoch of the run's last evaluation: 24 for 25 epochs evaluated once each, 24.5 every half epoch. */
    public double lastEvaluationEpoch() {
        return maxEpochs - interval;
    }

    /** Whether the curve has reached the run's last evaluation: the model has trained its whole budget. */
    public boolean atLastEvaluation() {
        return curve.lastEpoch() >= lastEvaluationEpoch() - EPOCH_TOLERANCE;
    }

    /**
     * Whether the policy stopped the model before its budget was trained. A stop decided at the last
     * evaluation saves nothing: that run counts as completed, in the streaming predictor and in
     * {@code evaluate} alike.
     */
    public boolean stoppedEarly() {
        return decision.stopped() && !atLastEvaluation();
    }

    /** The warm-start parameters stored for a family, or null. */
    public double[] warmStart(String family) {
        double[] p = warmStarts.get(family);
        return p == null ? null : p.clone();
    }

    /** All warm starts by family name, sorted by name; the arrays are copies. */
    public SortedMap<String, double[]> warmStarts() {
        TreeMap<String, double[]> copy = new TreeMap<>();
        warmStarts.forEach((family, p) -> copy.put(family, p.clone()));
        return copy;
    }

    public ModelState withCurve(Curve newCurve) {
        return new ModelState(maxEpochs, interval, newCurve, history, decision, warmStarts);
    }

    /** This state with one more prediction at the end of the history. */
    public ModelState withPrediction(CurvePrediction prediction) {
        List<CurvePrediction> next = new ArrayList<>(history.size() + 1);
        next.addAll(history);
        next.add(prediction);
        return new ModelState(maxEpochs, interval, curve, next, decision, warmStarts);
    }

    public ModelState withDecision(Decision newDecision) {
        return new ModelState(maxEpochs, interval, curve, history, newDecision, warmStarts);
    }

    public ModelState withWarmStart(String family, double[] parameters) {
        TreeMap<String, double[]> next = new TreeMap<>(warmStarts);
        next.put(family, parameters);
        return new ModelState(maxEpochs, interval, curve, history, decision, next);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ModelState s)) {
            return false;
        }
        if (Double.compare(maxEpochs, s.maxEpochs) != 0 || Double.compare(interval, s.interval) != 0
                || !curve.equals(s.curve) || !history.equals(s.history) || !decision.equals(s.decision)
                || !warmStarts.keySet().equals(s.warmStarts.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : warmStarts.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.warmStarts.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Double.hashCode(maxEpochs);
        h = 31 * h + Double.hashCode(interval);
        h = 31 * h + curve.hashCode();
        h = 31 * h + history.hashCode();
        h = 31 * h + decision.hashCode();
        for (Map.Entry<String, double[]> e : warmStarts.entrySet()) {
            h = 31 * h + e.getKey().hashCode() + 17 * Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        return "ModelState[maxEpochs=" + maxEpochs + ", interval=" + interval + ", points=" + curve.size()
                + ", latest=" + latest() + ", decision=" + decision + ", warmStarts=" + warmStarts.keySet() + "]";
    }
}
