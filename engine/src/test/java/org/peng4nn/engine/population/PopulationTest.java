package org.peng4nn.engine.population;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PopulationTest {

    private static final int LENGTH = 25;

    /** {@code a - b * r^t}: every curve of the search shares the rate, asymptote and depth vary. */
    private static double[] exponential(double a, double b, double r, double noise, Random random) {
        double[] y = new double[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            y[t] = a - b * Math.pow(r, t) + noise * random.nextGaussian();
        }
        return y;
    }

    private static Population search(int curves, double noise, long seed) {
        Random random = new Random(seed);
        Population p = Population.empty(LENGTH, 1_000);
        for (int i = 0; i < curves; i++) {
            p = p.with(exponential(60 + 30 * random.nextDouble(), 20 + 30 * random.nextDouble(), 0.75, noise, random));
        }
        return p;
    }

    @Test
    void recoversHowCurvesOfTheSearchGoOnFromTheirFirstEvaluations() {
        // noise-free: the final is a linear function of the level and slope at any prefix, which the
        // regression must find from the finished curves alone
        Population p = search(40, 0, 1);
        Random random = new Random(99);
        for (int i = 0; i < 50; i++) {
            double[] curve = exponential(60 + 30 * random.nextDouble(), 20 + 30 * random.nextDouble(), 0.75, 0, random);
            for (int prefix : new int[] {6, 10, 15}) {
                FinalEstimate e = p.estimate(curve, prefix, 0.9);
                assertThat(e.predicted()).as("prefix %d", prefix).isCloseTo(curve[LENGTH - 1],
                        org.assertj.core.data.Offset.offset(0.15));
                assertThat(e.curves()).isEqualTo(40);
            }
        }
    }

    @Test
    void theNominalIntervalCoversTheFinalsOfNewCurvesWithKnownNoise() {
        Population p = search(200, 1.0, 2);
        Random random = new Random(7);
        int covered = 0;
        int trials = 2_000;
        for (int i = 0; i < trials; i++) {
            double[] curve = exponential(60 + 30 * random.nextDouble(), 20 + 30 * random.nextDouble(), 0.75, 1.0,
                    random);
            covered += p.estimate(curve, 8, 0.9).covers(curve[LENGTH - 1]) ? 1 : 0;
        }
        double coverage = (double) covered / trials;
        assertThat(coverage).isBetween(0.85, 0.95);
    }

    @Test
    void anIntervalNarrowsAsTheCurveFlattensAndIsWideWithFewCurves() {
        Population p = search(100, 0.3, 3);
        double[] curve = exponential(80, 40, 0.75, 0, new Random(5));
        assertThat(p.estimate(curve, 20, 0.9).halfWidth()).isLessThan(p.estimate(curve, 4, 0.9).halfWidth());
        // level 0.9 needs the ceil(0.9 (n + 1))-th smallest of n errors: 8 curves cannot vouch for it, 9 can
        assertThat(search(8, 0.3, 3).estimate(curve, 10, 0.9).halfWidth()).isInfinite();
        assertThat(search(9, 0.3, 3).estimate(curve, 10, 0.9).halfWidth()).isFinite();
    }

    @Test
    void theFinalNoiseIsWhatOneEvaluationOfTheSearchVaries() {
        // the last evaluation follows from all the others up to its own noise: 90 % of |N(0, σ)| lies
        // within 1.645 σ (a little more: the regression's own error at this n)
        for (double sigma : new double[] {0.3, 1.0, 2.0}) {
            double noise = search(400, sigma, 8).finalNoise(0.9);
            assertThat(noise).as("σ %s", sigma).isBetween(1.5 * sigma, 2.0 * sigma);
        }
        assertThat(search(8, 1.0, 8).finalNoise(0.9)).isInfinite();
    }

    @Test
    void aNewCurveUnlikeTheSearchGetsAWiderInterval() {
        // leverage: a curve far outside the finished ones is an extrapolation, not an interpolation
        Population p = search(30, 0.5, 9);
        double[] typical = exponential(75, 35, 0.75, 0, new Random(12));
        double[] unlike = exponential(40, 35, 0.75, 0, new Random(12));
        assertThat(p.estimate(unlike, 8, 0.9).halfWidth()).isGreaterThan(p.estimate(typical, 8, 0.9).halfWidth());
    }

    @Test
    void keepsTheMostRecentCurvesUpToItsCapacity() {
        Population p = Population.empty(3, 2).with(new double[] {1, 2, 3}).with(new double[] {4, 5, 6})
                .with(new double[] {7, 8, 9});
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.curves().get(0)).containsExactly(4, 5, 6);
        assertThat(p.curves().get(1)).containsExactly(7, 8, 9);
    }

    @Test
    void refusesCurvesOfAnotherBudgetAndNonFiniteAccuracies() {
        Population p = Population.empty(3, 10);
        assertThatThrownBy(() -> p.with(new double[] {1, 2})).hasMessageContaining("3-evaluation");
        assertThatThrownBy(() -> p.with(new double[] {1, Double.NaN, 2})).hasMessageContaining("non-finite");
    }

    @Test
    void theSameCurvesGiveTheSameEstimateBitForBit() {
        double[] curve = exponential(75, 30, 0.75, 0.5, new Random(11));
        FinalEstimate a = search(50, 0.5, 4).estimate(curve, 7, 0.9);
        FinalEstimate b = search(50, 0.5, 4).estimate(curve, 7, 0.9);
        assertThat(a).isEqualTo(b);
    }
}
