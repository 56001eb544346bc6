package org.peng4nn.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One plausible instance of every event, with every optional field set unless the name says otherwise. */
public final class SampleEvents {

    /** Millisecond precision: timestamp-millis drops anything finer, so round trips compare equal. */
    public static final Instant T0 = Instant.parse("2026-11-28T12:00:00.123Z");

    private SampleEvents() {
    }

    public static EpochMetric epochMetric(double epoch, double value) {
        return EpochMetric.newBuilder()
                .setSearchId("search-1")
                .setModelId("model-7")
                .setRun(1)
                .setTrainerId("trainer-a")
                .setEpoch(epoch)
                .setMaxEpochs(25)
                .setValue(value)
                .setTrainAccuracy(value + 5)
                .setLoss(0.42)
                .setEpochDurationMs(12_345L)
                .setEventTime(T0.plusSeconds((long) (epoch * 60)))
                .build();
    }

    public static EpochMetric epochMetricWithoutOptionals() {
        return EpochMetric.newBuilder()
                .setSearchId("search-1")
                .setModelId("model-8")
                .setRun(2)
                .setTrainerId("trainer-b")
                .setEpoch(0.5)
                .setMaxEpochs(10)
                .setValue(31.25)
                .setEventTime(T0)
                .build();
    }

    public static StopCommand stopCommand() {
        return StopCommand.newBuilder()
                .setModelId("model-7")
                .setSearchId("search-1")
                .setRun(1)
                .setReason(StopReason.CONVERGED)
                .setAtEpoch(6)
                .setPredictedFinal(87.5)
                .setIssuedAt(T0)
                .build();
    }

    public static Prediction prediction() {
        return Prediction.newBuilder()
                .setSearchId("search-1")
                .setModelId("model-7")
                .setRun(1)
                .setEpoch(6)
                .setMaxEpochs(25)
                .setPredictedFinal(87.5)
                .setLower(86.0)
                .setUpper(89.0)
                .setParameters(List.of(88.1, 1.7, 4.2))
                .setCurveFamily("peng4nn")
                .setConverged(true)
                .setPredictedAt(T0)
                .build();
    }

    public static ModelResult modelResult() {
        return ModelResult.newBuilder()
                .setSearchId("search-1")
                .setModelId("model-7")
                .setRun(1)
                .setStatus(ResultStatus.STOPPED_EARLY)
                .setEpochsUsed(7)
                .setMaxEpochs(25)
                .setObservedFinal(84.0)
                .setPredictedFinal(87.5)
                .setFitness(87.5)
                .setArchitecture("nsga-net:0-1-1-0")
                .setFinishedAt(T0)
                .build();
    }

    public static ModelResult failedModelResult() {
        return ModelResult.newBuilder()
                .setSearchId("search-1")
                .setModelId("model-9")
                .setRun(3)
                .setStatus(ResultStatus.FAILED)
                .setEpochsUsed(0.5)
                .setMaxEpochs(25)
                .setArchitecture("nsga-net:1-1-1-1")
                .setFailureMessage("CUDA out of memory")
                .setFinishedAt(T0)
                .build();
    }

    public static TrainingJob trainingJob() {
        return TrainingJob.newBuilder()
                .setSearchId("search-1")
                .setModelId("model-7")
                .setRun(1)
                .setArchitecture("nsga-net:0-1-1-0")
                .setDataset("cifar100")
                .setMaxEpochs(25)
                .setHyperParameters(Map.of("learning_rate", "0.025", "batch_size", "96"))
                .setSubmittedAt(T0)
                .build();
    }
}
