package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.evaluation.SettingsGrid;

/** The pieces of the ensemble rule on hand-made curves, and its registration. */
class EnsemblePolicyTest {

    private static final EnsemblePolicy DEFAULTS = EnsemblePolicy.defaults();

    private static ModelState run(StoppingPolicy policy, double maxEpochs, double interval, double[] epochs,
            double[] accuracies) {
        ModelState s = policy.start(maxEpochs, interval);
        for (int i = 0; i < epochs.length; i++) {
            s = policy.observe(s, epochs[i], accuracies[i], FinishedFitness.EMPTY);
        }
        return s;
    }

    private static double[] indices(int n) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = i;
        }
        return e;
    }

    @Test
    void theRecentLevelIsAMedianSoOneDipDoesNotMoveIt() {
        double[] y = {50, 60, 99.8, 91.0, 99.9};
        assertThat(EnsemblePolicy.recentLevel(y, 5, 3)).isEqualTo(99.8);
        assertThat(EnsemblePolicy.recentLevel(y, 5, 1)).isEqualTo(99.9);
        assertThat(EnsemblePolicy.recentLevel(y, 2, 3)).isEqualTo(55.0);
    }

    @Test
    void theTrendBoundIsTheRecentLineExtendedAndOnlyPastTheInflection() {
        double[] x = indices(10);
        double[] flat = new double[10];
        double[] line = new double[10];
        double[] convex = new double[10];
        for (int i = 0; i < 10; i++) {
            flat[i] = 70;
            line[i] = 60 + 0.5 * i;
            convex[i] = 40 + 0.3 * i * i;
        }
        assertThat(EnsemblePolicy.trendBound(x, flat, 10, 24)).isCloseTo(70, within(1e-9));
        assertThat(EnsemblePolicy.trendBound(x, line, 10, 24)).isCloseTo(72, within(1e-9));
        // an accelerating (sigmoid's first half) stretch bounds nothing, nor do fewer than 4 recent points
        assertThat(EnsemblePolicy.trendBound(x, convex, 10, 24)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(EnsemblePolicy.trendBound(x, flat, 6, 24)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    /** Issue 12: flat to 0.01 pp from epoch 15, yet a power law fitted to the whole rise still climbed 2 pp. */
    @Test
    void anExponentialPlateauStopsBeforeTheBudgetNearItsLevel() {
        double[] y = new double[25];
        for (int e = 0; e < 25; e++) {
            y[e] = 70 - 50 * Math.pow(0.7, e);
        }
        ModelState s = run(DEFAULTS, 25, 1, indices(24), Arrays.copyOf(y, 24));
        assertThat(s.decision().stopped()).isTrue();
        assertThat(s.decision().fitness()).isCloseTo(y[24], within(1.0));
    }

    @Test
    void predictionsAgreeOnlyWhenAllOfTheWindowIsNearItsMedian() {
        List<CurvePrediction> h = List.of(p(90), p(95.0), p(95.4), p(94.7));
        assertThat(EnsemblePolicy.agree(h, 3, 0.5)).isTrue();
        assertThat(EnsemblePolicy.agree(h, 3, 0.3)).isFalse();
        assertThat(EnsemblePolicy.agree(h, 4, 0.5)).isFalse();
        assertThat(EnsemblePolicy.agree(h, 5, 100)).isFalse();
        assertThat(EnsemblePolicy.agree(List.of(p(95), CurvePrediction.none(1, "pow3"), p(95)), 3, 100)).isFalse();
    }

    @Test
    void thePruningBarWaitsForEnoughModelsThenIsTheKthBest() {
        assertThat(EnsemblePolicy.pruningBar(FinishedFitness.of(90, 80, 70), 0.1)).isEqualTo(Double.NEGATIVE_INFINITY);
        FinishedFitness ten = FinishedFitness.of(99, 98, 97, 96, 95, 94, 93, 92, 91, 90);
        assertThat(EnsemblePolicy.pruningBar(ten, 0.1)).isEqualTo(99); // k = round(0.1 × 11) = 1
        FinishedFitness twenty = ten;
        for (int i = 0; i < 10; i++) {
            twenty = twenty.with(50 + i);
        }
        assertThat(EnsemblePolicy.pruningBar(twenty, 0.1)).isEqualTo(98); // k = round(2.1) = 2
    }

    @Test
    void aPlateauWithDipsStopsNearItsLevel() {
        // a fast rise to 99.5 with transient dips, as the real A4NN curves look
        double[] y = {60, 85, 93, 96, 97.5, 98.5, 90.0, 99.2, 99.4, 99.3, 95.0, 99.5, 99.4, 99.6, 99.5, 99.5, 99.6,
            99.5, 99.5, 99.6, 99.5, 99.6, 99.6, 99.5, 99.6};
        ModelState s = run(DEFAULTS, 25, 1, indices(25), y);
        assertThat(s.decision().stopped()).isTrue();
        assertThat(s.decision().reason()).isEqualTo(Decision.Reason.CONVERGED);
        assertThat(s.decision().atEpoch()).isLessThan(20);
        assertThat(s.decision().fitness()).isCloseTo(99.5, within(0.5));
    }

    @Test
    void noStopBeforeTheMinimumShareOfTheBudget() {
        double[] flat = new double[50];
        java.util.Arrays.fill(flat, 80.0);
        for (int i = 0; i < flat.length; i++) {
            flat[i] += i % 2 == 0 ? 0.1 : -0.1;
        }
        ModelState s = run(DEFAULTS, 50, 1, indices(50), flat);
        assertThat(s.decision().stopped()).isTrue();
        // 20 % of 50 epochs: epoch index 9 is the tenth epoch trained
        assertThat(s.decision().atEpoch()).isGreaterThanOrEqualTo(9);
        assertThat(s.decision().fitness()).isCloseTo(80.0, within(0.2));
    }

    @Test
    void aCurveStillRisingLinearlyIsNeverStoppedAtTheCeiling() {
        // families extrapolate far past 100 %: clamped they would "agree" at 100, which is no plateau
        double[] y = new double[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = 30 + 1.5 * i;
        }
        ModelState s = run(DEFAULTS, 60, 1, indices(40), y);
        assertThat(s.decision().stopped()).isFalse();
        assertThat(s.history()).allSatisfy(p -> assertThat(p.predictedFinal()).isBetween(0.0, 100.0));
    }

    @Test
    void aModelBelowTheLeaderboardIsPrunedWhenPruningIsOn() {
        // a power-law curve still rising towards ~68 %: the families disagree on how far, so it has
        // not converged, but even the most optimistic family is far below the leaderboard's top
        FinishedFitness board = FinishedFitness.EMPTY;
        for (int i = 0; i < 20; i++) {
            board = board.with(95 + 0.1 * i);
        }
        double[] y = new double[30];
        for (int i = 0; i < y.length; i++) {
            y[i] = 75 - 50 * Math.pow(i + 1, -0.5);
        }
        StoppingPolicy pruning = Policies.byName("ensemble", Map.of("prune_top", "0.1"));
        ModelState pruned = pruning.start(100, 1);
        ModelState kept = DEFAULTS.start(100, 1);
        for (int i = 0; i < y.length; i++) {
            pruned = pruning.observe(pruned, i, y[i], board);
            kept = DEFAULTS.observe(kept, i, y[i], board);
        }
        assertThat(kept.decision().stopped()).isFalse();
        assertThat(pruned.decision().stopped()).isTrue();
        assertThat(pruned.decision().reason()).isEqualTo(Decision.Reason.PRUNED);
        assertThat(pruned.decision().fitness()).isLessThan(board.kthBest(2));
    }

    @Test
    void subEpochEvaluationsUseTheIntervalForTheBudgetShare() {
        double[] e = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < e.length; i++) {
            e[i] = 0.5 * (i + 1);
            y[i] = 90 - 40 * Math.exp(-0.5 * e[i]) + (i % 2 == 0 ? 0.1 : -0.1);
        }
        ModelState s = run(DEFAULTS, 20, 0.5, e, y);
        // epoch 10 at interval 0.5 is x = 20 of a final x = 40
        assertThat(EnsemblePolicy.trainedFraction(run(DEFAULTS, 20, 0.5, new double[] {10}, new double[] {50})))
                .isEqualTo(21.0 / 40);
        assertThat(s.decision().stopped()).isTrue();
        assertThat(s.decision().fitness()).isCloseTo(90 - 40 * Math.exp(-0.5 * 20), within(0.6));
    }

    @Test
    void aRepeatedEpochChangesNothing() {
        ModelState s = run(DEFAULTS, 25, 1, indices(8), new double[] {50, 60, 70, 75, 78, 80, 81, 82});
        assertThat(DEFAULTS.observe(s, 3, 10, FinishedFitness.EMPTY)).isSameAs(s);
    }

    @Test
    void isRegisteredWithDocumentedSettingsAndASmallGrid() {
        assertThat(Policies.names()).contains(EnsemblePolicy.NAME);
        assertThat(Policies.REFERENCE).isEqualTo(PenguinPolicy.NAME);
        assertThat(Policies.names()).containsExactly("penguin", "ensemble", "population", "never");
        assertThat(Policies.byName("ensemble")).isInstanceOf(EnsemblePolicy.class);
        assertThat(((EnsemblePolicy) Policies.byName("ensemble")).config()).isEqualTo(EnsemblePolicy.Config.defaults());
        assertThat(Policies.settings("ensemble")).extracting(PolicySetting::key).containsExactly("threshold", "window",
                "spread", "min_fraction", "noise_multiple", "level_window", "families", "prune_top");
        Map<String, List<String>> grid = Policies.defaultGrid("ensemble");
        assertThat(grid).hasSizeBetween(2, 3);
        List<Map<String, String>> settings = SettingsGrid.expand(grid);
        assertThat(settings).hasSizeLessThanOrEqualTo(60);
        settings.forEach(s -> assertThat(Policies.byName("ensemble", s)).isNotNull());

        EnsemblePolicy two = (EnsemblePolicy) Policies.byName("ensemble", Map.of("families", "pow3, weibull",
                "min-fraction", "0.5"));
        assertThat(two.config().families()).extracting(f -> f.name()).containsExactly("pow3", "weibull");
        assertThat(two.config().minFraction()).isEqualTo(0.5);
        assertThatThrownBy(() -> Policies.byName("ensemble", Map.of("families", "pow3,nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
        assertThatThrownBy(() -> Policies.byName("ensemble", Map.of("families", "pow3,pow3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> Policies.byName("ensemble", Map.of("threshold", "0")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Policies.byName("ensemble", Map.of("prune_top", "1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CurvePrediction p(double v) {
        return new CurvePrediction(1, v, Double.NaN, Double.NaN, "pow3", new double[0]);
    }
}
