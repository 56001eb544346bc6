package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
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
}
