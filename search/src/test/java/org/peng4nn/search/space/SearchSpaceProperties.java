package org.peng4nn.search.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.architecture.Pooling;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.genome.GenomeLayout;

class SearchSpaceProperties {

    private static final SearchSpace SPACE = SearchSpace.defaults();

    @Property(tries = 500)
    void everyGenomeDecodesToAValidArchitectureOfTheSpace(@ForAll long seed, @ForAll boolean mutate) {
        SplittableRandom random = new SplittableRandom(seed);
        GenomeLayout layout = SPACE.layout();
        Genome genome = layout.random(random);
        if (mutate) {
            genome = layout.mutate(layout.crossover(genome, layout.random(random), random), 0.3, random);
        }
        Architecture architecture = SPACE.decode(genome);

        assertThat(architecture.blocks()).hasSizeBetween(1, 4).hasSize(genome.gene(0) + 1);
        assertThat(architecture.blocks()).allSatisfy(block -> {
            assertThat(block.kernel()).isIn(3, 5);
            assertThat(block.channels()).isIn(8, 16, 32, 64);
        });
        assertThat(architecture.denseUnits()).isIn(0, 64, 128);
        assertThat(Architecture.parse(architecture.toString())).isEqualTo(architecture); // the text trainers get
        assertThat(SPACE.decode(SPACE.encode(architecture))).isEqualTo(architecture);
        assertThat(SPACE.canonical(genome)).isEqualTo(SPACE.encode(architecture));
        assertThat(architecture.parameterCount(1, 28, 28, 10)).isPositive();
    }

    @Test
    void theEncodingIsTheDocumentedOne() {
        Architecture architecture = Architecture.parse("conv3x16+max,conv5x64+avg+skip|dense128");
        Genome genome = SPACE.encode(architecture);
        // [blocks-1] [kernel, channels, pooling, skip] x 4 [dense]
        assertThat(genome).isEqualTo(Genome.of(1, 0, 1, 1, 0, 1, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2));
        assertThat(SPACE.layout()).isEqualTo(GenomeLayout.of(4, 2, 4, 3, 2, 2, 4, 3, 2, 2, 4, 3, 2, 2, 4, 3, 2, 3));
        // inactive slots do not matter
        assertThat(SPACE.decode(genome.with(9, 1).with(12, 1))).isEqualTo(architecture);
    }

    @Test
    void sizeCountsDistinctArchitecturesOfASmallSpace() {
        SearchSpace small = new SearchSpace(List.of(3, 5), List.of(8), List.of(Pooling.NONE, Pooling.MAX), 2,
                List.of(0, 32));
        Set<Architecture> seen = new HashSet<>();
        enumerate(small.layout(), new int[small.layout().length()], 0, g -> seen.add(small.decode(g)));
        assertThat(small.size()).isEqualTo(seen.size()).isEqualTo((8 + 64) * 2);
        assertThat(SPACE.size()).isEqualTo(3L * (48 + 48 * 48 + 48 * 48 * 48 + 48L * 48 * 48 * 48));
    }

    @Test
    void architecturesOutsideTheSpaceAreRefusedByName() {
        assertThatThrownBy(() -> SPACE.encode(Architecture.parse("conv3x16,conv7x16|dense0")))
                .hasMessageContaining("block 2 kernel 7 is not one of the choices [3, 5]");
        assertThatThrownBy(() -> SPACE.encode(Architecture.parse("conv3x8,conv3x8,conv3x8,conv3x8,conv3x8|dense0")))
                .hasMessageContaining("5 blocks, the space allows at most 4");
        assertThatThrownBy(() -> SPACE.decode(Genome.of(4, 0))).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> new SearchSpace(List.of(3, 3), List.of(8), List.of(Pooling.NONE), 1, List.of(0)))
                .hasMessageContaining("kernels");
        assertThatThrownBy(() -> new SearchSpace(List.of(4), List.of(8), List.of(Pooling.NONE), 1, List.of(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void enumerate(GenomeLayout layout, int[] genes, int position, Consumer<Genome> each) {
        if (position == genes.length) {
            each.accept(Genome.of(genes));
            return;
        }
        for (int v = 0; v < layout.choices(position); v++) {
            genes[position] = v;
            enumerate(layout, genes, position + 1, each);
        }
    }
}
