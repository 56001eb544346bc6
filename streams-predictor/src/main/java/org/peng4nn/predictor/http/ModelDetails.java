package org.peng4nn.predictor.http;

import java.util.ArrayList;
import java.util.List;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.Decision;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.predictor.ModelRecord;
import org.peng4nn.predictor.ModelStatus;

/**
 * Everything the predictor knows about one model ({@code GET /models/{id}}): identity, the curve as
 * {@code [[epoch, accuracy], ...]}, every prediction made so far and the current decision.
 * Non-finite numbers are null.
 *
 * @param interval  epochs between evaluations (1.0 = once per epoch)
 * @param ignored   events that came after the run finished or for an older run
 * @param owner     {@code host:port} of the predictor instance whose store holds the model
 */
public record ModelDetails(String modelId, String searchId, int run, ModelStatus status, String policy, int maxEpochs,
        double interval, List<double[]> curve, List<PredictionView> predictions, DecisionView decision,
        Double predictedFinal, Double fitness, Double epochsUsed, int ignored, long firstSeenMs, long lastUpdateMs,
        String owner) {

    /**
     * One prediction of the final accuracy.
     *
     * @param epoch           the latest epoch of the curve it was made from
     * @param predictedFinal  null when the fit failed ("no prediction")
     * @param lower           lower end of the policy's interval, null when it has none
     * @param parameters      fitted parameters of {@code family}; empty without a fit
     */
    public record PredictionView(double epoch, Double predictedFinal, Double lower, Double upper, String family,
            List<Double> parameters) {

        static PredictionView of(CurvePrediction p) {
            List<Double> parameters = new ArrayList<>();
            for (double v : p.parameters()) {
                parameters.add(ModelSummary.finiteOrNull(v));
            }
            return new PredictionView(p.epoch(), ModelSummary.finiteOrNull(p.predictedFinal()),
                    ModelSummary.finiteOrNull(p.lower()), ModelSummary.finiteOrNull(p.upper()), p.family(),
                    parameters);
        }
    }

    /**
     * Where the model stands: CONTINUE while training, STOP with the policy's reason, or COMPLETE once it trained
     * to its budget (the policy's own decision is still CONTINUE then, which would read as "still training").
     *
     * @param action   CONTINUE, STOP or COMPLETE
     * @param reason   the policy's reason for a STOP, {@value #BUDGET_REACHED} for COMPLETE, null for CONTINUE
     * @param atEpoch  the latest epoch seen when it stopped or completed; null for CONTINUE
     * @param fitness  the accuracy the search should use for the model; null for CONTINUE
     */
    public record DecisionView(String action, String reason, Double atEpoch, Double fitness) {

        public static final String COMPLETE = "COMPLETE";
        public static final String BUDGET_REACHED = "BUDGET_REACHED";

        static DecisionView of(ModelRecord record) {
            Decision d = record.state().decision();
            if (record.status() == ModelStatus.COMPLETED) {
                Curve c = record.state().curve();
                return new DecisionView(COMPLETE, BUDGET_REACHED,
                        c.size() == 0 ? null : ModelSummary.finiteOrNull(c.epoch(c.size() - 1)),
                        ModelSummary.finiteOrNull(record.fitness()));
            }
            return new DecisionView(d.action().name(), d.reason() == null ? null : d.reason().name(),
                    ModelSummary.finiteOrNull(d.atEpoch()), ModelSummary.finiteOrNull(d.fitness()));
        }
    }

    public static ModelDetails of(ModelRecord record, String owner) {
        ModelState state = record.state();
        Curve c = state.curve();
        List<double[]> points = new ArrayList<>(c.size());
        for (int i = 0; i < c.size(); i++) {
            points.add(new double[] {c.epoch(i), c.accuracy(i)});
        }
        return new ModelDetails(record.modelId(), record.searchId(), record.run(), record.status(), record.policy(),
                record.maxEpochs(), state.interval(), points,
                state.history().stream().map(PredictionView::of).toList(), DecisionView.of(record),
                ModelSummary.latestPrediction(state), ModelSummary.finiteOrNull(record.fitness()),
                ModelSummary.epochsUsed(record), record.ignored(), record.firstSeenMs(), record.lastUpdateMs(),
                owner);
    }
}
