package org.peng4nn.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.SplitOptions;
import org.peng4nn.datasets.SyntheticShapes;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.TrainingJobs;

/** A job's learning-rate milestones: the trainer cuts the rate at the declared epochs and stamps them on its events. */
class LearningRateScheduleTest {

    private static final Dataset SMALL = SyntheticShapes.load(SplitOptions.defaults().withLimit(300));
    private static final Architecture TINY = Architecture.parse("conv3x8+max|dense16");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void theRateDropsByTheDecayAtEachDeclaredEpochAndNowhereElse() {
        // two evaluations per epoch, so a cut must hold for the whole epoch, not only at its start
        TrainingSettings settings = new TrainingSettings(1e-2, 32, 1, 0.5, 5, LrMilestones.of(1, 3), 0.1);
        ComputationGraph network = NetworkBuilder.build(TINY, SMALL.shape(), SMALL.classes(), settings);
        List<double[]> seen = new ArrayList<>();

        TrainingOutcome outcome = new Training(SMALL, settings, "stepped", false).run(network, () -> false,
                evaluation -> seen.add(new double[] {evaluation.epoch(),
                        network.getLearningRate(NetworkBuilder.OUTPUT)}));

        assertThat(outcome).isInstanceOf(TrainingOutcome.Completed.class);
        double[] expected = {1e-2, 1e-2, 1e-3, 1e-3, 1e-3, 1e-3, 1e-4, 1e-4, 1e-4, 1e-4};
        assertThat(seen).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(seen.get(i)[1]).as("rate at epoch %.1f", seen.get(i)[0]).isCloseTo(expected[i], within(1e-12));
        }
    }

    @Test
    void withoutMilestonesTheRateStaysConstant() {
        TrainingSettings settings = new TrainingSettings(2e-3, 32, 1, 1.0, 3);
        ComputationGraph network = NetworkBuilder.build(TINY, SMALL.shape(), SMALL.classes(), settings);
        List<Double> rates = new ArrayList<>();

        new Training(SMALL, settings, "constant", false).run(network, () -> false,
                evaluation -> rates.add(network.getLearningRate(NetworkBuilder.OUTPUT)));

        assertThat(rates).containsExactly(2e-3, 2e-3, 2e-3);
    }

    @Test
    void aJobsMilestonesAndDecayReachTheSettingsAndEveryEvent() {
        TrainingJob job = TrainingJobs.firstRun("s", "m", TINY.toString(), "synthetic", 25,
                Map.of("learning_rate", "0.01", "lr_decay", "0.5"), LrMilestones.of(20, 10), NOW);

        TrainingSettings settings = TrainingSettings.fromJob(job);

        assertThat(settings.lrMilestones()).isEqualTo(LrMilestones.of(10, 20));
        assertThat(settings.lrDecay()).isEqualTo(0.5);
        assertThat(settings.learningRateAt(9)).isEqualTo(0.01);
        assertThat(settings.learningRateAt(10)).isEqualTo(0.005);
        assertThat(settings.learningRateAt(24)).isEqualTo(0.0025);
        EpochMetric event = TrainingEvents.epochMetric(job, "t", settings, new Evaluation(3, 3.0, 71.5, 0.8, 100), NOW);
        assertThat(event.getLrMilestones()).containsExactly(10.0, 20.0);

        TrainingJob constant = TrainingJobs.firstRun("s", "m", TINY.toString(), "synthetic", 25, Map.of(), NOW);
        assertThat(TrainingSettings.fromJob(constant).lrDecay()).isEqualTo(TrainingSettings.DEFAULT_LR_DECAY);
        assertThat(TrainingEvents.epochMetric(constant, "t", TrainingSettings.fromJob(constant),
                new Evaluation(0, 0.0, 50, 1.0, 100), NOW).getLrMilestones()).isEmpty();
    }

    @Test
    void badSchedulesAreRefusedNamingTheHyperParameter() {
        assertThatThrownBy(() -> new TrainingSettings(1e-3, 32, 1, 1.0, 10, LrMilestones.of(2.5), 0.1))
                .hasMessageContaining("lr_milestones").hasMessageContaining("2.5");
        TrainingJob job = TrainingJobs.firstRun("s", "m", TINY.toString(), "synthetic", 25,
                Map.of("lr_decay", "-1"), LrMilestones.of(10), NOW);
        assertThatThrownBy(() -> TrainingSettings.fromJob(job)).hasMessageContaining("lr_decay");
        TrainingJob typo = TrainingJobs.firstRun("s", "m", TINY.toString(), "synthetic", 25,
                Map.of("lr_decay", "tenth"), LrMilestones.of(10), NOW);
        assertThatThrownBy(() -> TrainingSettings.fromJob(typo)).hasMessageContaining("lr_decay='tenth'");
    }
}
