package org.peng4nn.engine.policy;

import java.util.List;

/**
 * Predicts exactly like the policy it wraps but never stops a model: the baseline of a search
 * without early stopping ({@code demo --no-early-stop}), which still publishes predictions so both
 * runs can be compared on the same dashboards.
 */
public final class NeverStopPolicy implements StoppingPolicy {

    public static final String NAME = "never";

    public static final PolicyDefinition DEFINITION = new PolicyDefinition(NAME,
            "predicts as the default policy does but never stops: the baseline without early stopping",
            List.of(), v -> new NeverStopPolicy(Policies.byName(Policies.DEFAULT)));

    private final StoppingPolicy predictor;

    public NeverStopPolicy(StoppingPolicy predictor) {
        this.predictor = predictor;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ModelState start(double maxEpochs, double interval) {
        return predictor.start(maxEpochs, interval);
    }

    @Override
    public ModelState observe(ModelState state, double epoch, double accuracy, FinishedFitness finished) {
        ModelState next = predictor.observe(state, epoch, accuracy, finished);
        return next.decision().stopped() ? next.withDecision(Decision.CONTINUE) : next;
    }

    @Override
    public String toString() {
        return NAME + "(predicting with " + predictor + ")";
    }
}
