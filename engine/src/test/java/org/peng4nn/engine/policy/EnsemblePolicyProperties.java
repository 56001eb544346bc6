package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class EnsemblePolicyProperties {

    @Provide
    Arbitrary<double[]> curves() {
        Arbitrary<Double> percent = Arbitraries.doubles().between(0, 100);
        Arbitrary<Double> wild = Arbitraries.doubles().between(-1e6, 1e6);
        Arbitrary<Double> flat = Arbitraries.of(0.0, 100.0, 50.0);
        return Arbitraries.oneOf(percent, percent, percent, wild, flat).array(double[].class).ofMinSize(1)
                .ofMaxSize(40);
    }

    /** Any finite curve, whole or sub-epoch, with or without pruning: no exception, bounded predictions. */
    @Property(tries = 120)
    void neverThrowsAndPredictsWithinZeroToHundredOrNone(@ForAll("curves") double[] y,
            @ForAll @DoubleRange(min = 0.25, max = 2) double interval, @ForAll boolean prune) {
        StoppingPolicy policy = Policies.byName("ensemble", prune ? Map.of("prune_top", "0.1") : Map.of());
        FinishedFitness board = FinishedFitness.of(10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99);
        ModelState s = policy.start(y.length * interval, interval);
        for (int i = 0; i < y.length; i++) {
            s = policy.observe(s, (i + 1) * interval, y[i], board);
        }
        for (CurvePrediction p : s.history()) {
            double v = p.predictedFinal();
            assertThat(v == Double.POSITIVE_INFINITY || v >= 0 && v <= 100).as("prediction %s", v).isTrue();
        }
        if (s.decision().stopped()) {
            assertThat(s.decision().fitness()).isBetween(0.0, 100.0);
        }
    }

    @Property(tries = 80)
    void aStoppedStateNeverChanges(@ForAll("curves") double[] y, @ForAll @IntRange(min = 1, max = 3) int window) {
        StoppingPolicy policy = Policies.byName("ensemble", Map.of("threshold", "20", "window",
                Integer.toString(window), "min_fraction", "0"));
        ModelState s = policy.start(40, 1);
        ModelState stopped = null;
        for (int e = 0; e < y.length; e++) {
            ModelState next = policy.observe(s, e, y[e], FinishedFitness.EMPTY);
            if (stopped != null) {
                assertThat(next).isSameAs(stopped);
            } else if (next.decision().stopped()) {
                stopped = next;
            }
            s = next;
        }
    }

    @Property(tries = 60)
    void deterministic(@ForAll("curves") double[] y) {
        StoppingPolicy a = Policies.byName("ensemble");
        StoppingPolicy b = Policies.byName("ensemble");
        ModelState sa = a.start(40, 1);
        ModelState sb = b.start(40, 1);
        for (int e = 0; e < y.length; e++) {
            sa = a.observe(sa, e, y[e], FinishedFitness.EMPTY);
            sb = b.observe(sb, e, y[e], FinishedFitness.EMPTY);
        }
        assertThat(sb).isEqualTo(sa);
    }

    /** Common saturating shapes, each reaching within {@link #REACHED} pp of its asymptote at epoch tp. */
    enum PlateauShape {
        /** {@code A - amp·e^(-k·e)}. */
        EXPONENTIAL {
            @Override
            double at(double e, double asymptote, double amp, double tp) {
                return asymptote - amp * Math.exp(-Math.log(amp / REACHED) / tp * e);
            }
        },
        /** {@code A - amp·(e + 1)^(-α)}. */
        POWER_LAW {
            @Override
            double at(double e, double asymptote, double amp, double tp) {
                return asymptote - amp * Math.pow(e + 1, -Math.log(amp / REACHED) / Math.log(tp + 1));
            }
        },
        /** A logistic from about {@code A - amp} to A, its inflection at 0.3·tp. */
        LOGISTIC {
            @Override
            double at(double e, double asymptote, double amp, double tp) {
                double x0 = 0.3 * tp;
                return asymptote - amp + amp / (1 + Math.exp(-Math.log(amp / REACHED) / (tp - x0) * (e - x0)));
            }
        };

        abstract double at(double e, double asymptote, double amp, double tp);
    }

    private static final double REACHED = 0.05;

    /**
     * Curves that plateau well before their budget stop, whatever the plateau's shape, and at a value
     * near the final accuracy. Each try draws a set of 30 curves of one shape and one noise level
     * (asymptote 50–95 %, a rise of 20–45 pp, within 0.05 pp of the asymptote at 25–40 % of a 25–50
     * epoch budget, Gaussian noise 0–1 pp); a majority must stop before the budget, and the median
     * error of the stopped ones against the noise-free final accuracy must be under 1 pp + 2·noise.
     * (Per curve this is not guaranteed: with σ = 1 pp, twice the 0.5 pp threshold, about a quarter
     * of the 25-epoch logistic curves cannot be confirmed to ±0.5 pp and train to the end; measured
     * stop rates are 100 % for every shape up to σ = 0.5 and 77–100 % at σ = 1, so a set of 30 falls
     * short of 16 with a probability of about 0.1 % in the worst case; the seed is fixed so CI never
     * draws that case: the property was run with random seeds while it was written.)
     */
    @Property(tries = 30, seed = "20261201")
    void plateausOfEveryCommonShapeStopEarlyNearTheirFinalAccuracy(@ForAll PlateauShape shape,
            @ForAll @DoubleRange(min = 0, max = 1) double noise, @ForAll @IntRange(min = 25, max = 50) int epochs,
            @ForAll long seed) {
        StoppingPolicy policy = Policies.byName("ensemble");
        SplittableRandom random = new SplittableRandom(seed);
        int models = 30;
        int stopped = 0;
        double[] errors = new double[models];
        for (int k = 0; k < models; k++) {
            double asymptote = random.nextDouble(50, 95);
            double amp = random.nextDouble(20, 45);
            double tp = epochs * random.nextDouble(0.25, 0.4);
            ModelState s = policy.start(epochs, 1);
            for (int e = 0; e < epochs - 1 && !s.decision().stopped(); e++) {
                double y = shape.at(e, asymptote, amp, tp) + noise * random.nextGaussian();
                s = policy.observe(s, e, Math.min(100, y), FinishedFitness.EMPTY);
            }
            if (s.decision().stopped()) {
                errors[stopped++] = Math.abs(s.decision().fitness() - shape.at(epochs - 1, asymptote, amp, tp));
            }
        }
        assertThat(stopped).as("%s plateaus with noise %.2f stopped before the budget", shape, noise)
                .isGreaterThan(models / 2);
        double[] e = Arrays.copyOf(errors, stopped);
        Arrays.sort(e);
        double median = stopped % 2 == 1 ? e[stopped / 2] : 0.5 * (e[stopped / 2 - 1] + e[stopped / 2]);
        assertThat(median).as("median error at the stop, errors %s", Arrays.toString(e)).isLessThan(1 + 2 * noise);
    }
}
