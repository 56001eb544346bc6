package org.peng4nn.predictor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.Decision;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.predictor.ModelRecord;
import org.peng4nn.predictor.ModelStatus;

/** ModelRecord to the JSON views of the API: pure, no Kafka, no server. */
class ModelViewsTest {

    private static final StoppingPolicy PENGUIN = Policies.byName(Policies.REFERENCE);
    private static final int BUDGET = 25;

    /** A smooth curve of the PEng4NN family: the reference policy converges on it after a few epochs. */
    private static double accuracy(int epoch) {
        return 90 - Math.pow(1.5, 4 - epoch);
    }

    /** The record after the policy saw epochs 0..last, or until it stopped. */
    private static ModelRecord observed(int last) {
        ModelState state = PENGUIN.start(BUDGET, 1.0);
        for (int e = 0; e <= last && !state.decision().stopped(); e++) {
            state = PENGUIN.observe(state, e, accuracy(e), FinishedFitness.EMPTY);
        }
        ModelStatus status = state.decision().stopped() ? ModelStatus.STOPPED : ModelStatus.TRAINING;
        return new ModelRecord("search-1", "model-7", 2, ModelRecord.NO_ORDINAL, BUDGET, PENGUIN.name(), status, state, 0, 1_000, 2_000);
    }

    @Test
    void summaryOfATrainingModelHasItsLatestPointAndPredictionButNoFitness() {
        ModelRecord record = observed(4);
        assertThat(record.status()).as("still training after 5 epochs: two predictions, the window is three").isEqualTo(ModelStatus.TRAINING);

        ModelSummary s = ModelSummary.of(record, "host-a:7070");

        assertThat(s.modelId()).isEqualTo("model-7");
        assertThat(s.searchId()).isEqualTo("search-1");
        assertThat(s.run()).isEqualTo(2);
        assertThat(s.points()).isEqualTo(5);
        assertThat(s.latestEpoch()).isEqualTo(4.0);
        assertThat(s.latestAccuracy()).isEqualTo(accuracy(4));
        assertThat(s.predictedFinal()).isEqualTo(record.state().latest().predictedFinal());
        assertThat(s.fitness()).isNull();
        assertThat(s.epochsUsed()).isEqualTo(5.0);
        assertThat(s.owner()).isEqualTo("host-a:7070");
        assertThat(s.finished()).isFalse();
    }

    @Test
    void summaryOfAStoppedModelUsesThePredictionAsFitnessAndCountsEpochsUpToTheStop() {
        ModelRecord record = observed(BUDGET - 1);
        assertThat(record.status()).as("the reference policy stops a smooth curve early").isEqualTo(
                ModelStatus.STOPPED);
        double stopEpoch = record.state().decision().atEpoch();

        ModelSummary s = ModelSummary.of(record, "host-a:7070");

        assertThat(s.fitness()).isEqualTo(record.state().decision().fitness());
        assertThat(s.fitness()).isCloseTo(90.0, within(0.5));
        assertThat(s.epochsUsed()).isEqualTo(stopEpoch + 1).isLessThan(BUDGET);
        assertThat(s.finished()).isTrue();
    }

    @Test
    void aCompletedModelUsedItsWholeBudgetAndItsFitnessIsTheLastAccuracy() {
        ModelState state = new ModelState(4, 1.0, new Curve(new double[] {0, 1, 2, 3}, new double[] {10, 20, 30, 35}),
                List.of(), Decision.CONTINUE, Map.of());
        ModelRecord record = new ModelRecord("s", "m", 1, ModelRecord.NO_ORDINAL, 4, "penguin", ModelStatus.COMPLETED, state, 3, 1, 2);

        ModelSummary s = ModelSummary.of(record, "h:1");

        assertThat(s.fitness()).isEqualTo(35.0);
        assertThat(s.epochsUsed()).isEqualTo(4.0);
        assertThat(s.predictedFinal()).as("no prediction was ever made").isNull();
    }

    @Test
    void aFailedFitDoesNotHideTheLastActualPredictionAndBecomesNullInTheDetails() {
        ModelState state = ModelState.start(10, 0.5)
                .withCurve(new Curve(new double[] {0.5, 1.0, 1.5}, new double[] {20, 30, 35}))
                .withPrediction(new CurvePrediction(1.0, 61.5, 58, 64, "pow3", new double[] {1, 2, 3}))
                .withPrediction(CurvePrediction.none(1.5, "pow3"));
        ModelRecord record = new ModelRecord("s", "m", 1, ModelRecord.NO_ORDINAL, 10, "ensemble", ModelStatus.TRAINING, state, 0, 1, 2);

        ModelSummary s = ModelSummary.of(record, "h:1");
        ModelDetails d = ModelDetails.of(record, "h:1");

        assertThat(s.predictedFinal()).isEqualTo(61.5);
        assertThat(s.epochsUsed()).as("latest epoch plus one half-epoch interval").isEqualTo(2.0);
        assertThat(d.predictions()).hasSize(2);
        assertThat(d.predictions().get(0).predictedFinal()).isEqualTo(61.5);
        assertThat(d.predictions().get(0).lower()).isEqualTo(58.0);
        assertThat(d.predictions().get(1).predictedFinal()).isNull();
        assertThat(d.predictions().get(1).lower()).isNull();
        assertThat(d.predictions().get(1).parameters()).isEmpty();
        assertThat(d.interval()).isEqualTo(0.5);
    }

    @Test
    void detailsJsonHasSnakeCaseKeysTheCurveAsPairsAndNoNonFiniteNumbers() throws Exception {
        ModelRecord record = observed(BUDGET - 1);

        JsonNode json = new ObjectMapper().readTree(ApiJson.write(ModelDetails.of(record, "host-b:7071")));

        assertThat(json.get("model_id").asText()).isEqualTo("model-7");
        assertThat(json.get("search_id").asText()).isEqualTo("search-1");
        assertThat(json.get("status").asText()).isEqualTo("STOPPED");
        assertThat(json.get("owner").asText()).isEqualTo("host-b:7071");
        JsonNode curve = json.get("curve");
        assertThat(curve.size()).isEqualTo(record.state().curve().size());
        assertThat(curve.get(2).get(0).asDouble()).isEqualTo(2.0);
        assertThat(curve.get(2).get(1).asDouble()).isEqualTo(accuracy(2));
        JsonNode decision = json.get("decision");
        assertThat(decision.get("action").asText()).isEqualTo("STOP");
        assertThat(decision.get("reason").asText()).isEqualTo("CONVERGED");
        assertThat(decision.get("at_epoch").asDouble()).isEqualTo(record.state().decision().atEpoch());
        JsonNode last = json.get("predictions").get(json.get("predictions").size() - 1);
        assertThat(last.get("predicted_final").asDouble()).isEqualTo(record.state().latest().predictedFinal());
        assertThat(last.has("family")).isTrue();
        assertThat(last.get("parameters").size()).isEqualTo(record.state().latest().parameters().length);
        assertThat(json.toString()).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void aTrainingModelsDecisionHasNullsWhereTheEngineHasNaN() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ApiJson.write(ModelDetails.of(observed(4), "h:1")));

        assertThat(json.get("decision").get("action").asText()).isEqualTo("CONTINUE");
        assertThat(json.get("decision").get("reason").isNull()).isTrue();
        assertThat(json.get("decision").get("fitness").isNull()).isTrue();
        assertThat(json.get("fitness").isNull()).isTrue();
    }

    @Test
    void aCompletedModelsDecisionSaysItReachedItsBudgetNotContinue() throws Exception {
        // a flat noisy curve the policy never stops: the record completes with the policy still at CONTINUE
        StoppingPolicy policy = PENGUIN;
        ModelState state = policy.start(BUDGET, 1.0);
        for (int e = 0; e < BUDGET; e++) {
            state = policy.observe(state, e, e % 2 == 0 ? 40 : 70, FinishedFitness.EMPTY);
        }
        assertThat(state.decision().action()).isEqualTo(Decision.Action.CONTINUE);
        ModelRecord record = new ModelRecord("search-1", "model-9", 1, ModelRecord.NO_ORDINAL, BUDGET, policy.name(), ModelStatus.COMPLETED,
                state, 0, 1_000, 2_000);

        JsonNode decision = new ObjectMapper().readTree(ApiJson.write(ModelDetails.of(record, "h:1"))).get("decision");

        assertThat(decision.get("action").asText()).isEqualTo("COMPLETE");
        assertThat(decision.get("reason").asText()).isEqualTo("BUDGET_REACHED");
        assertThat(decision.get("at_epoch").asDouble()).isEqualTo(BUDGET - 1);
        assertThat(decision.get("fitness").asDouble()).as("the observed final accuracy").isEqualTo(40.0);
    }

    @Test
    void summariesSurviveTheTripBetweenInstances() {
        List<ModelSummary> sent = List.of(ModelSummary.of(observed(5), "a:1"), ModelSummary.of(observed(30), "a:1"));

        List<ModelSummary> received = ApiJson.summaries(ApiJson.write(sent));

        assertThat(received).isEqualTo(sent);
    }

    @Test
    void unknownKeysFromANewerPeerAreSkipped() {
        String json = ApiJson.write(List.of(ModelSummary.of(observed(5), "a:1")))
                .replace("\"model_id\"", "\"added_later\":1,\"model_id\"");

        assertThat(ApiJson.summaries(json)).singleElement().extracting(ModelSummary::modelId).isEqualTo("model-7");
    }
}
