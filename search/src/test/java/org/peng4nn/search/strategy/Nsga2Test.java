package org.peng4nn.search.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.genome.GenomeLayout;
import org.peng4nn.search.genome.GenomeSpace;

/**
 * NSGA-II on ZDT1 (Zitzler, Deb and Thiele, 2000) discretized: x1 = g0 / 100 in [0, 1], x2..x4 = g / 10,
 * f1 = x1, f2 = h (1 - sqrt(x1 / h)) with h = 1 + 9 mean(x2..x4). The Pareto-optimal set is known:
 * x2 = x3 = x4 = 0, any x1, i.e. the front f2 = 1 - sqrt(f1).
 */
class Nsga2Test {

    private static final GenomeSpace ZDT1 = () -> GenomeLayout.of(101, 11, 11, 11);

    private static Objectives zdt1(Genome g) {
        double x1 = g.gene(0) / 100.0;
        double h = 1 + 9 * (g.gene(1) + g.gene(2) + g.gene(3)) / 30.0;
        return Objectives.minimize(x1, h * (1 - Math.sqrt(x1 / h)));
    }

    /** Runs the strategy to its end, scoring every genome with {@code objective}; returns every proposal. */
    private static List<List<Genome>> run(SearchStrategy strategy, Function<Genome, Objectives> objective) {
        List<List<Genome>> generations = new ArrayList<>();
        List<Scored> scored = List.of();
        for (List<Genome> next = strategy.nextGeneration(scored); !next.isEmpty();
             next = strategy.nextGeneration(scored)) {
            generations.add(next);
            scored = next.stream().map(g -> new Scored(g, objective.apply(g))).toList();
        }
        return generations;
    }

    @Test
    void convergesToTheKnownParetoFrontOfZdt1AndSpreadsAlongIt() {
        Nsga2 nsga2 = new Nsga2(ZDT1, Nsga2.Settings.of(40, 40), 7);
        List<List<Genome>> generations = run(nsga2, Nsga2Test::zdt1);

        assertThat(generations).hasSize(40).allSatisfy(g -> assertThat(g).hasSize(40));
        List<Genome> finalFront = new ArrayList<>();
        for (int i = 0; i < nsga2.survivors().size(); i++) {
            if (nsga2.survivorRanks().get(i).front() == 0) {
                finalFront.add(nsga2.survivors().get(i).genome());
            }
        }
        assertThat(finalFront).hasSizeGreaterThan(30);
        long optimal = finalFront.stream().filter(g -> g.gene(1) + g.gene(2) + g.gene(3) == 0).count();
        assertThat(optimal).as("Pareto-optimal members of the final front").isGreaterThanOrEqualTo(finalFront.size() - 2);
        // crowding keeps the ends of the trade-off and spreads the rest
        assertThat(finalFront).anyMatch(g -> g.gene(0) <= 2).anyMatch(g -> g.gene(0) >= 98);
        assertThat(finalFront.stream().map(g -> g.gene(0) / 10).distinct().count()).isGreaterThanOrEqualTo(9);

        List<Genome> firstGeneration = generations.get(0);
        long optimalAtStart = firstGeneration.stream().filter(g -> g.gene(1) + g.gene(2) + g.gene(3) == 0).count();
        assertThat(optimalAtStart).as("random start is far from the front").isLessThan(5);
    }

    @Test
    void sameSeedSameSearchAndNoGenomeProposedTwice() {
        List<List<Genome>> a = run(new Nsga2(ZDT1, Nsga2.Settings.of(12, 6), 42), Nsga2Test::zdt1);
        List<List<Genome>> b = run(new Nsga2(ZDT1, Nsga2.Settings.of(12, 6), 42), Nsga2Test::zdt1);
        List<List<Genome>> c = run(new Nsga2(ZDT1, Nsga2.Settings.of(12, 6), 43), Nsga2Test::zdt1);
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
        Set<Genome> all = new HashSet<>();
        a.forEach(all::addAll);
        assertThat(all).hasSize(12 * 6);
    }

    @Test
    void offspringAreBredFromTheSurvivorsNotDrawnAtRandom() {
        // a one-gene-dominates problem: survivors all have gene 1 == 0, so most children must too
        GenomeSpace space = () -> GenomeLayout.of(50, 10);
        Nsga2 nsga2 = new Nsga2(space, new Nsga2.Settings(10, 2, 0.9, 0.5), 3);
        List<Genome> first = nsga2.nextGeneration(List.of());
        List<Scored> scored = first.stream()
                .map(g -> new Scored(g, Objectives.minimize(g.gene(1), -g.gene(0)))).toList();
        List<Genome> second = nsga2.nextGeneration(scored);
        Set<Integer> survivorGene1 = new HashSet<>();
        nsga2.survivors().forEach(s -> survivorGene1.add(s.genome().gene(1)));
        long inherited = second.stream().filter(g -> survivorGene1.contains(g.gene(1))).count();
        assertThat(inherited).isGreaterThanOrEqualTo(second.size() * 7 / 10);
        assertThat(nsga2.nextGeneration(second.stream().map(g -> new Scored(g, Objectives.infeasible())).toList()))
                .as("after the last generation").isEmpty();
        assertThat(nsga2.generation()).isEqualTo(2);
    }

    @Test
    void failuresDoNotSurviveWhileFeasibleCandidatesRemain() {
        GenomeSpace space = () -> GenomeLayout.of(30, 30);
        Nsga2 nsga2 = new Nsga2(space, Nsga2.Settings.of(6, 2), 5);
        List<Genome> first = nsga2.nextGeneration(List.of());
        // the smallest genomes "fail": without constraint domination they would be the best trade-offs
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            Genome g = first.get(i);
            scored.add(new Scored(g, i < 3 ? Objectives.infeasible() : Objectives.minimize(g.gene(0), g.gene(1))));
        }
        List<Genome> second = nsga2.nextGeneration(scored);
        nsga2.nextGeneration(second.stream().map(g -> new Scored(g, Objectives.minimize(g.gene(0), g.gene(1)))).toList());
        assertThat(nsga2.survivors()).hasSize(6).allSatisfy(s -> assertThat(s.objectives().feasible()).isTrue());
    }

    @Test
    void refusesScoresThatAreNotThoseOfTheLastProposal() {
        Nsga2 nsga2 = new Nsga2(ZDT1, Nsga2.Settings.of(4, 3), 1);
        List<Genome> first = nsga2.nextGeneration(List.of());
        List<Scored> reversed = new ArrayList<>(first.stream().map(g -> new Scored(g, zdt1(g))).toList());
        Collections.reverse(reversed);
        assertThatThrownBy(() -> nsga2.nextGeneration(reversed)).hasMessageContaining("in proposal order");
        assertThatThrownBy(() -> new Nsga2.Settings(1, 3, 0.9, 1)).hasMessageContaining("population of at least 2");
    }

    @Test
    void aSpaceTooSmallEndsTheSearchEarlyInsteadOfRepeatingCandidates() {
        GenomeSpace tiny = () -> GenomeLayout.of(2, 2); // 4 genomes in all
        List<List<Genome>> generations = run(new Nsga2(tiny, Nsga2.Settings.of(3, 5), 1), Nsga2Test::zdt1Like);
        Set<Genome> all = new HashSet<>();
        generations.forEach(all::addAll);
        assertThat(generations.stream().mapToInt(List::size).sum()).isEqualTo(all.size()).isLessThanOrEqualTo(4);
    }

    @Test
    void randomSearchProposesDistinctGenomesOnceDeterministically() {
        RandomSearch a = new RandomSearch(ZDT1, 30, 9);
        List<List<Genome>> generations = run(a, Nsga2Test::zdt1);
        assertThat(generations).hasSize(1);
        assertThat(generations.get(0)).hasSize(30).doesNotHaveDuplicates();
        assertThat(run(new RandomSearch(ZDT1, 30, 9), Nsga2Test::zdt1)).isEqualTo(generations);
        assertThat(run(new RandomSearch(() -> GenomeLayout.of(3), 10, 9), Nsga2Test::zdt1Like).get(0)).hasSize(3);
    }

    private static Objectives zdt1Like(Genome g) {
        return Objectives.minimize(g.gene(0), g.length() > 1 ? g.gene(1) : 0);
    }
}
