package org.peng4nn.engine.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticCurvesTest {

    @Test
    void sameSeedSameCurvesOtherSeedOtherCurves() {
        for (SyntheticCurves.Kind kind : SyntheticCurves.Kind.values()) {
            List<LabeledCurve> a = SyntheticCurves.generate(kind, 5, 7);
            List<LabeledCurve> b = SyntheticCurves.generate(kind, 5, 7);
            List<LabeledCurve> c = SyntheticCurves.generate(kind, 5, 8);
            for (int i = 0; i < 5; i++) {
                assertThat(a.get(i).accuracies()).containsExactly(b.get(i).accuracies());
                assertThat(a.get(i).accuracies()).isNotEqualTo(c.get(i).accuracies());
            }
        }
    }

    @Test
    void shapesBudgetsAndIntervalsAreAsDocumented() {
        assertShape(SyntheticCurves.Kind.POWER_LAW, 50, 1.0);
        assertShape(SyntheticCurves.Kind.STEP_DECAY, 100, 1.0);
        assertShape(SyntheticCurves.Kind.OVERFIT, 40, 1.0);
        assertShape(SyntheticCurves.Kind.SUB_EPOCH, 60, 0.5);
        List<LabeledCurve> power = SyntheticCurves.generate(SyntheticCurves.Kind.POWER_LAW);
        assertThat(power).hasSize(SyntheticCurves.DEFAULT_MODELS);
        assertThat(power.get(0).modelId()).isEqualTo("power_law-000");
        // the step-decay jump: the mean after 50 % of the budget exceeds the plateau before it
        for (LabeledCurve c : SyntheticCurves.generate(SyntheticCurves.Kind.STEP_DECAY, 20, 1)) {
            assertThat(mean(c.accuracies(), 60, 75)).isGreaterThan(mean(c.accuracies(), 35, 50) + 3);
        }
        // overfitting: the last points sit below the best stretch
        for (LabeledCurve c : SyntheticCurves.generate(SyntheticCurves.Kind.OVERFIT, 20, 1)) {
            assertThat(mean(c.accuracies(), 35, 40)).isLessThan(maxMean(c.accuracies(), 5) + 1e-9);
        }
    }

    @Test
    void kindsAreReadByLabel() {
        assertThat(SyntheticCurves.Kind.of("step-decay")).isEqualTo(SyntheticCurves.Kind.STEP_DECAY);
        assertThat(SyntheticCurves.Kind.of("SUB_EPOCH")).isEqualTo(SyntheticCurves.Kind.SUB_EPOCH);
        assertThatThrownBy(() -> SyntheticCurves.Kind.of("cifar")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("power_law");
    }

    private static void assertShape(SyntheticCurves.Kind kind, int evaluations, double interval) {
        for (LabeledCurve c : SyntheticCurves.generate(kind, 10, 3)) {
            assertThat(c.size()).isEqualTo(evaluations);
            assertThat(c.interval()).isEqualTo(interval);
            assertThat(java.util.Arrays.stream(c.accuracies()).allMatch(a -> a >= 0 && a <= 100)).isTrue();
        }
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return s / (to - from);
    }

    private static double maxMean(double[] a, int width) {
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + width <= a.length; i++) {
            best = Math.max(best, mean(a, i, i + width));
        }
        return best;
    }
}
