package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.PopulationPolicy;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.engine.population.Population;
import org.peng4nn.engine.population.SearchState;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.predictor.replay.CurveReplay;
import org.peng4nn.topics.SearchPartitioner;

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

            // rebuilt from the store's records, as after a restart
            SearchState search = SearchStore.read(p.searches(), "s1");
            assertThat(search.started()).isEqualTo(curves.size());
            assertThat(search.finished().size()).isEqualTo(curves.size());
            assertThat(search.populations().get(25).size()).isEqualTo(curves.size() - offline.stopped());
            KeyValueStore<String, ModelRecord> models = p.models();
            List<Integer> ordinals = new ArrayList<>();
            curves.forEach(c -> ordinals.add(models.get(c.modelId()).ordinal()));
            assertThat(ordinals).isSorted().doesNotHaveDuplicates().startsWith(0).endsWith(curves.size() - 1);
        }
    }

    /**
     * Events on their search's partition (a producer with {@code SearchPartitioner}) are decided where they
     * arrive; the others go through the repartition topic. Four searches, two on each way, interleaved in one
     * stream: the outputs are the same, record for record, as when every event takes the one way or the other.
     */
    @Test
    void eventsOnTheirSearchsPartitionAndRegroupedEventsGetTheSameDecisions() {
        int partitions = 4;
        List<String> home = new ArrayList<>();
        List<String> away = new ArrayList<>();
        for (int i = 0; home.size() < 2 || away.size() < 2; i++) {
            String searchId = "search-" + i;
            List<String> way = SearchPartitioner.partitionOf(searchId, partitions) == 0 ? home : away;
            if (way.size() < 2) {
                way.add(searchId);
            }
        }
        List<String> searchIds = List.of(home.get(0), away.get(0), home.get(1), away.get(1));
        List<LabeledCurve> curves = A4nnLabeledCurves.load();

        Outputs bothWays = runInterleaved(curves, searchIds, OptionalInt.of(partitions));
        Outputs allRegrouped = runInterleaved(curves, searchIds, OptionalInt.empty());
        Outputs allHome = runInterleaved(curves, searchIds, OptionalInt.of(1));

        assertThat(bothWays.regrouped()).as("only the events of the two searches off partition 0 were regrouped")
                .isPositive().isEqualTo(bothWays.sent() - bothWays.sentFor(home)).isLessThan(bothWays.sent());
        assertThat(allRegrouped.regrouped()).isEqualTo(allRegrouped.sent());
        assertThat(allHome.regrouped()).isZero();
        assertThat(bothWays.results()).hasSize(curves.size()).isEqualTo(allRegrouped.results())
                .isEqualTo(allHome.results());
        assertThat(bothWays.stops()).isNotEmpty().isEqualTo(allRegrouped.stops()).isEqualTo(allHome.stops());
        assertThat(bothWays.predictions()).isEqualTo(allRegrouped.predictions()).isEqualTo(allHome.predictions());
        assertThat(bothWays.stops()).allSatisfy(kv -> assertThat(kv.key).isEqualTo(kv.value.getModelId()));
    }

    /** What a run of the topology emitted, in order, and how many of its events took the repartition topic. */
    private record Outputs(List<KeyValue<String, ModelResult>> results, List<KeyValue<String, StopCommand>> stops,
                           List<KeyValue<String, Prediction>> predictions, int regrouped, Map<String, Integer> sentBySearch) {
        int sent() {
            return sentBySearch.values().stream().mapToInt(Integer::intValue).sum();
        }

        int sentFor(List<String> searchIds) {
            return searchIds.stream().mapToInt(s -> sentBySearch.getOrDefault(s, 0)).sum();
        }
    }

    /**
     * Curve k belongs to search k mod 4; all models train at once, one evaluation each per round, until the
     * predictor stops them or their curve ends.
     */
    private static Outputs runInterleaved(List<LabeledCurve> curves, List<String> searchIds,
            OptionalInt epochsPartitions) {
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(PopulationPolicy.NAME, Map.of()),
                epochsPartitions)) {
            TestOutputTopic<String, byte[]> repartition = p.driver.createOutputTopic(
                    "predictor-test-" + PredictorTopology.BY_SEARCH + "-repartition",
                    Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
            List<KeyValue<String, ModelResult>> results = new ArrayList<>();
            List<KeyValue<String, StopCommand>> stops = new ArrayList<>();
            List<KeyValue<String, Prediction>> predictions = new ArrayList<>();
            Map<String, Integer> sent = new HashMap<>();
            java.util.Set<String> done = new java.util.HashSet<>();
            int longest = curves.stream().mapToInt(LabeledCurve::size).max().orElseThrow();
            for (int i = 0; i < longest; i++) {
                for (int k = 0; k < curves.size(); k++) {
                    LabeledCurve curve = curves.get(k);
                    if (i >= curve.size() || done.contains(curve.modelId())) {
                        continue;
                    }
                    String searchId = searchIds.get(k % searchIds.size());
                    p.send(EpochMetric.newBuilder(event(curve, i)).setSearchId(searchId).build());
                    sent.merge(searchId, 1, Integer::sum);
                    p.results.readKeyValuesToList().forEach(r -> {
                        results.add(r);
                        done.add(r.key);
                    });
                    stops.addAll(p.control.readKeyValuesToList());
                    predictions.addAll(p.predictions.readKeyValuesToList());
                }
            }
            assertThat(p.dlq.isEmpty()).isTrue();
            return new Outputs(results, stops, predictions, repartition.readRecordsToList().size(), sent);
        }
    }

    /**
     * The searches store holds a head and one small record per finished model, not the whole search: a finished
     * curve that leaves a full population leaves the store too, and the search rebuilt from the records (as after a
     * restart) has the latest curves, in the order they finished, and every finished model's fitness.
     */
    @Test
    void theStoreKeepsOneRecordPerFinishedModelAndOnlyThePopulationsCurves() {
        int capacity = 3;
        List<LabeledCurve> curves = A4nnLabeledCurves.load();
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(PopulationPolicy.NAME,
                Map.of("capacity", Integer.toString(capacity), "min_curves", "2")))) {
            List<String> completed = new ArrayList<>();
            for (LabeledCurve curve : curves) {
                for (int i = 0; i < curve.size(); i++) {
                    p.send(event(curve, i));
                    if (p.results.readRecordsToList().stream()
                            .anyMatch(r -> r.value().getStatus() == ResultStatus.COMPLETED)) {
                        completed.add(curve.modelId());
                    }
                    if (p.models().get(curve.modelId()).status().finished()) {
                        break;
                    }
                }
            }
            SearchState search = SearchStore.read(p.searches(), "s1");
            assertThat(search.started()).isEqualTo(curves.size());
            assertThat(search.finished().size()).isEqualTo(curves.size());
            assertThat(completed).hasSizeGreaterThan(capacity);
            List<double[]> expected = completed.subList(completed.size() - capacity, completed.size()).stream()
                    .map(id -> curves.stream().filter(c -> c.modelId().equals(id)).findFirst().orElseThrow()
                            .accuracies()).toList();
            assertThat(search.populations().get(25).curves()).as("the latest completed curves, oldest first")
                    .containsExactlyElementsOf(expected);

            int records = 0;
            int withCurves = 0;
            try (var all = p.searches().prefixScan("s1" + SearchStore.SEPARATOR,
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                while (all.hasNext()) {
                    SearchStateCodec.Finished f = SearchStateCodec.decodeFinished(all.next().value);
                    records++;
                    withCurves += f.curve() == null ? 0 : 1;
                }
            }
            assertThat(records).as("one record per finished model").isEqualTo(curves.size());
            assertThat(withCurves).as("curves kept in the store").isEqualTo(capacity);
            assertThat(p.searches().get("s1")).as("the head is a few bytes").hasSize(14);
        }
    }

    /** A search stored whole by an earlier build (version 1) carries on where it was, and is rewritten split. */
    @Test
    void aSearchStoredWholeByAnEarlierBuildCarriesOn() {
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(PopulationPolicy.NAME, Map.of()))) {
            SearchState earlier = new SearchState(5, FinishedFitness.of(70.0, 80.5),
                    Map.of(25, Population.empty(25, 500).with(PredictorFixture.smoothCurve(25))), 500);
            p.searches().put("s1", SearchStateCodec.encode(earlier));

            p.sendCurve("m6", 1, PredictorFixture.smoothCurve(25), 2);
            assertThat(p.models().get("m6").ordinal()).as("the sixth model of the search").isEqualTo(5);
            assertThat(SearchStateCodec.version(p.searches().get("s1"))).isEqualTo(SearchStateCodec.SPLIT_VERSION);
            SearchState now = SearchStore.read(p.searches(), "s1");
            assertThat(now.started()).isEqualTo(6);
            assertThat(now.finished()).isEqualTo(earlier.finished());
            assertThat(now.populations()).isEqualTo(earlier.populations());
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
            SearchState search = SearchStore.read(p.searches(), "s1");
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

    /** The milestones an event carries reach the policy: no stop on a plateau that a scheduled cut will end. */
    @Test
    void noStopBeforeAMilestoneTheEventsDeclare() {
        SearchPolicies policies = SearchPolicies.of(PopulationPolicy.NAME, Map.of("calibration_first", "0"));
        double[] curve = PredictorFixture.smoothCurve(25);
        double unscheduled;
        try (PredictorFixture p = new PredictorFixture(policies)) {
            p.sendCurve("m1", 1, curve, 25);
            unscheduled = p.stops().get(0).value().getAtEpoch();
        }
        assertThat(unscheduled).isLessThan(20);
        try (PredictorFixture p = new PredictorFixture(policies)) {
            for (int i = 0; i < 25; i++) {
                p.send(PredictorFixture.event("m1", 1, i, 25, curve[i]).setLrMilestones(List.of(20.0)).build());
            }
            assertThat(p.stops()).allSatisfy(s -> assertThat(s.value().getAtEpoch()).isGreaterThanOrEqualTo(20));
            assertThat(p.models().get("m1").state().curve().size()).isGreaterThan(20);
        }
    }

    @Test
    void anEventWithImpossibleMilestonesIsADeadLetterWithTheReason() {
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(PopulationPolicy.NAME, Map.of()))) {
            p.send(PredictorFixture.event("m1", 1, 0, 25, 50).setLrMilestones(List.of(-3.0)).build());
            var dead = p.dlq.readRecordsToList();
            assertThat(dead).hasSize(1);
            assertThat(new String(dead.get(0).headers().lastHeader(EpochProcessor.REASON).value(),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("lr_milestones");
            assertThat(p.models().get("m1")).isNull();
        }
    }

    private static EpochMetric event(LabeledCurve curve, int i) {
        return PredictorFixture.event(curve.modelId(), 1, curve.epochs()[i], CurveReplay.maxEpochs(curve),
                curve.accuracies()[i]).setEvalInterval(curve.interval() == 1.0 ? null : curve.interval()).build();
    }
}
