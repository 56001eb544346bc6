package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.peng4nn.predictor.PredictorFixture.event;
import static org.peng4nn.predictor.PredictorFixture.smoothCurve;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.policy.EnsemblePolicy;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;

/** Every event semantic of the predictor, through the real topology in a TopologyTestDriver. */
class PredictorTopologyTest {

    private static final SearchPolicies PENGUIN = SearchPolicies.of(Policies.REFERENCE, Map.of());
    /** Predicts but never converges within a 25-epoch budget: it wants 1,000 agreeing predictions. */
    private static final SearchPolicies NEVER = SearchPolicies.of(Policies.REFERENCE, Map.of("window", "1000"));

    @Test
    void predictsThenStopsOnceWithOneEarlyResult() {
        try (PredictorFixture p = new PredictorFixture(PENGUIN)) {
            double[] curve = smoothCurve(25);
            p.sendCurve("m1", 1, curve, 25);

            List<TestRecord<String, StopCommand>> stops = p.stops();
            assertThat(stops).hasSize(1);
            StopCommand stop = stops.get(0).value();
            assertThat(stops.get(0).key()).isEqualTo("m1");
            assertThat(stop.getReason()).isEqualTo(StopReason.CONVERGED);
            assertThat(stop.getAtEpoch()).isLessThan(10);
            assertThat(stop.getPredictedFinal()).isCloseTo(90.0, org.assertj.core.data.Offset.offset(0.5));

            List<ModelResult> results = p.results.readValuesToList();
            assertThat(results).hasSize(1);
            ModelResult result = results.get(0);
            assertThat(result.getStatus()).isEqualTo(ResultStatus.STOPPED_EARLY);
            assertThat(result.getFitness()).isEqualTo(stop.getPredictedFinal());
            assertThat(result.getEpochsUsed()).isEqualTo(stop.getAtEpoch() + 1);

            List<Prediction> predictions = p.predictions.readValuesToList();
            assertThat(predictions).isNotEmpty();
            assertThat(predictions.get(0).getEpoch()).isEqualTo(3.0); // c_min = 3: the first fit uses epochs 0..3
            assertThat(predictions.get(predictions.size() - 1).getConverged()).isTrue();
            assertThat(p.count("peng4nn.stops", "reason", "CONVERGED")).isEqualTo(1);
        }
    }

    /** A policy of the model's own curve; the search-learning default is compared in SearchLearningTopologyTest. */
    @Test
    void sameDecisionsAsTheEngineAlone() {
        StoppingPolicy policy = Policies.byName(EnsemblePolicy.NAME);
        double[] curve = smoothCurve(25);
        ModelState state = policy.start(25, 1);
        int engineStop = -1;
        for (int i = 0; i < curve.length && engineStop < 0; i++) {
            state = policy.observe(state, i, curve[i], FinishedFitness.EMPTY);
            engineStop = state.decision().stopped() ? i : -1;
        }
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of(EnsemblePolicy.NAME, Map.of()))) {
            p.sendCurve("m1", 1, curve, 25);
            StopCommand stop = p.stops().get(0).value();
            assertThat(stop.getAtEpoch()).isEqualTo(engineStop);
            assertThat(stop.getPredictedFinal()).isEqualTo(state.decision().fitness());
        }
    }

    @Test
    void duplicateEventsChangeNothing() {
        try (PredictorFixture p = new PredictorFixture(NEVER)) {
            double[] curve = smoothCurve(25);
            p.sendCurve("m1", 1, curve, 6);
            List<Prediction> once = p.predictions.readValuesToList();
            ModelRecord before = p.models().get("m1");

            p.sendCurve("m1", 1, curve, 6); // a trainer retrying every send

            assertThat(p.predictions.isEmpty()).isTrue();
            assertThat(p.models().get("m1")).isEqualTo(before);
            assertThat(once).hasSize(3);
            assertThat(p.count("peng4nn.events", "outcome", "duplicate")).isEqualTo(6);
        }
    }

    @Test
    void outOfOrderEpochsArePlacedInOrderAndRefitted() {
        try (PredictorFixture p = new PredictorFixture(NEVER)) {
            double[] curve = smoothCurve(25);
            for (int epoch : new int[] {0, 2, 1, 4, 3, 5}) {
                p.send(event("m1", 1, epoch, 25, curve[epoch]).build());
            }
            ModelRecord record = p.models().get("m1");
            assertThat(record.state().curve().epochs()).containsExactly(0, 1, 2, 3, 4, 5);
            List<Prediction> predictions = p.predictions.readValuesToList();
            assertThat(predictions).extracting(Prediction::getEpoch).containsExactly(4.0, 4.0, 5.0);
            // the refit after the late epoch 3 uses all five points and matches an in-order fit of them
            try (PredictorFixture inOrder = new PredictorFixture(NEVER)) {
                inOrder.sendCurve("m1", 1, curve, 5);
                Prediction reference = inOrder.predictions.readValuesToList().get(1);
                assertThat(predictions.get(1).getPredictedFinal()).isEqualTo(reference.getPredictedFinal());
            }
        }
    }

    @Test
    void eventsAfterTheStopAreCountedAndNeverStopTwice() {
        try (PredictorFixture p = new PredictorFixture(PENGUIN)) {
            double[] curve = smoothCurve(25);
            p.sendCurve("m1", 1, curve, 25);
            ModelRecord record = p.models().get("m1");
            int afterStop = 25 - (int) (record.state().decision().atEpoch() + 1);

            assertThat(p.stops()).hasSize(1);
            assertThat(p.results.readValuesToList()).hasSize(1);
            assertThat(record.status()).isEqualTo(ModelStatus.STOPPED);
            assertThat(record.ignored()).isEqualTo(afterStop);
            assertThat(afterStop).isPositive();
            assertThat(p.count("peng4nn.events", "outcome", "ignored")).isEqualTo(afterStop);
        }
    }

    @Test
    void aNewRunStartsAFreshCurveAndMayStopAgain() {
        try (PredictorFixture p = new PredictorFixture(PENGUIN)) {
            double[] curve = smoothCurve(25);
            p.sendCurve("m1", 1, curve, 25);
            p.sendCurve("m1", 2, curve, 3);
            ModelRecord record = p.models().get("m1");
            assertThat(record.run()).isEqualTo(2);
            assertThat(record.state().curve().size()).isEqualTo(3);
            assertThat(record.status()).isEqualTo(ModelStatus.TRAINING);

            p.send(event("m1", 1, 10, 25, 50).build()); // a straggler of the abandoned run
            assertThat(p.models().get("m1").state().curve().size()).isEqualTo(3);

            p.sendCurve("m1", 2, curve, 25);
            assertThat(p.stops()).extracting(r -> r.value().getRun()).containsExactly(1, 2);
        }
    }

    @Test
    void fractionalEpochsUseTheEvaluationInterval() {
        try (PredictorFixture p = new PredictorFixture(NEVER)) {
            // 10 epochs evaluated every half epoch: 20 points, the last at 9.5
            for (int i = 0; i < 20; i++) {
                double epoch = i * 0.5;
                p.send(event("m1", 1, epoch, 10, 90 - Math.pow(1.2, 8 - i)).setEvalInterval(0.5).build());
            }
            ModelRecord record = p.models().get("m1");
            assertThat(record.state().interval()).isEqualTo(0.5);
            assertThat(record.state().curve().lastEpoch()).isEqualTo(9.5);
            List<ModelResult> results = p.results.readValuesToList();
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.getStatus()).isEqualTo(ResultStatus.COMPLETED);
                assertThat(r.getEpochsUsed()).isEqualTo(10.0);
            });
            assertThat(p.predictions.readValuesToList()).extracting(Prediction::getEpoch).startsWith(3.0, 3.5).endsWith(9.5);
        }
    }

    @Test
    void aModelThatNeverConvergesCompletesWithItsObservedAccuracy() {
        try (PredictorFixture p = new PredictorFixture(NEVER)) {
            double[] curve = smoothCurve(12);
            p.sendCurve("m1", 1, curve, 12);
            assertThat(p.stops()).isEmpty();
            ModelResult result = p.results.readValuesToList().get(0);
            assertThat(result.getStatus()).isEqualTo(ResultStatus.COMPLETED);
            assertThat(result.getFitness()).isEqualTo(curve[11]);
            assertThat(result.getObservedFinal()).isEqualTo(curve[11]);
            assertThat(result.getEpochsUsed()).isEqualTo(12.0);
            assertThat(p.models().get("m1").status()).isEqualTo(ModelStatus.COMPLETED);
        }
    }

    @Test
    void aSearchMayChooseItsOwnPolicy() {
        SearchPolicies policies = NEVER.with("eager", Policies.byName(Policies.REFERENCE, Map.of("threshold", "5")));
        try (PredictorFixture p = new PredictorFixture(policies)) {
            double[] curve = smoothCurve(25);
            for (int i = 0; i < 25; i++) {
                p.send(event("a", 1, i, 25, curve[i]).build());
                p.send(event("b", 1, i, 25, curve[i]).setSearchId("eager").build());
            }
            assertThat(p.stops()).extracting(TestRecord::key).containsExactly("b");
            assertThat(p.models().get("a").status()).isEqualTo(ModelStatus.COMPLETED);
        }
    }

    @Test
    void invalidValuesGoToTheDeadLetterTopicWithReasonAndSource() {
        try (PredictorFixture p = new PredictorFixture(PENGUIN)) {
            p.send(event("m1", 1, 0, 25, Double.NaN).build());
            p.send(event("m1", 1, -1, 25, 50).build());
            p.send(event("m1", 1, 1, 25, 150).build());
            p.send(event("", 1, 1, 25, 50).build());
            p.send(event("m1", 1, 25, 25, 50).build());
            p.send("other-key", event("m1", 1, 2, 25, 50).build());
            p.epochs.pipeInput("m1", "not avro".getBytes(StandardCharsets.UTF_8));
            p.send(event("m1", 1, 0, 25, 50).build()); // the application goes on

            List<TestRecord<String, byte[]>> dead = p.dlq.readRecordsToList();
            assertThat(dead).extracting(r -> header(r.headers(), EpochProcessor.REASON)).satisfiesExactly(
                    r -> assertThat(r).contains("value NaN"),
                    r -> assertThat(r).contains("negative"),
                    r -> assertThat(r).contains("outside 0-100"),
                    r -> assertThat(r).contains("missing model_id"),
                    r -> assertThat(r).contains("beyond max_epochs 25"),
                    r -> assertThat(r).contains("record key 'other-key'"),
                    r -> assertThat(r).contains("undecodable"));
            TestRecord<String, byte[]> garbage = dead.get(6);
            assertThat(garbage.value()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
            assertThat(header(garbage.headers(), EpochProcessor.SOURCE_TOPIC)).isEqualTo("peng4nn.epochs");
            assertThat(header(garbage.headers(), EpochProcessor.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(garbage.headers(), EpochProcessor.SOURCE_OFFSET)).isEqualTo("6");
            assertThat(p.count("peng4nn.dlq", "reason", "invalid")).isEqualTo(6);
            assertThat(p.count("peng4nn.dlq", "reason", "undecodable")).isEqualTo(1);
            assertThat(p.models().get("m1").state().curve().size()).isEqualTo(1);
        }
    }

    @Test
    void aDeadLetterOfAHugeRecordIsCutToFitAndSaysSo() {
        // key and model_id of ~480 KB each, differing: the reason quotes both, the copy would pass 1 MiB
        String key = "k".repeat(480_000);
        String modelId = "m".repeat(480_000);
        try (PredictorFixture p = new PredictorFixture(PENGUIN)) {
            p.send(key, event(modelId, 1, 0, 25, 50).build());

            TestRecord<String, byte[]> dead = p.dlq.readRecordsToList().get(0);
            long size = dead.key().getBytes(StandardCharsets.UTF_8).length + dead.value().length;
            for (org.apache.kafka.common.header.Header h : dead.headers()) {
                size += h.key().length() + h.value().length;
            }
            assertThat(size).isLessThan(EpochProcessor.DEAD_LETTER_MAX_BYTES);
            assertThat(dead.key()).hasSize(EpochProcessor.KEY_MAX_CHARS);
            assertThat(header(dead.headers(), EpochProcessor.TRUNCATED)).contains("key 480000 bytes");
            assertThat(header(dead.headers(), EpochProcessor.REASON)).contains("record key", "chars)");
        }
    }

    @Test
    void aFailingFitSendsThatRecordToTheDeadLetterTopicOnly() {
        StoppingPolicy broken = new StoppingPolicy() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public ModelState start(double maxEpochs, double interval) {
                return ModelState.start(maxEpochs, interval);
            }

            @Override
            public ModelState observe(ModelState state, double epoch, double accuracy, FinishedFitness leaderboard) {
                throw new ArithmeticException("singular matrix");
            }
        };
        try (PredictorFixture p = new PredictorFixture(PENGUIN.with("bad", broken))) {
            p.send(event("x", 1, 0, 25, 50).setSearchId("bad").build());
            p.sendCurve("m1", 1, smoothCurve(25), 25);

            assertThat(p.dlq.readRecordsToList()).singleElement().satisfies(r -> assertThat(
                    header(r.headers(), EpochProcessor.REASON)).contains("singular matrix"));
            assertThat(p.stops()).hasSize(1);
            assertThat(p.count("peng4nn.dlq", "reason", "processing_error")).isEqualTo(1);
        }
    }

    @Test
    void theNeverPolicyPredictsButLetsEveryModelComplete() {
        try (PredictorFixture p = new PredictorFixture(SearchPolicies.of("never", Map.of()))) {
            p.sendCurve("m1", 1, smoothCurve(25), 25);
            assertThat(p.stops()).isEmpty();
            assertThat(p.predictions.readValuesToList()).isNotEmpty();
            assertThat(p.results.readValuesToList()).singleElement()
                    .satisfies(r -> assertThat(r.getStatus()).isEqualTo(ResultStatus.COMPLETED));
        }
    }

    @Test
    void otherMetricsOnTheTopicAreIgnored() {
        try (PredictorFixture p = new PredictorFixture(PENGUIN)) {
            p.send(event("m1", 1, 0, 25, 0.7).setMetric("loss").build());
            assertThat(p.models().get("m1")).isNull();
            assertThat(p.dlq.isEmpty()).isTrue();
        }
    }

    @Test
    void idleModelsExpire() {
        try (PredictorFixture p = new PredictorFixture(NEVER)) {
            p.sendCurve("m1", 1, smoothCurve(25), 4);
            p.driver.advanceWallClockTime(PredictorFixture.IDLE.minus(Duration.ofMinutes(5)));
            p.sendCurve("m2", 1, smoothCurve(25), 2);
            p.driver.advanceWallClockTime(Duration.ofMinutes(10));

            assertThat(p.models().get("m1")).isNull();
            assertThat(p.models().get("m2")).isNotNull();
            assertThat(p.registry.find("peng4nn.models.expired").counter().count()).isEqualTo(1);
        }
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

}
