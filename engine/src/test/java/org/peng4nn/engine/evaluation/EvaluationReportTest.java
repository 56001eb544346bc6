package org.peng4nn.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

    private static ModelOutcome stopped(String id, int stopIndex, double observed, double predicted) {
        return new ModelOutcome(id, 10, stopIndex, observed, predicted, null);
    }

    private static ModelOutcome completed(String id, double observed) {
        return new ModelOutcome(id, 10, -1, observed, observed, null);
    }

    @Test
    void metricsOfAHandComputedExample() {
        // five 10-epoch models; k = max(1, round(0.5)) = 1
        List<ModelOutcome> outcomes = List.of(
                stopped("a", 3, 80, 79),   // 4 epochs, error 1
                completed("b", 85),        // 10 epochs
                stopped("c", 4, 70, 72),   // 5 epochs, error 2
                stopped("d", 2, 90, 84),   // 3 epochs, error 6: the true best, predicted below b
                completed("e", 60));       // 10 epochs
        EvaluationReport r = EvaluationReport.of(outcomes, 12.5);

        assertThat(r.models()).isEqualTo(5);
        assertThat(r.epochsTotal()).isEqualTo(50);
        assertThat(r.epochsUsed()).isEqualTo(32);
        assertThat(r.epochsSaved()).isCloseTo(0.36, within(1e-12));
        assertThat(r.stopped()).isEqualTo(3);
        assertThat(r.mae()).isCloseTo(3.0, within(1e-12));
        assertThat(r.top10Recall()).isEqualTo(0.0);
        assertThat(r.top10Regret()).isCloseTo(5.0, within(1e-12)); // 90 (d) - 85 (b)
        assertThat(r.fitUsMedian()).isEqualTo(12.5);
    }

    @Test
    void topKRoundsHalfToEvenAndIsAtLeastOne() {
        assertThat(EvaluationReport.topK(1)).isEqualTo(1);
        assertThat(EvaluationReport.topK(4)).isEqualTo(1);
        assertThat(EvaluationReport.topK(15)).isEqualTo(2);
        assertThat(EvaluationReport.topK(25)).isEqualTo(2);
        assertThat(EvaluationReport.topK(35)).isEqualTo(4);
        assertThat(EvaluationReport.topK(100)).isEqualTo(10);
    }

    @Test
    void tiesAreBrokenByModelId() {
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(completed(String.format("m%02d", i), 50));
        }
        // k = 2; all tie on observed accuracy, so the true top-2 is m00, m01; the predicted top-2 as well
        EvaluationReport r = EvaluationReport.of(outcomes, Double.NaN);
        assertThat(r.top10Recall()).isEqualTo(1.0);
        assertThat(r.top10Regret()).isEqualTo(0.0);
        assertThat(r.mae()).isNaN();
        assertThat(r.epochsSaved()).isEqualTo(0.0);
    }

    @Test
    void recallCountsPredictedTopModelsThatAreTrulyTop() {
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            outcomes.add(completed(String.format("m%02d", i), 40 + i)); // m17 = 57, m16 = 56 are the true top-2
        }
        outcomes.add(stopped("x", 1, 30, 99)); // predicted far too high: takes a top-2 seat
        outcomes.add(completed("y", 20));
        EvaluationReport r = EvaluationReport.of(outcomes, Double.NaN);
        assertThat(r.top10Recall()).isEqualTo(0.5);                 // predicted {x, m17}
        assertThat(r.top10Regret()).isCloseTo((57 + 56) / 2.0 - (57 + 30) / 2.0, within(1e-12));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertThat(EvaluationReport.median(new double[] {3, 1, 2, 99}, 3)).isEqualTo(2);
        assertThat(EvaluationReport.median(new double[] {4, 1, 3, 2}, 4)).isEqualTo(2.5);
        assertThat(EvaluationReport.median(new double[0], 0)).isNaN();
    }

    @Test
    void paretoFrontKeepsOnlyUndominatedSettings() {
        record P(String name, double saved, double mae) {
        }
        List<P> points = List.of(new P("a", 0.5, 1.0), new P("b", 0.6, 0.9), new P("c", 0.7, 2.0),
                new P("d", 0.4, 0.5), new P("e", 0.55, 1.5), new P("none", 0.0, Double.NaN));
        assertThat(ParetoFront.of(points, P::saved, P::mae)).extracting(P::name).containsExactly("none", "d", "b", "c");
    }

    @Test
    void gridExpandsEveryCombination() {
        var grid = new java.util.LinkedHashMap<String, List<String>>();
        grid.put("window", List.of("2", "3"));
        grid.put("threshold", List.of("0.25", "0.5", "1"));
        var settings = SettingsGrid.expand(grid);
        assertThat(settings).hasSize(6);
        assertThat(settings.get(0)).containsEntry("window", "2").containsEntry("threshold", "0.25");
        assertThat(SettingsGrid.expand(java.util.Map.of())).containsExactly(java.util.Map.of());
    }
}
