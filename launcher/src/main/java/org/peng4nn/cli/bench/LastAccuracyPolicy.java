package org.peng4nn.cli.bench;

import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.StoppingPolicy;

/**
 * The store-only baseline of {@code bench stream}: the predictor's per-event work without the policy's.
 * Each evaluation joins the curve and the last accuracy is recorded as the prediction, so the model's
 * record grows by one point and one prediction per event and a prediction is published per event, as
 * under a real policy; it never stops a model. It learns from the search exactly when {@code shape}
 * does (the same {@link #populationCapacity()} and {@link #usesFinishedFitness()}), so the topology
 * regroups by search and keeps the search store as under the measured policy, and
 * {@code predictor / store-only} isolates the policy's own cost. A benchmark fixture, not offered to users
 * ({@code ./peng4nn policies}): its predictions are no forecast.
 */
final class LastAccuracyPolicy implements StoppingPolicy {

    static final String NAME = "last-accuracy";

    private final int populationCapacity;
    private final boolean usesFinishedFitness;

    /** @param shape the policy whose topology shape (regrouping, search store) this baseline copies */
    LastAccuracyPolicy(StoppingPolicy shape) {
        this.populationCapacity = shape.populationCapacity();
        this.usesFinishedFitness = shape.usesFinishedFitness();
    }

    @Override
    public String name() {
        return NAME;
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
        return state.withCurve(curve).withPrediction(new CurvePrediction(curve.lastEpoch(), curve.lastAccuracy(),
                Double.NaN, Double.NaN, NAME, new double[0]));
    }

    @Override
    public int populationCapacity() {
        return populationCapacity;
    }

    @Override
    public boolean usesFinishedFitness() {
        return usesFinishedFitness;
    }

    @Override
    public String toString() {
        return NAME + "(store-only baseline)";
    }
}
