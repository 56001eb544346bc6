package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.curve.Curve;

/** The small value types and the policy factory. */
class PolicyValuesTest {

    @Test
    void leaderboardKeepsTheBestFirst() {
        FinishedFitness board = FinishedFitness.EMPTY.with(80).with(95).with(90).with(95);
        assertThat(board.size()).isEqualTo(4);
        assertThat(board.kthBest(1)).isEqualTo(95);
        assertThat(board.kthBest(3)).isEqualTo(90);
        assertThat(board.kthBest(4)).isEqualTo(80);
        assertThat(board.kthBest(5)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(board.values()).containsExactly(95, 95, 90, 80);
        assertThat(FinishedFitness.EMPTY.size()).isZero();
        assertThat(FinishedFitness.of(90, 80, 95, 95)).isEqualTo(board);
        assertThatThrownBy(() -> board.kthBest(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> board.with(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decisions() {
        assertThat(Decision.CONTINUE.stopped()).isFalse();
        assertThat(Decision.CONTINUE.reason()).isNull();
        Decision stop = Decision.stop(Decision.Reason.CONVERGED, 7, 91.5);
        assertThat(stop.stopped()).isTrue();
        assertThat(stop).isEqualTo(new Decision(Decision.Action.STOP, Decision.Reason.CONVERGED, 7, 91.5));
        assertThatThrownBy(() -> new Decision(Decision.Action.STOP, null, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(Decision.Action.CONTINUE, Decision.Reason.PRUNED, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void predictions() {
        CurvePrediction none = CurvePrediction.none(4, "peng4nn");
        assertThat(none.hasValue()).isFalse();
        assertThat(none.predictedFinal()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(new CurvePrediction(1, Double.NaN, 0, 0, "x", null).predictedFinal()).isEqualTo(Double.POSITIVE_INFINITY);
        double[] p = {1, 2};
        CurvePrediction made = new CurvePrediction(4, 90, 89, 91, "peng4nn", p);
        p[0] = 7;
        assertThat(made.parameters()).containsExactly(1, 2);
        assertThat(made).isEqualTo(new CurvePrediction(4, 90, 89, 91, "peng4nn", new double[] {1, 2}));
    }

    @Test
    void modelStateIsImmutable() {
        ModelState s = ModelState.start(25, 1);
        double[] warm = {1, 2, 3};
        ModelState w = s.withWarmStart("peng4nn", warm);
        warm[0] = 9;
        assertThat(w.warmStart("peng4nn")).containsExactly(1, 2, 3);
        assertThat(s.warmStart("peng4nn")).isNull();
        assertThat(s.latest()).isNull();
        assertThatThrownBy(() -> w.history().add(CurvePrediction.none(1, "x"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ModelState.start(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelState.start(25, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policiesByName() {
        assertThat(Policies.names()).containsExactly("penguin", "ensemble", "population", "never");
        assertThat(Policies.byName("penguin", Map.of())).isInstanceOf(PenguinPolicy.class);
        PenguinPolicy tuned = (PenguinPolicy) Policies.byName("penguin",
                Map.of("threshold", "0.25", "window", "4", "c-min", "5"));
        assertThat(tuned.threshold()).isEqualTo(0.25);
        assertThat(tuned.window()).isEqualTo(4);
        assertThat(tuned.cMin()).isEqualTo(5);
        assertThat(Policies.settings("penguin")).extracting(PolicySetting::key)
                .containsExactly("threshold", "window", "c_min");
        assertThat(Policies.settings("penguin")).extracting(PolicySetting::defaultText)
                .containsExactly("0.5", "3", "3");
    }

    @Test
    void policyErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> Policies.byName("pengiun", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown policy 'pengiun'").hasMessageContaining("penguin");
        assertThatThrownBy(() -> Policies.byName("penguin", Map.of("treshold", "1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no setting 'treshold'")
                .hasMessageContaining("threshold, window, c_min");
        assertThatThrownBy(() -> Policies.byName("penguin", Map.of("window", "three")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> Policies.byName("penguin", Map.of("threshold", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> Policies.settings("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStopAtTheLastEvaluationIsNoEarlyStop() {
        Decision stop = Decision.stop(Decision.Reason.CONVERGED, 0, 90);
        ModelState halfEpochs = ModelState.start(25, 0.5).withDecision(stop);
        assertThat(halfEpochs.lastEvaluationEpoch()).isEqualTo(24.5);
        assertThat(halfEpochs.withCurve(Curve.EMPTY.with(24, 90)).stoppedEarly()).isTrue();
        assertThat(halfEpochs.withCurve(Curve.EMPTY.with(24.5, 90)).stoppedEarly()).isFalse();
        assertThat(halfEpochs.withCurve(Curve.EMPTY.with(24.5, 90)).atLastEvaluation()).isTrue();
        assertThat(ModelState.start(25, 1).withCurve(Curve.EMPTY.with(24, 90)).stoppedEarly()).isFalse();
        assertThat(ModelState.start(25, 1).stoppedEarly()).isFalse();
    }
}
