package org.peng4nn.engine.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of the population regression (issue 13, lever C) change no bit of an answer: the kept best
 * value of each prefix ({@link FinishedCurve}), the regressions a population keeps per prefix and the
 * shortened Gauss-Jordan elimination give exactly what a fresh computation from the raw curves gives.
 */
class MemoizedRegressionTest {

    private static final int LENGTH = 20;

    /** Noisy learning curves with dips, ties, a step at a milestone and negative zero, as the real files have. */
    private static double[] curve(Random random) {
        double[] y = new double[LENGTH];
        double a = 40 + 50 * random.nextDouble();
        for (int t = 0; t < LENGTH; t++) {
            double v = a - 30 * Math.pow(0.8, t) + (t >= 10 ? 3 : 0) + 2 * random.nextGaussian();
            y[t] = random.nextInt(10) == 0 && t > 0 ? y[t - 1] : Math.rint(v * 100) / 100;
        }
        if (random.nextInt(20) == 0) {
            y[0] = -0.0;
        }
        return y;
    }

    private static void assertSameBits(double actual, double expected, String what) {
        assertThat(Double.doubleToRawLongBits(actual)).as(what + ": %s vs %s", actual, expected)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }

    private static void assertSame(FinalEstimate actual, FinalEstimate expected, String what) {
        assertSameBits(actual.predicted(), expected.predicted(), what + " predicted");
        assertSameBits(actual.lower(), expected.lower(), what + " lower");
        assertSameBits(actual.upper(), expected.upper(), what + " upper");
        assertThat(actual.curves()).as(what + " curves").isEqualTo(expected.curves());
    }

    @Test
    void theKeptBestOfEachPrefixGivesTheFeaturesOfAFullScanBitForBit() {
        Random random = new Random(13);
        for (int c = 0; c < 500; c++) {
            double[] values = curve(random);
            FinishedCurve kept = FinishedCurve.of(values);
            for (int n = 1; n <= LENGTH; n++) {
                double[] scanned = PrefixFeatures.of(values, n);
                double[] memo = kept.features(n);
                for (int j = 0; j < PrefixFeatures.COUNT; j++) {
                    assertSameBits(memo[j], scanned[j], "curve " + c + " prefix " + n + " feature " + j);
                }
            }
        }
    }

    @Test
    void aPopulationsKeptRegressionsAnswerExactlyAsAFreshFitDoes() {
        Random random = new Random(7);
        Population grown = Population.empty(LENGTH, 30);
        List<double[]> raw = new ArrayList<>();
        for (int finished = 0; finished < 45; finished++) {
            double[] next = curve(random);
            grown = grown.with(next);
            raw.add(next);
            if (grown.size() < 2) {
                continue;
            }
            // the same curves in a population built from scratch: nothing kept from earlier populations
            Population fresh = Population.empty(LENGTH, 30);
            for (double[] c : raw.subList(Math.max(0, raw.size() - 30), raw.size())) {
                fresh = fresh.with(c);
            }
            assertThat(grown).isEqualTo(fresh);
            List<FinishedCurve> scratch = new ArrayList<>();
            fresh.curves().forEach(c -> scratch.add(FinishedCurve.of(c)));
            double[] probe = curve(random);
            for (int m = 3; m < LENGTH; m++) {
                FinalEstimate first = grown.estimate(probe, m, 0.9);
                FinalEstimate kept = grown.estimate(probe, m, 0.9);
                String what = finished + " finished, prefix " + m;
                assertSame(kept, first, what + " (kept regression)");
                assertSame(first, fresh.estimate(probe, m, 0.9), what + " (fresh population)");
                assertSame(first, PrefixRegression.fit(scratch, m, 0.9).estimate(probe), what + " (fresh fit)");
            }
            assertSameBits(grown.finalNoise(0.9), fresh.finalNoise(0.9), finished + " finished, final noise");
        }
    }

    @Test
    void theShortenedEliminationInvertsBitForBitAsTheFullOneDid() {
        Random random = new Random(3);
        for (int trial = 0; trial < 2_000; trial++) {
            int n = 2 + random.nextInt(5);
            double[][] rows = new double[n + 3][n];
            for (double[] row : rows) {
                for (int j = 0; j < n; j++) {
                    row[j] = random.nextGaussian() * (random.nextBoolean() ? 1 : 1e3);
                }
            }
            double[][] a = new double[n][n];
            for (double[] row : rows) {
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        a[j][k] += row[j] * row[k];
                    }
                }
            }
            double[][] expected = fullGaussJordan(a);
            double[][] actual = SmallMatrix.inverse(a);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertSameBits(actual[i][j], expected[i][j], "trial " + trial + " [" + i + "][" + j + "]");
                }
            }
        }
    }

    /** {@link SmallMatrix#inverse} as it was before lever C: every column of both halves updated at each step. */
    private static double[][] fullGaussJordan(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            double p = m[col][col];
            for (int k = 0; k < 2 * n; k++) {
                m[col][k] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int k = 0; k < 2 * n; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
