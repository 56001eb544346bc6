package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.A4nnCurves;

/**
 * Acceptance: the penguin policy reproduces PENGUIN's recorded predictions and convergence on the
 * 100 real curves bundled with the project.
 */
class PenguinParityTest {

    @Test
    void reproducesPenguinOnTheRealCurves() {
        List<A4nnCurves.Model> models = A4nnCurves.load();
        assertThat(models).hasSize(100);
        // a window nobody reaches keeps the policy predicting at every epoch, for the prediction figures
        StoppingPolicy neverStops = new PenguinPolicy(PenguinPolicy.DEFAULT_THRESHOLD, 1_000, PenguinPolicy.DEFAULT_C_MIN);
        StoppingPolicy reference = Policies.byName("penguin");

        double[] diffs = new double[2_500];
        int both = 0;
        int finiteMismatch = 0;
        int compared = 0;
        int sameFirstConverged = 0;
        for (A4nnCurves.Model model : models) {
            ModelState all = neverStops.start(model.size(), 1.0);
            ModelState stopping = reference.start(model.size(), 1.0);
            int firstStop = -1;
            for (int i = 0; i < model.size(); i++) {
                all = neverStops.observe(all, model.epochs()[i], model.accuracies()[i], FinishedFitness.EMPTY);
                stopping = reference.observe(stopping, model.epochs()[i], model.accuracies()[i], FinishedFitness.EMPTY);
                if (firstStop < 0 && stopping.decision().stopped()) {
                    firstStop = i;
                }
                double ours = all.latest() == null ? Double.POSITIVE_INFINITY : all.latest().predictedFinal();
                if (all.latest() != null && all.latest().epoch() != model.epochs()[i]) {
                    ours = Double.POSITIVE_INFINITY;
                }
                double recorded = model.recordedPredictions()[i];
                compared++;
                if (Double.isFinite(ours) && Double.isFinite(recorded)) {
                    diffs[both++] = Math.abs(ours - recorded);
                } else if (Double.isFinite(ours) != Double.isFinite(recorded)) {
                    finiteMismatch++;
                }
            }
            if (firstStop == model.firstConverged()) {
                sameFirstConverged++;
            } else {
                System.out.printf("parity: model %s first converged epoch ours %d, PENGUIN %d%n", model.id(), firstStop,
                        model.firstConverged());
            }
        }
        double[] d = Arrays.copyOf(diffs, both);
        Arrays.sort(d);
        double median = both % 2 == 1 ? d[both / 2] : (d[both / 2 - 1] + d[both / 2]) / 2;
        long within = Arrays.stream(d).filter(v -> v <= 0.1).count();
        double share = (double) within / both;
        System.out.printf("penguin parity: %d epochs compared, %d both finite, %d finite/inf mismatches; "
                + "median |diff| %.3g pp, max %.3g pp, %.2f%% within 0.1 pp; first converged epoch equal for %d of %d "
                + "models%n", compared, both, finiteMismatch, median, d[both - 1], 100 * share, sameFirstConverged,
                models.size());

        assertThat(median).isLessThanOrEqualTo(0.01);
        assertThat(share).isGreaterThanOrEqualTo(0.95);
        assertThat(sameFirstConverged).isGreaterThanOrEqualTo(90);
    }
}
