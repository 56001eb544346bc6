package org.peng4nn.trainer;

import java.time.Instant;

import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ModelResults;
import org.peng4nn.events.TrainingJob;

/** The events a trainer publishes about a job: one EpochMetric per evaluation, a ModelResult when it fails. */
final class TrainingEvents {

    private TrainingEvents() {
    }

    /** The EpochMetric of one evaluation of {@code job}; it carries the job's milestones, as the contract asks. */
    static EpochMetric epochMetric(TrainingJob job, String trainerId, TrainingSettings settings,
            Evaluation evaluation, Instant now) {
        return EpochMetrics.valAccuracy(job.getSearchId(), job.getModelId(), job.getRun(), trainerId,
                        evaluation.epoch(), job.getMaxEpochs(), evaluation.valAccuracy(), settings.evalInterval(), now)
                .setLoss(evaluation.loss())
                .setEpochDurationMs(evaluation.durationMillis())
                .setLrMilestones(settings.lrMilestones().epochs())
                .build();
    }

    /** The FAILED result of {@code job}: no fitness, the last accuracy if any, and why. */
    static ModelResult failed(TrainingJob job, double epochsTrained, Double lastAccuracy, String message,
            Instant now) {
        return ModelResults.failed(job.getSearchId(), job.getModelId(), job.getRun(), epochsTrained,
                job.getMaxEpochs(), lastAccuracy == null ? Double.NaN : lastAccuracy, job.getArchitecture(), message,
                now);
    }
}
