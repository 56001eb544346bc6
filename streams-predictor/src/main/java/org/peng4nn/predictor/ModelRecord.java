package org.peng4nn.predictor;

import org.peng4nn.engine.policy.ModelState;

/**
 * What the predictor keeps per model in its state store: who the model is, which run is being
 * watched, the policy's state for that run (curve, predictions, decision) and a little bookkeeping.
 * Immutable; {@link ModelRecordCodec} turns it into store bytes.
 *
 * @param ordinal       0-based order in which the model started in its search, for policies that learn from the
 *                      search (a retried run keeps it); {@link #NO_ORDINAL} when its policy does not count models
 * @param policy        name of the policy that watches this run (fixed when the run starts)
 * @param ignored       events that arrived after the run finished, or for an older run: counted, never acted on
 * @param firstSeenMs   wall-clock time of the run's first event
 * @param lastUpdateMs  wall-clock time of the run's latest event; idle models expire after a configured time
 */
public record ModelRecord(String searchId, String modelId, int run, int ordinal, int maxEpochs, String policy, ModelStatus status,
        ModelState state, int ignored, long firstSeenMs, long lastUpdateMs) {

    /** The ordinal of a model whose policy does not count the models of its search. */
    public static final int NO_ORDINAL = -1;

    public ModelRecord {
        if (searchId == null || modelId == null || policy == null || status == null || state == null) {
            throw new IllegalArgumentException("a model record needs search, model, policy, status and state");
        }
    }

    /** The fitness the search ranks this model by: predicted when stopped early, observed when completed, NaN while training. */
    public double fitness() {
        return switch (status) {
            case STOPPED -> state.decision().fitness();
            case COMPLETED -> state.curve().size() == 0 ? Double.NaN : state.curve().accuracy(state.curve().size() - 1);
            case TRAINING -> Double.NaN;
        };
    }

    ModelRecord with(ModelStatus newStatus, ModelState newState, long nowMs) {
        return new ModelRecord(searchId, modelId, run, ordinal, maxEpochs, policy, newStatus, newState, ignored, firstSeenMs,
                nowMs);
    }

    ModelRecord withIgnored(long nowMs) {
        return new ModelRecord(searchId, modelId, run, ordinal, maxEpochs, policy, status, state, ignored + 1, firstSeenMs,
                nowMs);
    }
}
