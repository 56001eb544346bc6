package org.peng4nn.trainer;

/**
 * One validation evaluation during training.
 *
 * @param step           0-based evaluation step
 * @param epoch          0-based epoch value of the step ({@code step * evalInterval}), as EpochMetric.epoch
 * @param valAccuracy    validation accuracy in percent
 * @param loss           mean training loss over the step's minibatches
 * @param durationMillis wall time spent training since the previous evaluation
 */
public record Evaluation(int step, double epoch, double valAccuracy, double loss, long durationMillis) {
}
