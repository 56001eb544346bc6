package org.peng4nn.predictor;

import java.util.Optional;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.LrMilestones;

/**
 * Whether an epoch event can be acted on. Anything that fails here goes to the dead-letter topic
 * with the returned reason: a bad value must never reach a curve fit, and one broken trainer must
 * never stop the predictor.
 */
public final class EpochCheck {

    /** Slack for epoch arithmetic in binary fractions, the engine's. */
    static final double EPOCH_TOLERANCE = ModelState.EPOCH_TOLERANCE;

    private EpochCheck() {
    }

    /** The problem with this record, or empty when it is valid. */
    public static Optional<String> problem(String key, EpochMetric e) {
        String modelId = e.getModelId();
        if (modelId == null || modelId.isBlank()) {
            return Optional.of("missing model_id");
        }
        if (key == null) {
            return Optional.of("missing record key: epoch events are keyed by model_id (" + modelId + ")");
        }
        if (!key.equals(modelId)) {
            return Optional.of("record key '" + key + "' is not the model_id '" + modelId + "'");
        }
        if (e.getSearchId() == null || e.getSearchId().isBlank()) {
            return Optional.of("missing search_id");
        }
        if (e.getRun() < 1) {
            return Optional.of("run " + e.getRun() + " is not >= 1");
        }
        if (e.getMaxEpochs() < 1) {
            return Optional.of("max_epochs " + e.getMaxEpochs() + " is not >= 1");
        }
        double interval = interval(e);
        if (!(interval > 0 && interval <= 1)) {
            return Optional.of("eval_interval " + interval + " is not in (0, 1]");
        }
        double epoch = e.getEpoch();
        if (!Double.isFinite(epoch)) {
            return Optional.of("epoch " + epoch + " is not a number");
        }
        if (epoch < 0) {
            return Optional.of("epoch " + epoch + " is negative (epochs are 0-based)");
        }
        if (epoch > lastEpoch(e) + EPOCH_TOLERANCE) {
            return Optional.of("epoch " + epoch + " is beyond max_epochs " + e.getMaxEpochs()
                    + " (0-based: the last evaluation is at epoch " + lastEpoch(e) + ")");
        }
        double value = e.getValue();
        if (!Double.isFinite(value)) {
            return Optional.of("value " + value + " is not a number");
        }
        if (value < 0 || value > 100) {
            return Optional.of("value " + value + " is outside 0-100 (accuracies are in percent)");
        }
        try {
            LrMilestones.of(e);
        } catch (IllegalArgumentException bad) {
            return Optional.of("lr_milestones " + e.getLrMilestones() + ": " + bad.getMessage());
        }
        return Optional.empty();
    }

    /** Epochs between evaluations (the contract's reading, from {@link EpochMetrics}). */
    static double interval(EpochMetric e) {
        return EpochMetrics.evalInterval(e);
    }

    /** The epoch of a run's last evaluation: 24 for 25 epochs evaluated once each, 24.5 when evaluated every half epoch. */
    static double lastEpoch(EpochMetric e) {
        return e.getMaxEpochs() - interval(e);
    }
}
