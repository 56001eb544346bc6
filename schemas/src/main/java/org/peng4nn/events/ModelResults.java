package org.peng4nn.events;

import java.time.Instant;

/**
 * The one way to make a {@link ModelResult}: the predictor and the trainers build results here, so each status's
 * derived fields (the fitness the search ranks by, the epochs a completed run used) are decided in one place.
 * Optional numbers are passed as doubles; one that is not finite (NaN: none) is written as the contract's null.
 */
public final class ModelResults {

    private ModelResults() {
    }

    /**
     * A run stopped before its budget: ranked by {@code fitness}, the prediction the stop was based on.
     *
     * @param epochsUsed     epochs actually trained, fractional for sub-epoch evaluations
     * @param observedFinal  last measured accuracy in percent
     * @param predictedFinal last finite prediction in percent, NaN when none was made
     * @param fitness        the accuracy in percent the search ranks the model by
     */
    public static ModelResult stoppedEarly(String searchId, String modelId, int run, double epochsUsed, int maxEpochs,
            double observedFinal, double predictedFinal, double fitness, String architecture, Instant finishedAt) {
        return result(searchId, modelId, run, ResultStatus.STOPPED_EARLY, epochsUsed, maxEpochs, observedFinal,
                predictedFinal, fitness, architecture, null, finishedAt);
    }

    /**
     * A run that trained its whole budget: it used {@code maxEpochs} epochs and is ranked by what it reached.
     *
     * @param observedFinal  last measured accuracy in percent, which is also its fitness
     * @param predictedFinal last finite prediction in percent, NaN when none was made
     */
    public static ModelResult completed(String searchId, String modelId, int run, int maxEpochs, double observedFinal,
            double predictedFinal, String architecture, Instant finishedAt) {
        return result(searchId, modelId, run, ResultStatus.COMPLETED, maxEpochs, maxEpochs, observedFinal,
                predictedFinal, observedFinal, architecture, null, finishedAt);
    }

    /**
     * A run whose training broke: no prediction and no fitness, so the search cannot rank it.
     *
     * @param epochsUsed    epochs trained before the failure
     * @param observedFinal last measured accuracy in percent, NaN when the run produced no evaluation
     * @param message       why the run failed
     */
    public static ModelResult failed(String searchId, String modelId, int run, double epochsUsed, int maxEpochs,
            double observedFinal, String architecture, String message, Instant finishedAt) {
        return result(searchId, modelId, run, ResultStatus.FAILED, epochsUsed, maxEpochs, observedFinal, Double.NaN,
                Double.NaN, architecture, message, finishedAt);
    }

    private static ModelResult result(String searchId, String modelId, int run, ResultStatus status,
            double epochsUsed, int maxEpochs, double observedFinal, double predictedFinal, double fitness,
            String architecture, String failureMessage, Instant finishedAt) {
        return ModelResult.newBuilder()
                .setSearchId(searchId)
                .setModelId(modelId)
                .setRun(run)
                .setStatus(status)
                .setEpochsUsed(epochsUsed)
                .setMaxEpochs(maxEpochs)
                .setObservedFinal(NullableDoubles.finiteOrNull(observedFinal))
                .setPredictedFinal(NullableDoubles.finiteOrNull(predictedFinal))
                .setFitness(NullableDoubles.finiteOrNull(fitness))
                .setArchitecture(architecture)
                .setFailureMessage(failureMessage)
                .setFinishedAt(finishedAt)
                .build();
    }
}
