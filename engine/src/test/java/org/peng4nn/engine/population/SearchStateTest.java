package org.peng4nn.engine.population;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.peng4nn.engine.policy.Decision;
import org.peng4nn.engine.policy.ModelState;

class SearchStateTest {

    private static ModelState trained(int evaluations, int seen, double level) {
        ModelState s = ModelState.start(evaluations, 1);
        for (int i = 0; i < seen; i++) {
            s = s.withCurve(s.curve().with(i, level + i));
        }
        return s;
    }

    @Test
    void countsModelsAsTheyStartAndGivesEachItsOrdinal() {
        SearchState s = SearchState.empty(10).withStarted().withStarted();
        assertThat(s.started()).isEqualTo(2);
        SearchView view = s.view(trained(5, 1, 50), 1, new double[] {3});
        assertThat(view.ordinal()).isEqualTo(1);
        assertThat(view.milestones()).containsExactly(3);
        assertThat(view.population().size()).isZero();
        assertThat(view.population().length()).isEqualTo(5);
    }

    @Test
    void aCompletedCurveJoinsThePopulationOfItsBudgetAndAStoppedOneOnlyTheFitness() {
        ModelState completed = trained(5, 5, 50);
        ModelState stopped = trained(5, 3, 60).withDecision(Decision.stop(Decision.Reason.CONVERGED, 2, 70.0));
        ModelState otherBudget = trained(8, 8, 40);
        SearchState s = SearchState.empty(10).withFinished(completed).withFinished(stopped).withFinished(otherBudget);

        assertThat(s.finished().values()).containsExactly(70.0, 54.0, 47.0);
        assertThat(s.populations()).containsOnlyKeys(5, 8);
        assertThat(s.populations().get(5).curves()).containsExactly(new double[] {50, 51, 52, 53, 54});
        assertThat(s.view(trained(5, 1, 0), 3, new double[0]).population().size()).isEqualTo(1);
    }

    @Test
    void keepsNoCurvesWithoutCapacityNorACurveWithAGap() {
        assertThat(SearchState.empty(0).withFinished(trained(5, 5, 50)).populations()).isEmpty();
        assertThat(SearchState.empty(0).view(trained(5, 1, 50), 0, new double[0]).population()).isNull();
        ModelState gap = ModelState.start(5, 1);
        for (int i : new int[] {0, 1, 2, 4}) {
            gap = gap.withCurve(gap.curve().with(i, 50));
        }
        assertThat(SearchState.empty(10).withFinished(gap).populations()).isEmpty();
    }
}
