package org.peng4nn.predictor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;

class DashboardViewTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static EpochMetric epoch(String search, String model, int run, double epoch, double value, Long millis) {
        return EpochMetric.newBuilder().setSearchId(search).setModelId(model).setRun(run).setTrainerId("t")
                .setEpoch(epoch).setMaxEpochs(10).setMetric("val_acc").setValue(value).setEpochDurationMs(millis)
                .setEventTime(T).build();
    }

    static Prediction prediction(String search, String model, int run, double epoch, double predicted) {
        return Prediction.newBuilder().setSearchId(search).setModelId(model).setRun(run).setEpoch(epoch)
                .setMaxEpochs(10).setPredictedFinal(predicted).setLower(predicted - 1).setUpper(predicted + 1)
                .setParameters(List.of()).setCurveFamily("peng4nn").setConverged(false).setPredictedAt(T).build();
    }

    @Test
    void aStoppedModelShowsItsReasonFitnessAndTheEpochsAndGpuHoursSaved() {
        DashboardView view = new DashboardView();
        for (int e = 0; e < 4; e++) {
            view.apply(epoch("s", "m1", 1, e, 50 + e, 3_600_000L)); // one hour an epoch
        }
        view.apply(prediction("s", "m1", 1, 3, 70));
        view.apply(StopCommand.newBuilder().setSearchId("s").setModelId("m1").setRun(1).setReason(StopReason.CONVERGED)
                .setAtEpoch(3).setPredictedFinal(70.0).setIssuedAt(T).build());
        view.apply(ModelResult.newBuilder().setSearchId("s").setModelId("m1").setRun(1)
                .setStatus(ResultStatus.STOPPED_EARLY).setEpochsUsed(4).setMaxEpochs(10).setObservedFinal(53.0)
                .setPredictedFinal(70.0).setFitness(70.0).setArchitecture("a").setFinishedAt(T).build());
        view.apply(epoch("s", "m2", 1, 0, 40, null));

        List<DashboardView.Row> rows = view.leaderboard("s");
        assertThat(rows).extracting(DashboardView.Row::modelId).containsExactly("m1", "m2");
        DashboardView.Row m1 = rows.get(0);
        assertThat(m1.status()).isEqualTo(DashboardView.Status.STOPPED_EARLY);
        assertThat(m1.stopReason()).isEqualTo("CONVERGED");
        assertThat(m1.fitness()).isEqualTo(70.0);
        assertThat(m1.lower()).isEqualTo(69.0);
        assertThat(m1.epochsSaved()).isEqualTo(6.0);
        assertThat(m1.gpuHoursSaved()).isEqualTo(6.0);
        DashboardView.Row m2 = rows.get(1);
        assertThat(m2.status()).isEqualTo(DashboardView.Status.TRAINING);
        assertThat(m2.fitness()).isNull();
        assertThat(m2.epochsUsed()).isEqualTo(1.0);

        DashboardView.SearchSummary summary = view.search("s").orElseThrow();
        assertThat(summary.models()).isEqualTo(2);
        assertThat(summary.training()).isEqualTo(1);
        assertThat(summary.stoppedEarly()).isEqualTo(1);
        assertThat(summary.epochsSaved()).isEqualTo(6.0);
        assertThat(summary.gpuHoursSaved()).isEqualTo(6.0);
        assertThat(summary.bestFitness()).isEqualTo(70.0);
    }

    @Test
    void aCurveHoldsThePointsAndEveryPredictionOfTheLatestRun() {
        DashboardView view = new DashboardView();
        view.apply(epoch("s", "m", 1, 0, 10, null));
        view.apply(epoch("s", "m", 2, 0, 30, null));
        view.apply(epoch("s", "m", 2, 1, 35, null));
        view.apply(epoch("s", "m", 1, 1, 12, null)); // a late point of the abandoned attempt
        view.apply(prediction("s", "m", 2, 1, 60));
        view.apply(prediction("s", "m", 2, 2, 61));

        DashboardView.Curve curve = view.curve("s", "m").orElseThrow();
        assertThat(curve.run()).isEqualTo(2);
        assertThat(curve.observed()).extracting(DashboardView.Point::value).containsExactly(30.0, 35.0);
        assertThat(curve.predictions()).extracting(DashboardView.PredictionPoint::predictedFinal)
                .containsExactly(60.0, 61.0);
        assertThat(view.curve("s", "other")).isEmpty();
    }

    @Test
    void changesAreDrainedOncePerModelHoweverManyEventsCame() {
        DashboardView view = new DashboardView();
        for (int e = 0; e < 50; e++) {
            view.apply(epoch("s", "m" + (e % 3), 1, e, e, null));
        }
        DashboardView.Changes changes = view.drainChanges();
        assertThat(changes.models()).containsOnlyKeys("s");
        assertThat(changes.models().get("s")).isEqualTo(Set.of("m0", "m1", "m2"));
        assertThat(view.drainChanges().isEmpty()).isTrue();
    }

    @Test
    void otherMetricsThanValidationAccuracyAreNotPlotted() {
        DashboardView view = new DashboardView();
        EpochMetric loss = EpochMetric.newBuilder(epoch("s", "m", 1, 0, 2.5, null)).setMetric("loss").build();
        view.apply(loss);
        assertThat(view.searches()).isEmpty();
    }
}
