package org.peng4nn.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way to make a {@link Prediction}: only successful fits are published, so the predicted accuracy is checked
 * finite here, and an interval bound the curve family does not give is written as the contract's null.
 */
public final class Predictions {

    private Predictions() {
    }

    /**
     * A successful fit of a run's curve.
     *
     * @param epoch          0-based epoch of the last evaluation in the fit
     * @param predictedFinal predicted accuracy at {@code maxEpochs} in percent; must be finite
     * @param lower          lower bound of the prediction interval, NaN when the family gives none
     * @param upper          upper bound of the prediction interval, NaN when the family gives none
     * @param parameters     the fitted parameters in the family's order
     * @param converged      whether the policy judged the prediction stable enough to stop the run
     * @throws IllegalArgumentException when {@code predictedFinal} is not finite: a failed fit is not published
     */
    public static Prediction of(String searchId, String modelId, int run, double epoch, int maxEpochs,
            double predictedFinal, double lower, double upper, double[] parameters, String curveFamily,
            boolean converged, Instant predictedAt) {
        if (!Double.isFinite(predictedFinal)) {
            throw new IllegalArgumentException("a prediction must be finite, not " + predictedFinal);
        }
        List<Double> fitted = new ArrayList<>(parameters.length);
        for (double p : parameters) {
            fitted.add(p);
        }
        return Prediction.newBuilder()
                .setSearchId(searchId)
                .setModelId(modelId)
                .setRun(run)
                .setEpoch(epoch)
                .setMaxEpochs(maxEpochs)
                .setPredictedFinal(predictedFinal)
                .setLower(NullableDoubles.finiteOrNull(lower))
                .setUpper(NullableDoubles.finiteOrNull(upper))
                .setParameters(fitted)
                .setCurveFamily(curveFamily)
                .setConverged(converged)
                .setPredictedAt(predictedAt)
                .build();
    }
}
