package org.peng4nn.engine.evaluation;

import org.peng4nn.engine.policy.CurvePrediction;

/**
 * What a policy did with one model's curve.
 *
 * @param length      evaluations the model would train for without early stopping
 * @param stopIndex   0-based index of the evaluation after which the policy stopped it, or -1
 * @param fitness     the predicted final accuracy if stopped early, else the observed final accuracy
 * @param prediction  the policy's prediction at the stop, or its last one; null if it never predicted
 */
public record ModelOutcome(String modelId, int length, int stopIndex, double observedFinal, double fitness,
                           CurvePrediction prediction) {

    public boolean stoppedEarly() {
        return stopIndex >= 0;
    }

    public int evaluationsUsed() {
        return stoppedEarly() ? stopIndex + 1 : length;
    }
}
