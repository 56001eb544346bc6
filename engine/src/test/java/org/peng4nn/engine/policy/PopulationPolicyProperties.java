package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;

class PopulationPolicyProperties {

    /** A search of one plateau shape (0 exponential, 1 power law, 2 logistic), 60 models × 20 epochs. */
    private static List<LabeledCurve> search(int shape, double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<LabeledCurve> curves = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            double top = 50 + 49 * r.nextDouble();
            double[] e = new double[20];
            double[] y = new double[20];
            for (int t = 0; t < 20; t++) {
                double mean = switch (shape) {
                    case 0 -> top - 40 * Math.pow(0.6, t);
                    case 1 -> top - 40 * Math.pow(t + 1, -1.5);
                    default -> top / (1 + Math.exp(-(t - 4) / 1.2));
                };
                e[t] = t;
                y[t] = Math.max(0, Math.min(100, mean + noise * gaussian(r)));
            }
            curves.add(new LabeledCurve("m" + i, e, y, 0));
        }
        return curves;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * Whatever the plateau's shape and noise: every prediction and interval lies in [0, 100] with the
     * estimate inside its interval, and plateaus are stopped (they are flat long before the budget).
     */
    @Property(tries = 12, seed = "20261202")
    void plateausOfEveryShapeStopWithEstimatesInRange(@ForAll @IntRange(min = 0, max = 2) int shape,
            @ForAll @IntRange(min = 0, max = 3) int noiseStep, @ForAll long seed) {
        double noise = 0.1 * noiseStep;
        EvaluationReport r = new Evaluator(PopulationPolicy.defaults(), 2, new double[0], () -> 0L)
                .evaluate(search(shape, noise, seed), (done, total) -> { });
        assertThat(r.epochsSaved()).as("shape %d noise %s", shape, noise).isGreaterThan(0.3);
        assertThat(r.mae()).isLessThan(1.5);
        for (ModelOutcome o : r.outcomes()) {
            CurvePrediction p = o.prediction();
            if (p != null && PopulationPolicy.FAMILY.equals(p.family())) {
                assertThat(p.predictedFinal()).isBetween(0.0, 100.0);
                assertThat(p.lower()).isBetween(0.0, p.predictedFinal());
                assertThat(p.upper()).isBetween(p.predictedFinal(), 100.0);
            }
        }
    }
}
