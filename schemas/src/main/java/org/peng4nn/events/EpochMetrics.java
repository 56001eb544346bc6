package org.peng4nn.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The one way to make and read an {@link EpochMetric}: every trainer, bridge, replay and benchmark builds its
 * events here, so the contract's conventions (the fitted metric, "a missing eval_interval means 1.0") live in one
 * place.
 */
public final class EpochMetrics {

    /** The metric the predictor fits: validation accuracy in percent. */
    public static final String VAL_ACC = "val_acc";

    /** What a missing {@code eval_interval} stands for: one evaluation per epoch. */
    public static final double ONCE_PER_EPOCH = 1.0;

    private EpochMetrics() {
    }

    /**
     * One validation-accuracy evaluation of a run, every required field set; optional ones (loss, training accuracy,
     * duration) may be added to the builder before {@code build()}.
     *
     * @param epoch        0-based epoch of the evaluation, fractional for sub-epoch evaluations
     * @param maxEpochs    the run's budget in whole epochs
     * @param valAccuracy  validation accuracy in percent (0-100)
     * @param evalInterval epochs between two evaluations; {@value #ONCE_PER_EPOCH} is written as the contract's null
     */
    public static EpochMetric.Builder valAccuracy(String searchId, String modelId, int run, String trainerId,
            double epoch, int maxEpochs, double valAccuracy, double evalInterval, Instant eventTime) {
        return EpochMetric.newBuilder()
                .setSearchId(searchId)
                .setModelId(modelId)
                .setRun(run)
                .setTrainerId(trainerId)
                .setEpoch(epoch)
                .setMaxEpochs(maxEpochs)
                .setMetric(VAL_ACC)
                .setValue(valAccuracy)
                .setEvalInterval(evalInterval == ONCE_PER_EPOCH ? null : evalInterval)
                .setEventTime(eventTime);
    }

    /** Epochs between two evaluations of the event's run: its {@code eval_interval}, or once per epoch when missing. */
    public static double evalInterval(EpochMetric event) {
        return event.getEvalInterval() == null ? ONCE_PER_EPOCH : event.getEvalInterval();
    }

    /** Milestones as the events carry them: ascending, each finite and at least 0. */
    public static List<Double> milestoneList(double[] milestones) {
        for (double m : milestones) {
            if (!Double.isFinite(m) || m < 0) {
                throw new IllegalArgumentException("a learning-rate milestone must be a finite epoch >= 0, got " + m);
            }
        }
        return Arrays.stream(milestones).sorted().boxed().toList();
    }
}
