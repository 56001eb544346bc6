package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;
import org.peng4nn.engine.population.Population;
import org.peng4nn.engine.population.SearchView;

class PopulationPolicyTest {

    private static final int LENGTH = 20;

    /** A search of exponential curves whose learning rate drops at {@code milestone}, lifting each curve by 5 pp. */
    private static List<LabeledCurve> steppedSearch(int models, int milestone, long seed) {
        Random random = new Random(seed);
        List<LabeledCurve> curves = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            double a = 55 + 30 * random.nextDouble();
            double[] epochs = new double[LENGTH];
            double[] acc = new double[LENGTH];
            for (int t = 0; t < LENGTH; t++) {
                epochs[t] = t;
                acc[t] = a - 40 * Math.pow(0.5, t) + (t >= milestone ? 5 * (1 - Math.pow(0.3, t - milestone + 1)) : 0)
                        + 0.2 * random.nextGaussian();
            }
            curves.add(new LabeledCurve("m" + i, epochs, acc, 0));
        }
        return curves;
    }

    private static EvaluationReport evaluate(StoppingPolicy policy, List<LabeledCurve> curves, int workers,
            double... milestones) {
        return new Evaluator(policy, workers, milestones, () -> 0L).evaluate(curves, (done, total) -> { });
    }

    @Test
    void calibrationRunsAreTheFirstModelsThenOneInN() {
        PopulationPolicy p = PopulationPolicy.defaults();
        List<Integer> calibration = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            if (p.calibrationRun(i)) {
                calibration.add(i);
            }
        }
        assertThat(calibration).containsExactly(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 29, 39);
    }

    @Test
    void learnsWhatTheMilestoneDoesAndStopsEarlyWithoutMissingTheJump() {
        List<LabeledCurve> curves = steppedSearch(200, 12, 1);
        EvaluationReport r = evaluate(PopulationPolicy.defaults(), curves, 2, 12);
        assertThat(r.calibrationRuns()).isEqualTo(28);
        assertThat(r.epochsSaved()).isGreaterThan(0.4);
        assertThat(r.mae()).isLessThan(1.0);
        // stopped before the milestone, yet predicted the level after it
        long beforeJump = r.outcomes().stream().filter(o -> o.stoppedEarly() && o.stopIndex() < 12).count();
        assertThat(beforeJump).isGreaterThan(100);
        PopulationPolicy policy = PopulationPolicy.defaults();
        for (int i = 0; i < curves.size(); i++) {
            if (policy.calibrationRun(i)) {
                assertThat(r.outcomes().get(i).stoppedEarly()).as("calibration run %d", i).isFalse();
            }
        }
    }

    @Test
    void aSmallSearchStillStopsSomeModels() {
        // the demo's case: 6 models of 8 epochs, 2 workers; curves plateau by epoch 5. The population
        // never decides (too few curves), so calibration must leave models to the ensemble
        Random random = new Random(8);
        List<LabeledCurve> curves = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double a = 60 + 30 * random.nextDouble();
            double[] epochs = new double[8];
            double[] acc = new double[8];
            for (int t = 0; t < 8; t++) {
                epochs[t] = t;
                acc[t] = a - 30 * Math.pow(0.3, t) + 0.05 * random.nextGaussian();
            }
            curves.add(new LabeledCurve("m" + i, epochs, acc, 0));
        }
        EvaluationReport r = evaluate(PopulationPolicy.defaults(), curves, 2);
        assertThat(r.calibrationRuns()).isEqualTo(3);
        assertThat(r.stopped()).isGreaterThan(0);
        assertThat(r.epochsSaved()).isGreaterThan(0);
        for (int i = 0; i < 6; i += 2) {
            assertThat(r.outcomes().get(i).stoppedEarly()).as("calibration run %d", i).isFalse();
        }
    }

    @Test
    void saturatedCurvesStopWithAnIntervalThatEndsAt100AndCoversTheirFinals() {
        // A4NN-like: most curves reach 100.00 %. An interval above 100 would miss every final of 100
        // and straddle a top bar of 100 forever; clipped to [0, 100] it covers them and may stop.
        Random random = new Random(9);
        List<LabeledCurve> curves = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double[] epochs = new double[LENGTH];
            double[] acc = new double[LENGTH];
            double rate = 0.4 + 0.3 * random.nextDouble();
            for (int t = 0; t < LENGTH; t++) {
                epochs[t] = t;
                acc[t] = Math.min(100, 101 - 25 * Math.pow(rate, t) - Math.abs(0.3 * random.nextGaussian()));
            }
            curves.add(new LabeledCurve("m" + i, epochs, acc, 0));
        }
        EvaluationReport r = evaluate(PopulationPolicy.defaults(), curves, 2);
        assertThat(r.epochsSaved()).isGreaterThan(0.5);
        assertThat(r.mae()).isLessThan(0.2);
        assertThat(r.intervalCoverage()).isGreaterThan(0.85);
        for (ModelOutcome o : r.outcomes()) {
            if (o.prediction() != null) {
                assertThat(o.prediction().upper()).isLessThanOrEqualTo(100);
                assertThat(o.prediction().lower()).isGreaterThanOrEqualTo(0);
            }
        }
    }

    @Test
    void beforeThePopulationDecidesNoStopComesBeforeAMilestoneAhead() {
        // plateaus by epoch 8: the per-curve ensemble alone would stop them there, before the drop at 15
        List<LabeledCurve> curves = steppedSearch(1, 15, 2);
        EnsemblePolicy.Config exponential = new EnsemblePolicy.Config(
                List.of(org.peng4nn.engine.curve.Peng4nnFamily.INSTANCE), 0.5, 3, 0.2, 0, 2, 3, 0);
        StoppingPolicy alone = new PopulationPolicy(new PopulationPolicy.Config(1.0, 0.9, 10, 0, 10, 2.0, 0.1, 1.0, 500,
                exponential));
        EvaluationReport without = evaluate(alone, curves, 1);
        EvaluationReport with = evaluate(alone, curves, 1, 15);
        ModelOutcome free = without.outcomes().get(0);
        ModelOutcome held = with.outcomes().get(0);
        assertThat(free.stoppedEarly()).isTrue();
        assertThat(free.stopIndex()).isLessThan(15);
        assertThat(!held.stoppedEarly() || held.stopIndex() >= 15).as("stop at %d", held.stopIndex()).isTrue();
    }

    @Test
    void sameEventsGiveTheSameDecisionsWhateverRanBefore() {
        List<LabeledCurve> curves = steppedSearch(120, 10, 3);
        EvaluationReport a = evaluate(PopulationPolicy.defaults(), curves, 3, 10);
        // a second policy instance, after other work in this JVM, must decide the same to the bit
        evaluate(PopulationPolicy.defaults(), steppedSearch(50, 5, 4), 2, 5);
        EvaluationReport b = evaluate(PopulationPolicy.defaults(), curves, 3, 10);
        assertThat(b.outcomes()).isEqualTo(a.outcomes());
    }

    @Test
    void theEvaluatorShowsAModelOnlyTheCurvesThatHadFinished() {
        List<Integer> seen = new ArrayList<>();
        StoppingPolicy spy = new StoppingPolicy() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public ModelState start(double maxEpochs, double interval) {
                return ModelState.start(maxEpochs, interval);
            }

            @Override
            public int populationCapacity() {
                return 100;
            }

            @Override
            public ModelState observe(ModelState state, double epoch, double accuracy, FinishedFitness finished) {
                return state.withCurve(state.curve().with(epoch, accuracy));
            }

            @Override
            public ModelState observe(ModelState state, double epoch, double accuracy, SearchView search) {
                if (epoch == 0) {
                    seen.add(search.population().size());
                }
                return observe(state, epoch, accuracy, search.finished());
            }
        };
        evaluate(spy, steppedSearch(6, 10, 5), 2);
        // two workers, equal lengths: models 0-1 run together, 2-3 start after both finished, and so on
        assertThat(seen).containsExactly(0, 0, 2, 2, 4, 4);
    }

    @Test
    void aModelWhoseIntervalStraddlesTheTopBarTrainsOn() {
        Population population = Population.empty(LENGTH, 500);
        for (LabeledCurve c : steppedSearch(50, 12, 6)) {
            population = population.with(c.accuracies());
        }
        LabeledCurve model = steppedSearch(1, 12, 7).get(0);
        PopulationPolicy policy = PopulationPolicy.defaults();
        ModelState state = policy.start(LENGTH, 1);
        for (int t = 0; t < 6; t++) {
            state = state.withCurve(state.curve().with(t, model.accuracies()[t]));
        }
        double[] prefix = java.util.Arrays.copyOf(model.accuracies(), 7);
        double bar = population.estimate(prefix, 7, 0.9).predicted();
        double[] fitness = new double[50];
        java.util.Arrays.fill(fitness, bar);
        ModelState next = policy.observe(state, 6, model.accuracies()[6], new SearchView(FinishedFitness.of(fitness),
                population, 50, new double[0]));
        assertThat(next.latest().lower()).isLessThan(bar);
        assertThat(next.latest().upper()).isGreaterThan(bar);
        assertThat(next.decision().stopped()).isFalse();
        // the same evaluation with no bar yet: the interval alone is narrow enough to stop
        ModelState unranked = policy.observe(state, 6, model.accuracies()[6], new SearchView(FinishedFitness.EMPTY,
                population, 50, new double[0]));
        assertThat(unranked.decision().stopped()).isTrue();
    }
}
