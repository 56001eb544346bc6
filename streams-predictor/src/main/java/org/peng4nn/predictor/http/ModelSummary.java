package org.peng4nn.predictor.http;

import java.util.List;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.predictor.ModelRecord;
import org.peng4nn.predictor.ModelStatus;

/**
 * One model in a list ({@code GET /models}, leaderboards): where its run stands, without the curve.
 * Numbers that do not exist yet (no prediction, no fitness while training) are null, never NaN, so
 * the JSON stays valid.
 *
 * @param points          evaluations received for this run
 * @param predictedFinal  the latest actual prediction of the final accuracy, null before the first one
 * @param fitness         what the search ranks the model by; null while training
 * @param epochsUsed      epochs trained so far (latest epoch + interval), or the whole budget once completed
 * @param owner           {@code host:port} of the predictor instance whose store holds the model
 */
public record ModelSummary(String modelId, String searchId, int run, ModelStatus status, String policy, int points,
        Double latestEpoch, Double latestAccuracy, Double predictedFinal, Double fitness, Double epochsUsed,
        int maxEpochs, long lastUpdateMs, String owner) {

    public static ModelSummary of(ModelRecord record, String owner) {
        ModelState state = record.state();
        return new ModelSummary(record.modelId(), record.searchId(), record.run(), record.status(), record.policy(),
                state.curve().size(), finiteOrNull(state.curve().lastEpoch()),
                finiteOrNull(state.curve().lastAccuracy()), latestPrediction(state), finiteOrNull(record.fitness()),
                epochsUsed(record), record.maxEpochs(), record.lastUpdateMs(), owner);
    }

    /** Whether the model is stopped or completed, so its fitness is final. */
    public boolean finished() {
        return status.finished();
    }

    /**
     * Epochs of training the run has cost: a completed run used its whole budget (as the predictor's
     * result event says); otherwise training went up to the latest evaluation plus one interval.
     */
    static Double epochsUsed(ModelRecord record) {
        if (record.status() == ModelStatus.COMPLETED) {
            return (double) record.maxEpochs();
        }
        ModelState state = record.state();
        return state.curve().isEmpty() ? 0.0 : state.curve().lastEpoch() + state.interval();
    }

    /** The latest finite prediction: a failed fit ("none") does not erase the previous estimate. */
    static Double latestPrediction(ModelState state) {
        List<CurvePrediction> history = state.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).hasValue()) {
                return history.get(i).predictedFinal();
            }
        }
        return null;
    }

    static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
