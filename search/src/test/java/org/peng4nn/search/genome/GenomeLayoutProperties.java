package org.peng4nn.search.genome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class GenomeLayoutProperties {

    @Provide
    Arbitrary<GenomeLayout> layouts() {
        return Arbitraries.integers().between(1, 6).list().ofMinSize(1).ofMaxSize(20).map(GenomeLayout::of);
    }

    @Property(tries = 200)
    void operatorsAlwaysGiveGenomesOfTheLayout(@ForAll("layouts") GenomeLayout layout, @ForAll long seed,
                                               @ForAll @DoubleRange(min = 0, max = 1) double rate) {
        SplittableRandom random = new SplittableRandom(seed);
        Genome a = layout.random(random);
        Genome b = layout.random(random);
        Genome child = layout.crossover(a, b, random);
        Genome mutant = layout.mutate(child, rate, random);
        assertThat(List.of(a, b, child, mutant)).allSatisfy(g -> assertThat(layout.contains(g)).isTrue());
        for (int i = 0; i < layout.length(); i++) {
            assertThat(child.gene(i)).isIn(a.gene(i), b.gene(i)); // crossover invents no value
        }
    }

    @Property(tries = 100)
    void fullRateMutationChangesEveryGeneThatHasAChoiceAndZeroRateNone(@ForAll("layouts") GenomeLayout layout,
                                                                       @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Genome genome = layout.random(random);
        Genome mutant = layout.mutate(genome, 1.0, random);
        for (int i = 0; i < layout.length(); i++) {
            if (layout.choices(i) > 1) {
                assertThat(mutant.gene(i)).as("gene %d", i).isNotEqualTo(genome.gene(i));
            } else {
                assertThat(mutant.gene(i)).isZero();
            }
        }
        assertThat(layout.mutate(genome, 0.0, random)).isEqualTo(genome);
    }

    @Property(tries = 50)
    void sameSeedSameGenomes(@ForAll("layouts") GenomeLayout layout, @ForAll long seed) {
        assertThat(layout.random(new SplittableRandom(seed))).isEqualTo(layout.random(new SplittableRandom(seed)));
    }

    @Test
    void rejectsGenomesOutsideTheLayoutAndBadLayouts() {
        GenomeLayout layout = GenomeLayout.of(2, 3);
        assertThat(layout.contains(Genome.of(1, 2))).isTrue();
        assertThat(layout.contains(Genome.of(2, 0))).isFalse();
        assertThat(layout.contains(Genome.of(0, -1))).isFalse();
        assertThat(layout.contains(Genome.of(0))).isFalse();
        assertThatThrownBy(() -> layout.mutate(Genome.of(0, 3), 0.5, new SplittableRandom(1)))
                .hasMessageContaining("[0,3]").hasMessageContaining("GenomeLayout[2,3]");
        assertThatThrownBy(() -> GenomeLayout.of(2, 0)).hasMessageContaining("gene 1 has 0 choices");
        assertThatThrownBy(() -> layout.mutate(Genome.of(0, 0), 1.5, new SplittableRandom(1)))
                .hasMessageContaining("mutation rate");
    }

    @Test
    void genomesAreValuesThatDoNotShareTheirGenes() {
        int[] genes = {1, 2, 3};
        Genome genome = Genome.of(genes);
        genes[0] = 9;
        genome.genes()[1] = 9;
        assertThat(genome).isEqualTo(Genome.of(1, 2, 3)).hasSameHashCodeAs(Genome.of(1, 2, 3));
        assertThat(genome.with(0, 0)).isEqualTo(Genome.of(0, 2, 3));
        assertThat(genome).hasToString("[1,2,3]");
    }
}
