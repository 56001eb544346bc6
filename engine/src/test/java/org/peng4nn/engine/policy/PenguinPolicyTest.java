package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.curve.Peng4nnFamily;
import org.peng4nn.engine.curve.Pow3Family;
import org.peng4nn.engine.fit.CurveFitter;
import org.peng4nn.engine.fit.FitOptions;

class PenguinPolicyTest {

    private static final PenguinPolicy PENGUIN = PenguinPolicy.defaults();

    /** A clean saturating curve a - b^(c - x). */
    private static double accuracy(double x) {
        return Peng4nnFamily.INSTANCE.value(x, new double[] {92, 1.5, 8});
    }

    private static ModelState feed(StoppingPolicy policy, ModelState state, int from, int to) {
        for (int e = from; e <= to; e++) {
            state = policy.observe(state, e, accuracy(e), FinishedFitness.EMPTY);
        }
        return state;
    }

    @Test
    void noPredictionBeforeCMin() {
        ModelState s = feed(PENGUIN, PENGUIN.start(25, 1), 0, 2);
        assertThat(s.latest()).isNull();
        assertThat(s.history()).isEmpty();
        assertThat(s.curve().size()).isEqualTo(3);
        assertThat(s.decision()).isEqualTo(Decision.CONTINUE);

        s = feed(PENGUIN, s, 3, 3);
        assertThat(s.latest()).isNotNull();
        assertThat(s.latest().epoch()).isEqualTo(3);
        assertThat(s.latest().family()).isEqualTo("peng4nn");
        assertThat(s.history()).hasSize(1);
    }

    @Test
    void predictsTheFinalAccuracyAtMaxEpochsAndStopsOnceConverged() {
        ModelState s = PENGUIN.start(25, 1);
        int stoppedAt = -1;
        for (int e = 0; e < 25 && stoppedAt < 0; e++) {
            s = PENGUIN.observe(s, e, accuracy(e), FinishedFitness.EMPTY);
            if (s.decision().stopped()) {
                stoppedAt = e;
            }
        }
        // exact data: every prediction from epoch 3 on is F(25), so the third one converges
        assertThat(stoppedAt).isEqualTo(5);
        assertThat(s.history()).hasSize(3);
        assertThat(s.latest().predictedFinal()).isCloseTo(accuracy(25), within(1e-3));
        assertThat(s.decision().reason()).isEqualTo(Decision.Reason.CONVERGED);
        assertThat(s.decision().atEpoch()).isEqualTo(5);
        assertThat(s.decision().fitness()).isEqualTo(s.latest().predictedFinal());
    }

    @Test
    void staysStopped() {
        ModelState stopped = feed(PENGUIN, PENGUIN.start(25, 1), 0, 5);
        assertThat(stopped.decision().stopped()).isTrue();
        assertThat(PENGUIN.observe(stopped, 6, 10.0, FinishedFitness.EMPTY)).isSameAs(stopped);
        assertThat(PENGUIN.observe(stopped, 2.5, 99.0, FinishedFitness.of(99, 98))).isSameAs(stopped);
    }

    @Test
    void aRepeatedEpochChangesNothing() {
        ModelState s = feed(PENGUIN, PENGUIN.start(25, 1), 0, 3);
        assertThat(PENGUIN.observe(s, 3, 12.0, FinishedFitness.EMPTY)).isSameAs(s);
        assertThat(PENGUIN.observe(s, 0, 12.0, FinishedFitness.EMPTY)).isSameAs(s);
    }

    @Test
    void outOfOrderPointsAreFittedInEpochOrder() {
        ModelState inOrder = feed(PENGUIN, PENGUIN.start(25, 1), 0, 4);
        ModelState s = PENGUIN.start(25, 1);
        for (int e : new int[] {1, 0, 2, 4, 3}) {
            s = PENGUIN.observe(s, e, accuracy(e), FinishedFitness.EMPTY);
        }
        assertThat(s.curve()).isEqualTo(inOrder.curve());
        assertThat(s.latest().predictedFinal()).isEqualTo(inOrder.latest().predictedFinal());
    }

    @Test
    void subEpochDataIsFittedAtEpochOverInterval() {
        // evaluations every half epoch: epoch 0.5 is x = 1, the prediction is F(max_epochs / interval)
        ModelState s = PENGUIN.start(10, 0.5);
        for (int k = 1; k <= 8; k++) {
            s = PENGUIN.observe(s, 0.5 * k, accuracy(k), FinishedFitness.EMPTY);
        }
        assertThat(s.xOf(0.5)).isEqualTo(1.0);
        assertThat(s.finalX()).isEqualTo(20.0);
        assertThat(s.latest().epoch()).isEqualTo(4.0);
        assertThat(s.latest().predictedFinal()).isCloseTo(accuracy(20), within(1e-3));
    }

    @Test
    void aFailedFitIsNoPredictionAndBreaksTheWindow() {
        // a curve that wants a → 200, b → 1, c → ∞ exhausts TRF's 300 evaluations (PENGUIN: inf)
        double[] y = {66.0, 70.5, 72.0, 74.9, 77.0, 79.1, 79.5};
        StoppingPolicy policy = new PenguinPolicy(100, 1, 0);
        ModelState s = policy.start(25, 1);
        boolean sawNone = false;
        for (int e = 0; e < y.length; e++) {
            s = policy.observe(s, e, y[e], FinishedFitness.EMPTY);
            if (!s.decision().stopped()) {
                sawNone |= !s.latest().hasValue();
            }
        }
        for (CurvePrediction p : s.history()) {
            assertThat(p.predictedFinal()).satisfiesAnyOf(v -> assertThat(v).isEqualTo(Double.POSITIVE_INFINITY),
                    v -> assertThat(v).isFinite());
        }
        // whatever happened, a "none" never converges: with window 1, stopping needs a value in [0, 100]
        if (s.decision().stopped()) {
            assertThat(s.decision().fitness()).isBetween(0.0, 100.0);
        } else {
            assertThat(sawNone || s.latest().predictedFinal() > 100).isTrue();
        }
    }

    @Test
    void convergenceIsPenguinsMedianRule() {
        PenguinPolicy p = PenguinPolicy.defaults();
        assertThat(p.converged(history(90, 90.5, 90.25))).isTrue();
        assertThat(p.converged(history(90, 91, 90.5))).isTrue(); // inclusive at exactly ±0.5
        assertThat(p.converged(history(90, 91.01, 90.5))).isFalse();
        assertThat(p.converged(history(80, 90, 90.1, 90.2))).isTrue(); // only the last three count
        assertThat(p.converged(history(90, Double.POSITIVE_INFINITY, 90))).isFalse();
        assertThat(p.converged(history(100.1, 100.2, 100.0))).isFalse(); // above 100 never converges
        assertThat(p.converged(history(90, 90))).isFalse(); // not a full window
    }

    private static List<CurvePrediction> history(double... values) {
        return java.util.Arrays.stream(values)
                .mapToObj(v -> new CurvePrediction(0, v, Double.NaN, Double.NaN, "peng4nn", new double[0])).toList();
    }

    @Test
    void refusesNonsenseSettingsAndPoints() {
        assertThatThrownBy(() -> new PenguinPolicy(-1, 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PenguinPolicy(0.5, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PENGUIN.observe(PENGUIN.start(25, 1), 0, Double.NaN, FinishedFitness.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fitsThroughAnyFitMethodOfItsFamily() {
        PenguinPolicy lm = new PenguinPolicy(0.5, 3, 3, new CurveFitter(Peng4nnFamily.INSTANCE, FitOptions.DEFAULT));
        ModelState s = feed(lm, lm.start(20, 1), 0, 4);
        assertThat(s.latest().predictedFinal()).isCloseTo(accuracy(20), within(1e-3));
        assertThatThrownBy(() -> new PenguinPolicy(0.5, 3, 3, new CurveFitter(Pow3Family.INSTANCE, FitOptions.DEFAULT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pow3");
    }
}
