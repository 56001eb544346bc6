package org.peng4nn.trainer;

import java.time.Instant;

import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.TrainingJob;

/** The events a trainer publishes about a job: one EpochMetric per evaluation, a ModelResult when it fails. */
final class TrainingEvents {

    private TrainingEvents() {
    }

    /** The EpochMetric of one evaluation of {@code job}. */
    static EpochMetric epochMetric(TrainingJob job, String trainerId, TrainingSettings settings,
            Evaluation evaluation, Instant now) {
        return EpochMetric.newBuilder()
                .setSearchId(job.getSearchId())
                .setModelId(job.getModelId())
                .setRun(job.getRun())
                .setTrainerId(trainerId)
                .setEpoch(evaluation.epoch())
                .setMaxEpochs(job.getMaxEpochs())
                .setValue(evaluation.valAccuracy())
                .setTrainAccuracy(null)
                .setLoss(evaluation.loss())
                .setEpochDurationMs(evaluation.durationMillis())
                // null means 1.0 in the contract; say it only when it differs
                .setEvalInterval(settings.evalInterval() == 1.0 ? null : settings.evalInterval())
                .setEventTime(now)
                .build();
    }

    /** The FAILED result of {@code job}: no fitness, the last accuracy if any, and why. */
    static ModelResult failed(TrainingJob job, double epochsTrained, Double lastAccuracy, String message,
            Instant now) {
        return ModelResult.newBuilder()
                .setSearchId(job.getSearchId())
                .setModelId(job.getModelId())
                .setRun(job.getRun())
                .setStatus(ResultStatus.FAILED)
                .setEpochsUsed(epochsTrained)
                .setMaxEpochs(job.getMaxEpochs())
                .setObservedFinal(lastAccuracy)
                .setPredictedFinal(null)
                .setFitness(null)
                .setArchitecture(job.getArchitecture())
                .setFailureMessage(message)
                .setFinishedAt(now)
                .build();
    }
}
