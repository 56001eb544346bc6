package org.peng4nn.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each event type's defaults and derived fields, as its one factory writes them. */
class EventFactoriesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aRunStoppedEarlyIsRankedByTheFitnessItWasStoppedWith() {
        ModelResult r = ModelResults.stoppedEarly("s", "m", 2, 7.5, 25, 84.0, 87.0, 87.5, "arch", NOW);
        assertThat(r.getStatus()).isEqualTo(ResultStatus.STOPPED_EARLY);
        assertThat(r.getEpochsUsed()).isEqualTo(7.5);
        assertThat(r.getObservedFinal()).isEqualTo(84.0);
        assertThat(r.getPredictedFinal()).isEqualTo(87.0);
        assertThat(r.getFitness()).isEqualTo(87.5);
        assertThat(r.getFailureMessage()).isNull();
        assertThat(r.getRun()).isEqualTo(2);
        assertThat(r.getFinishedAt()).isEqualTo(NOW);
    }

    @Test
    void aCompletedRunUsedItsBudgetAndIsRankedByWhatItReached() {
        ModelResult r = ModelResults.completed("s", "m", 1, 25, 91.0, Double.NaN, "", NOW);
        assertThat(r.getStatus()).isEqualTo(ResultStatus.COMPLETED);
        assertThat(r.getEpochsUsed()).isEqualTo(25.0);
        assertThat(r.getFitness()).isEqualTo(91.0);
        assertThat(r.getPredictedFinal()).as("no prediction was made").isNull();
    }

    @Test
    void aFailedRunHasNoFitnessAndSaysWhy() {
        ModelResult r = ModelResults.failed("s", "m", 3, 0.5, 25, Double.NaN, "arch", "CUDA out of memory", NOW);
        assertThat(r.getStatus()).isEqualTo(ResultStatus.FAILED);
        assertThat(r.getObservedFinal()).isNull();
        assertThat(r.getPredictedFinal()).isNull();
        assertThat(r.getFitness()).isNull();
        assertThat(r.getFailureMessage()).isEqualTo("CUDA out of memory");
        assertThat(ModelResults.failed("s", "m", 3, 2, 25, 40.0, "arch", "x", NOW).getObservedFinal()).isEqualTo(40.0);
    }

    @Test
    void aStopWithoutAPredictionCarriesNullNotNaN() {
        StopCommand with = StopCommands.stop("s", "m", 1, StopReason.CONVERGED, 6, 87.5, NOW);
        assertThat(with.getPredictedFinal()).isEqualTo(87.5);
        assertThat(with.getModelId()).isEqualTo("m");
        assertThat(with.getSearchId()).isEqualTo("s");
        assertThat(with.getAtEpoch()).isEqualTo(6.0);
        assertThat(with.getIssuedAt()).isEqualTo(NOW);
        assertThat(StopCommands.stop("s", "m", 1, StopReason.PRUNED, 6, Double.POSITIVE_INFINITY, NOW)
                .getPredictedFinal()).isNull();
    }

    @Test
    void aPredictionIsFiniteAndMissingBoundsAreNull() {
        Prediction p = Predictions.of("s", "m", 1, 6, 25, 87.5, Double.NaN, 89.0, new double[] {88.1, 1.7, 4.2},
                "peng4nn", true, NOW);
        assertThat(p.getLower()).isNull();
        assertThat(p.getUpper()).isEqualTo(89.0);
        assertThat(p.getParameters()).containsExactly(88.1, 1.7, 4.2);
        assertThat(p.getConverged()).isTrue();
        assertThat(p.getPredictedAt()).isEqualTo(NOW);
        assertThatThrownBy(() -> Predictions.of("s", "m", 1, 6, 25, Double.POSITIVE_INFINITY, 0, 0, new double[0],
                "peng4nn", false, NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void aJobIsTheFirstRunWithItsOwnCopyOfTheHyperParameters() {
        Map<String, String> hyper = new HashMap<>(Map.of("learning_rate", "0.025"));
        TrainingJob job = TrainingJobs.firstRun("s", "m", "arch", "cifar100", 25, hyper, NOW);
        hyper.put("batch_size", "96");
        assertThat(job.getRun()).isEqualTo(TrainingJobs.FIRST_RUN).isEqualTo(1);
        assertThat(job.getHyperParameters()).containsExactlyEntriesOf(Map.of("learning_rate", "0.025"));
        assertThat(List.of(job.getDataset(), job.getArchitecture())).containsExactly("cifar100", "arch");
        assertThat(job.getSubmittedAt()).isEqualTo(NOW);

        // a lost run is retried as the next one: the same job, one run higher, submitted anew
        TrainingJob retry = TrainingJobs.nextRun(job, NOW.plusSeconds(600));
        assertThat(retry.getRun()).isEqualTo(2);
        assertThat(retry.getSubmittedAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(TrainingJob.newBuilder(retry).setRun(1).setSubmittedAt(NOW).build()).isEqualTo(job);
        assertThat(TrainingJobs.nextRun(retry, NOW).getRun()).isEqualTo(3);
    }

    @Test
    void factoriesMakeTheRecordsTheSampleBuildersMake() {
        assertThat(StopCommands.stop("search-1", "model-7", 1, StopReason.CONVERGED, 6, 87.5, SampleEvents.T0))
                .isEqualTo(SampleEvents.stopCommand());
        assertThat(ModelResults.stoppedEarly("search-1", "model-7", 1, 7, 25, 84.0, 87.5, 87.5, "nsga-net:0-1-1-0",
                SampleEvents.T0)).isEqualTo(SampleEvents.modelResult());
        assertThat(ModelResults.failed("search-1", "model-9", 3, 0.5, 25, Double.NaN, "nsga-net:1-1-1-1",
                "CUDA out of memory", SampleEvents.T0)).isEqualTo(SampleEvents.failedModelResult());
        assertThat(Predictions.of("search-1", "model-7", 1, 6, 25, 87.5, 86.0, 89.0, new double[] {88.1, 1.7, 4.2},
                "peng4nn", true, SampleEvents.T0)).isEqualTo(SampleEvents.prediction());
        assertThat(TrainingJobs.firstRun("search-1", "model-7", "nsga-net:0-1-1-0", "cifar100", 25,
                Map.of("learning_rate", "0.025", "batch_size", "96"), SampleEvents.T0))
                .isEqualTo(SampleEvents.trainingJob());
    }
}
