package org.peng4nn.engine.evaluation;

import java.util.Arrays;

/**
 * One model's learning curve as read from a file: evaluations sorted by epoch, accuracy in percent.
 *
 * @param firstLine the file line of the model's first row, to point at in error messages
 */
public record LabeledCurve(String modelId, double[] epochs, double[] accuracies, long firstLine) {

    public LabeledCurve {
        epochs = epochs.clone();
        accuracies = accuracies.clone();
    }

    public int size() {
        return epochs.length;
    }

    /** The evaluation interval in epochs: the smallest gap between consecutive evaluations, 1 for whole epochs. */
    public double interval() {
        double gap = Double.POSITIVE_INFINITY;
        for (int i = 1; i < epochs.length; i++) {
            gap = Math.min(gap, epochs[i] - epochs[i - 1]);
        }
        return Double.isInfinite(gap) || gap >= 1.0 ? 1.0 : gap;
    }

    public double finalAccuracy() {
        return accuracies[accuracies.length - 1];
    }

    /** The first {@code n} evaluations. */
    public LabeledCurve truncate(int n) {
        return new LabeledCurve(modelId, Arrays.copyOf(epochs, n), Arrays.copyOf(accuracies, n), firstLine);
    }
}
