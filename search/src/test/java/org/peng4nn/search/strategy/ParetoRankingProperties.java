package org.peng4nn.search.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class ParetoRankingProperties {

    /** Two objectives on a coarse grid, so that ties and duplicates are common; some infeasible. */
    @Provide
    Arbitrary<List<Objectives>> populations() {
        Arbitrary<Objectives> feasible = Arbitraries.integers().between(0, 6).list().ofSize(2)
                .map(v -> Objectives.minimize(v.get(0), v.get(1)));
        Arbitrary<Objectives> any = Arbitraries.frequencyOf(
                Tuple.of(9, feasible), Tuple.of(1, Arbitraries.just(Objectives.infeasible())));
        return any.list().ofMinSize(0).ofMaxSize(40);
    }

    @Property(tries = 300)
    void frontsAreCorrect(@ForAll("populations") List<Objectives> points) {
        List<List<Integer>> fronts = ParetoRanking.fronts(points);

        List<Integer> all = new ArrayList<>();
        fronts.forEach(all::addAll);
        assertThat(all).as("every candidate in exactly one front").hasSize(points.size()).doesNotHaveDuplicates();
        for (int k = 0; k < fronts.size(); k++) {
            List<Integer> front = fronts.get(k);
            assertThat(front).isNotEmpty();
            for (int i : front) {
                for (int j : front) {
                    assertThat(points.get(i).dominates(points.get(j)))
                            .as("front %d: %s dominates %s", k, points.get(i), points.get(j)).isFalse();
                }
            }
            if (k + 1 < fronts.size()) {
                List<Integer> better = new ArrayList<>();
                fronts.subList(0, k + 1).forEach(better::addAll);
                for (int j : fronts.get(k + 1)) {
                    assertThat(better).as("someone in fronts <= %d dominates %s", k, points.get(j))
                            .anyMatch(i -> points.get(i).dominates(points.get(j)));
                }
            }
        }
    }

    @Property(tries = 200)
    void crowdingIsInfiniteAtTheEndsOfEachObjectiveAndNonNegative(@ForAll("populations") List<Objectives> points) {
        List<ParetoRank> ranks = ParetoRanking.rank(points);
        assertThat(ranks).hasSize(points.size()).allSatisfy(r -> assertThat(r.crowding()).isNotNegative());
        for (List<Integer> front : ParetoRanking.fronts(points)) {
            if (!points.get(front.get(0)).feasible()) {
                continue;
            }
            for (int m = 0; m < 2; m++) {
                int objective = m;
                double min = front.stream().mapToDouble(i -> points.get(i).value(objective)).min().orElseThrow();
                assertThat(front).filteredOn(i -> points.get(i).value(objective) == min)
                        .anyMatch(i -> ranks.get(i).crowding() == Double.POSITIVE_INFINITY);
            }
        }
    }

    @Test
    void feasibleDominatesInfeasibleAndTheKnownExampleRanksAsExpected() {
        List<Objectives> points = List.of(
                Objectives.minimize(1, 5),   // front 0
                Objectives.minimize(2, 2),   // front 0
                Objectives.minimize(5, 1),   // front 0
                Objectives.minimize(3, 3),   // front 1 (dominated by (2,2))
                Objectives.minimize(4, 4),   // front 2
                Objectives.infeasible(),     // front 3
                Objectives.minimize(3, 1.5)); // front 0
        assertThat(ParetoRanking.fronts(points)).containsExactly(List.of(0, 1, 2, 6), List.of(3), List.of(4), List.of(5));
        List<ParetoRank> ranks = ParetoRanking.rank(points);
        assertThat(ranks.get(0).crowding()).isInfinite();
        assertThat(ranks.get(2).crowding()).isInfinite();
        // (2,2): neighbours (1,5) and (3,1.5): (3-1)/4 + (5-1.5)/4
        assertThat(ranks.get(1).crowding()).isCloseTo(2.0 / 4 + 3.5 / 4, offset(1e-12));
        assertThat(ranks.get(5)).isEqualTo(new ParetoRank(3, 0));
        assertThat(Objectives.infeasible().dominates(Objectives.infeasible())).isFalse();
        assertThat(Objectives.minimize(9, 9).dominates(Objectives.infeasible())).isTrue();
        assertThat(Objectives.minimize(1, 1).dominates(Objectives.minimize(1, 1))).isFalse();
    }
}
