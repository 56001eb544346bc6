package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.PopulationPolicy;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.engine.population.SearchState;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.predictor.replay.CurveReplay;

/**
 * A policy that learns from its search, through the real topology: the predictor regroups a
 * search's events, counts its models and keeps its finished curves exactly as {@code evaluate} does,
 * so the same interleaving of events gives the same decisions.
 */
class SearchLearningTopologyTest {

    /**
     * The 100 real A4NN curves, sent as {@code evaluate --workers W} simulates a search: W workers
     * take models in file order, report one evaluation each per round, and a worker whose model the
     * predictor stopped (or that completed) takes the next model.
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 100})
    void realCurvesInEvaluatesWorkerInterleavingGetEvaluatesDecisions(int workers) {
        List<LabeledCurve> curves = A4nnLabeledCurves.load();
        StoppingPolicy policy = Policies.byName(PopulationPolicy.NAME);
        EvaluationReport offline = new Evaluator(policy, workers, new double[0], () -> 0L)
                .evaluate(curves, (done, total) -> { });

        Map<String, ModelResult> results = new HashMap<>();
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(PopulationPolicy.NAME, Map.of()))) {
            LabeledCurve[] slot = new LabeledCurve[workers];
            int[] next = new int[workers];
            int started = 0;
            while (results.size() < curves.size()) {
                for (int s = 0; s < workers; s++) {
                    if (slot[s] == null && started < curves.size()) {
                        slot[s] = curves.get(started++);
                        next[s] = 0;
                    }
                }
                for (int s = 0; s < workers; s++) {
                    if (slot[s] == null) {
                        continue;
                    }
                    p.send(event(slot[s], next[s]++));
                    p.results.readRecordsToList().forEach(r -> {
                        assertThat(r.key()).as("results are keyed by model_id").isEqualTo(r.value().getModelId());
                        results.put(r.getKey(), r.value());
                    });
                    p.control.readRecordsToList().forEach(r -> assertThat(r.key()).as("stops are keyed by model_id")
                            .isEqualTo(r.value().getModelId()));
                    p.predictions.readRecordsToList().forEach(r -> assertThat(r.key())
                            .as("predictions are keyed by model_id").isEqualTo(r.value().getModelId()));
                    if (results.containsKey(slot[s].modelId())) {
                        slot[s] = null;
                    }
                }
            }

            int stopped = 0;
            for (ModelOutcome expected : offline.outcomes()) {
                ModelResult actual = results.get(expected.modelId());
                boolean stoppedEarly = actual.getStatus() == ResultStatus.STOPPED_EARLY;
                assertThat(stoppedEarly).as("%s stopped early", expected.modelId()).isEqualTo(expected.stoppedEarly());
                if (stoppedEarly) {
                    stopped++;
                    assertThat(actual.getEpochsUsed()).as("epochs used by %s", expected.modelId())
                            .isEqualTo(expected.stopIndex() + 1);
                    assertThat(actual.getFitness()).as("fitness of %s", expected.modelId())
                            .isEqualTo(expected.fitness());
                }
            }
            assertThat(stopped).isEqualTo(offline.stopped()).isPositive();

            KeyValueStore<String, SearchState> searches = p.driver.getKeyValueStore(PredictorTopology.SEARCHES_STORE);
            SearchState search = searches.get("s1");
            assertThat(search.started()).isEqualTo(curves.size());
            assertThat(search.finished().size()).isEqualTo(curves.size());
            assertThat(search.populations().get(25).size()).isEqualTo(curves.size() - offline.stopped());
            KeyValueStore<String, ModelRecord> models = p.models();
            List<Integer> ordinals = new ArrayList<>();
            curves.forEach(c -> ordinals.add(models.get(c.modelId()).ordinal()));
            assertThat(ordinals).isSorted().doesNotHaveDuplicates().startsWith(0).endsWith(curves.size() - 1);
        }
    }

    /** A retried run of a model keeps its place in the search: it is not a new model. */
    @Test
    void aRetriedRunKeepsItsOrdinal() {
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(PopulationPolicy.NAME, Map.of()))) {
            double[] curve = PredictorFixture.smoothCurve(25);
            p.sendCurve("m1", 1, curve, 3);
            p.sendCurve("m2", 1, curve, 3);
            p.sendCurve("m1", 2, curve, 3);
            assertThat(p.models().get("m1").ordinal()).isZero();
            assertThat(p.models().get("m1").run()).isEqualTo(2);
            assertThat(p.models().get("m2").ordinal()).isEqualTo(1);
            SearchState search = p.driver.<String, SearchState>getKeyValueStore(PredictorTopology.SEARCHES_STORE)
                    .get("s1");
            assertThat(search.started()).isEqualTo(2);
        }
    }

    /** Policies that read only the model's own curve keep no search state and count no models. */
    @Test
    void aPerModelPolicyKeepsNoSearchState() {
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(Policies.REFERENCE, Map.of()))) {
            p.sendCurve("m1", 1, PredictorFixture.smoothCurve(25), 25);
            assertThat(p.models().get("m1").ordinal()).isEqualTo(ModelRecord.NO_ORDINAL);
            assertThat(p.driver.getKeyValueStore(PredictorTopology.SEARCHES_STORE).get("s1")).isNull();
            assertThat(p.stops()).hasSize(1);
        }
    }

    private static EpochMetric event(LabeledCurve curve, int i) {
        return PredictorFixture.event(curve.modelId(), 1, curve.epochs()[i], CurveReplay.maxEpochs(curve),
                curve.accuracies()[i]).setEvalInterval(curve.interval() == 1.0 ? null : curve.interval()).build();
    }
}
