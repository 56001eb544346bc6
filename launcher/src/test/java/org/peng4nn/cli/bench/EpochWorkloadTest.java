package org.peng4nn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.events.EpochMetric;

class EpochWorkloadTest {

    private static LabeledCurve curve(String id, int length) {
        double[] epochs = new double[length];
        double[] accuracies = new double[length];
        for (int i = 0; i < length; i++) {
            epochs[i] = i;
            accuracies[i] = 50 + i;
        }
        return new LabeledCurve(id, epochs, accuracies, 1);
    }

    private static List<EpochMetric> all(EpochWorkload workload) {
        List<EpochMetric> events = new ArrayList<>();
        workload.iterator(() -> 7L).forEachRemaining(events::add);
        return events;
    }

    private final List<LabeledCurve> curves = List.of(curve("a", 10), curve("b", 6), curve("c", 8));

    @Test
    void everyModelSendsItsCountInEpochOrderUnderItsOwnId() {
        EpochWorkload workload = new EpochWorkload(curves, new int[] {4, 6, 2}, 2, 7, "s");
        List<EpochMetric> events = all(workload);

        assertThat(events).hasSize((int) workload.events());
        Map<String, List<Double>> byModel = new HashMap<>();
        events.forEach(e -> byModel.computeIfAbsent(e.getModelId(), k -> new ArrayList<>()).add(e.getEpoch()));
        assertThat(byModel).hasSize(7);
        for (long k = 0; k < 7; k++) {
            int expected = new int[] {4, 6, 2}[(int) (k % 3)];
            assertThat(byModel.get(workload.modelId(k))).hasSize(expected).isSorted();
        }
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getSearchId()).isEqualTo("s");
            assertThat(e.getEventTime().toEpochMilli()).isEqualTo(7L);
        });
        assertThat(events.get(0).getMaxEpochs()).isEqualTo(10);
    }

    @Test
    void modelsTakeTurnsAndNeverMoreThanTheConcurrentOnesAreInTraining() {
        EpochWorkload workload = new EpochWorkload(curves, new int[] {4, 6, 2}, 3, 9, "s");
        List<EpochMetric> events = all(workload);
        Map<String, Integer> left = new HashMap<>();
        for (long k = 0; k < 9; k++) {
            left.put(workload.modelId(k), new int[] {4, 6, 2}[(int) (k % 3)]);
        }
        Set<String> training = new HashSet<>();
        for (EpochMetric e : events) {
            training.add(e.getModelId());
            assertThat(training).hasSizeLessThanOrEqualTo(3);
            if (left.merge(e.getModelId(), -1, Integer::sum) == 0) {
                training.remove(e.getModelId());
            }
        }
        // the first three events come from three different models: trainers interleave
        assertThat(events.subList(0, 3)).extracting(EpochMetric::getModelId).doesNotHaveDuplicates();
    }

    @Test
    void modelsForFillsAnEventBudgetWithoutExceedingIt() {
        int[] counts = {4, 6, 2};
        long models = EpochWorkload.modelsFor(counts, 25);
        EpochWorkload workload = new EpochWorkload(curves, counts, 5, models, "s");
        assertThat(workload.events()).isLessThanOrEqualTo(25);
        assertThat(new EpochWorkload(curves, counts, 5, models + 1, "s").events()).isGreaterThan(25);
        assertThat(EpochWorkload.modelsFor(counts, 1)).isEqualTo(1);
    }

    @Test
    void sendCountsOutsideACurveAreRefused() {
        assertThatThrownBy(() -> new EpochWorkload(curves, new int[] {4, 7, 2}, 1, 1, "s"))
                .hasMessageContaining("curve b").hasMessageContaining("1..6");
        assertThatThrownBy(() -> new EpochWorkload(curves, new int[] {4, 6}, 1, 1, "s"))
                .hasMessageContaining("one send count per curve");
    }

    @Test
    void percentileIsTheNearestRank() {
        long[] values = {50, 10, 40, 20, 30};
        assertThat(StreamBench.Latency.percentile(values, 0.5)).isEqualTo(30);
        assertThat(StreamBench.Latency.percentile(values, 0.99)).isEqualTo(50);
        assertThat(StreamBench.Latency.percentile(values, 0.2)).isEqualTo(10);
        assertThat(StreamBench.Latency.percentile(new long[0], 0.5)).isNaN();
    }
}
