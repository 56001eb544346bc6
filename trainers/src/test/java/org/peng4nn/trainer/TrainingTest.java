package org.peng4nn.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.SplitOptions;
import org.peng4nn.datasets.SyntheticShapes;

class TrainingTest {

    private static final Dataset SYNTHETIC = SyntheticShapes.load(SplitOptions.defaults().withLimit(
            Integer.getInteger("synthetic.limit", 2400)));

    @Test
    void learnsTheSyntheticDatasetClearlyAboveChance() {
        int epochs = Integer.getInteger("synthetic.epochs", 6);
        Training training = new Training(SYNTHETIC, new TrainingSettings(2e-3, 32, 7, 1.0, epochs), "learner", false);
        List<Evaluation> curve = new ArrayList<>();

        TrainingOutcome outcome = training.run(Architecture.parse(System.getProperty("synthetic.arch",
                "conv3x16+max,conv3x32+max|dense0")), () -> false, curve::add);

        curve.forEach(e -> System.out.printf("epoch %.1f val %.1f%% loss %.3f %d ms%n", e.epoch(), e.valAccuracy(),
                e.loss(), e.durationMillis()));
        assertThat(outcome).isInstanceOf(TrainingOutcome.Completed.class);
        assertThat(curve).hasSize(epochs);
        assertThat(curve).extracting(Evaluation::epoch).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0, 5.0);
        double chance = 100.0 / SyntheticShapes.CLASSES;
        assertThat(curve.get(curve.size() - 1).valAccuracy())
                .as("final validation accuracy, chance is %.1f%%", chance).isGreaterThan(2 * chance);
        assertThat(curve.get(curve.size() - 1).valAccuracy()).isGreaterThan(curve.get(0).valAccuracy());
    }
}
