package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.peng4nn.engine.curve.Peng4nnFamily;

class PenguinPolicyProperties {

    @Provide
    Arbitrary<double[]> curves() {
        Arbitrary<Double> percent = Arbitraries.doubles().between(0, 100);
        Arbitrary<Double> wild = Arbitraries.doubles().between(-1e3, 1e3);
        return Arbitraries.oneOf(percent, percent, wild).array(double[].class).ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 150)
    void predictionsAreNoneOrFiniteWithinTheFamilyRange(@ForAll("curves") double[] y) {
        PenguinPolicy policy = new PenguinPolicy(0.5, 1_000, 3); // never stops: every epoch predicts
        ModelState s = policy.start(25, 1);
        for (int e = 0; e < y.length; e++) {
            s = policy.observe(s, e, y[e], FinishedFitness.EMPTY);
        }
        for (CurvePrediction p : s.history()) {
            double v = p.predictedFinal();
            if (v != Double.POSITIVE_INFINITY) {
                assertThat(v).isFinite().isLessThanOrEqualTo(Peng4nnFamily.INSTANCE.supremum())
                        .isGreaterThanOrEqualTo(Peng4nnFamily.INSTANCE.infimum());
            }
        }
        assertThat(s.history()).hasSize(Math.max(0, y.length - 3));
    }

    @Property(tries = 100)
    void aStoppedStateNeverChanges(@ForAll("curves") double[] y) {
        PenguinPolicy policy = new PenguinPolicy(50, 2, 1); // stops easily
        ModelState s = policy.start(25, 1);
        ModelState stopped = null;
        for (int e = 0; e < y.length; e++) {
            ModelState next = policy.observe(s, e, y[e], FinishedFitness.EMPTY);
            if (stopped != null) {
                assertThat(next).isSameAs(stopped);
            } else if (next.decision().stopped()) {
                stopped = next;
                assertThat(next.decision().fitness()).isBetween(0.0, 100.0);
            }
            s = next;
        }
    }
}
