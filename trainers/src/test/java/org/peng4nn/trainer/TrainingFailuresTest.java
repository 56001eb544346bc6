package org.peng4nn.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.SplitOptions;
import org.peng4nn.datasets.SyntheticShapes;

class TrainingFailuresTest {

    private static final Dataset SMALL = SyntheticShapes.load(SplitOptions.defaults().withLimit(300));
    private static final Architecture TINY = Architecture.parse("conv3x8+max|dense16");

    @Test
    void absurdLearningRateEndsAsFailedNotAsAnException() {
        Training training = new Training(SMALL, new TrainingSettings(1e30, 16, 1, 1.0, 5), "nan", false);

        TrainingOutcome outcome = training.run(TINY, () -> false, evaluation -> { });

        assertThat(outcome).isInstanceOf(TrainingOutcome.Failed.class);
        assertThat(((TrainingOutcome.Failed) outcome).message()).contains("loss became");
        assertThat(outcome.epochsTrained()).isLessThan(5);
    }

    @Test
    void stopLandsWithinOneEvaluationStep() {
        // Stop requested right after the second evaluation: no third one may be reported.
        Training training = new Training(SMALL, new TrainingSettings(1e-3, 16, 1, 0.5, 5), "stop", false);
        List<Evaluation> seen = new ArrayList<>();

        TrainingOutcome outcome = training.run(TINY, () -> seen.size() >= 2, seen::add);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Stopped.class);
        assertThat(seen).extracting(Evaluation::epoch).containsExactly(0.0, 0.5);
        assertThat(outcome.epochsTrained()).isEqualTo(1.0);
    }

    @Test
    void halfEpochEvaluationsSplitEachEpochInTwo() {
        AtomicInteger evaluations = new AtomicInteger();
        Training training = new Training(SMALL, new TrainingSettings(1e-3, 16, 1, 0.5, 2), "half", false);

        TrainingOutcome outcome = training.run(TINY, () -> false, evaluation -> evaluations.incrementAndGet());

        assertThat(outcome).isInstanceOf(TrainingOutcome.Completed.class);
        assertThat(evaluations).hasValue(4);
        assertThat(outcome.last()).get().extracting(Evaluation::epoch).isEqualTo(1.5);
    }

    @Test
    void hyperParametersAreReadWithDefaultsAndClearErrors() {
        TrainingSettings settings = TrainingSettings.fromHyperParameters(
                Map.of("learning_rate", "0.01", "eval_interval", "0.25", "other", "x"), 10);

        assertThat(settings.learningRate()).isEqualTo(0.01);
        assertThat(settings.batchSize()).isEqualTo(TrainingSettings.DEFAULT_BATCH_SIZE);
        assertThat(settings.totalSteps()).isEqualTo(40);
        assertThatThrownBy(() -> TrainingSettings.fromHyperParameters(Map.of("batch_size", "big"), 10))
                .hasMessageContaining("batch_size='big'");
        assertThatThrownBy(() -> TrainingSettings.fromHyperParameters(Map.of("eval_interval", "0.3"), 10))
                .hasMessageContaining("eval_interval");
    }
}
