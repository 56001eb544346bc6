package org.peng4nn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.PopulationPolicy;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.predictor.SearchPolicies;

class LastAccuracyPolicyTest {

    @Test
    void recordsEachPointAndItsAccuracyAsThePredictionAndNeverStops() {
        StoppingPolicy policy = new LastAccuracyPolicy(Policies.byName("penguin"));
        ModelState state = policy.start(25, 1);
        for (int epoch = 0; epoch < 25; epoch++) {
            state = policy.observe(state, epoch, 50 + epoch, FinishedFitness.EMPTY);
            assertThat(state.latest().predictedFinal()).isEqualTo(50.0 + epoch);
        }
        assertThat(state.curve().size()).isEqualTo(25);
        assertThat(state.history()).hasSize(25);
        assertThat(state.decision().stopped()).isFalse();
        assertThat(policy.observe(state, 3, 99, FinishedFitness.EMPTY)).as("a known epoch changes nothing")
                .isSameAs(state);
    }

    @Test
    void learnsFromTheSearchExactlyWhenThePolicyItStandsInForDoes() {
        assertThat(SearchPolicies.learnsFromSearch(new LastAccuracyPolicy(Policies.byName(PopulationPolicy.NAME))))
                .isTrue();
        assertThat(SearchPolicies.learnsFromSearch(new LastAccuracyPolicy(Policies.byName("ensemble")))).isFalse();
    }
}
