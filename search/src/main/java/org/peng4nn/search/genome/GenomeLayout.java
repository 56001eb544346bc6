package org.peng4nn.search.genome;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How many choices each gene position has, and the genetic operators over that layout. Every operator
 * returns a genome whose genes are all within their positions' ranges, so no repair step is needed.
 * Deterministic for a given random generator state. Immutable.
 */
public final class GenomeLayout {

    private final int[] cardinalities;

    private GenomeLayout(int[] cardinalities) {
        if (cardinalities.length == 0) {
            throw new IllegalArgumentException("a genome layout needs at least one gene");
        }
        for (int i = 0; i < cardinalities.length; i++) {
            if (cardinalities[i] < 1) {
                throw new IllegalArgumentException("gene " + i + " has " + cardinalities[i] + " choices, needs >= 1");
            }
        }
        this.cardinalities = cardinalities;
    }

    /** A layout whose gene {@code i} takes the values {@code 0 .. cardinalities[i] - 1}. */
    public static GenomeLayout of(int... cardinalities) {
        return new GenomeLayout(cardinalities.clone());
    }

    public static GenomeLayout of(List<Integer> cardinalities) {
        return new GenomeLayout(cardinalities.stream().mapToInt(Integer::intValue).toArray());
    }

    public int length() {
        return cardinalities.length;
    }

    /** Number of choices of gene {@code index}. */
    public int choices(int index) {
        return cardinalities[index];
    }

    /** Whether the genome has this layout's length and every gene within range. */
    public boolean contains(Genome genome) {
        if (genome.length() != cardinalities.length) {
            return false;
        }
        for (int i = 0; i < cardinalities.length; i++) {
            if (genome.gene(i) < 0 || genome.gene(i) >= cardinalities[i]) {
                return false;
            }
        }
        return true;
    }

    /** A genome with every gene drawn uniformly from its choices. */
    public Genome random(SplittableRandom random) {
        int[] genes = new int[cardinalities.length];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = random.nextInt(cardinalities[i]);
        }
        return Genome.of(genes);
    }

    /**
     * Uniform crossover: each gene comes from either parent with equal chance. Gene positions keep their
     * meaning across parents (fixed-length encoding), so the child is always valid.
     */
    public Genome crossover(Genome a, Genome b, SplittableRandom random) {
        requireContains(a);
        requireContains(b);
        int[] genes = new int[cardinalities.length];
        for (int i = 0; i < genes.length; i++) {
            genes[i] = random.nextBoolean() ? a.gene(i) : b.gene(i);
        }
        return Genome.of(genes);
    }

    /**
     * Point mutation: each gene with at least two choices is replaced, with probability {@code rate}, by
     * one of its <em>other</em> choices (so a mutation always changes the value it hits).
     */
    public Genome mutate(Genome genome, double rate, SplittableRandom random) {
        requireContains(genome);
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("mutation rate must be within [0, 1], got " + rate);
        }
        int[] genes = genome.genes();
        for (int i = 0; i < genes.length; i++) {
            if (cardinalities[i] > 1 && random.nextDouble() < rate) {
                int other = random.nextInt(cardinalities[i] - 1);
                genes[i] = other >= genes[i] ? other + 1 : other;
            }
        }
        return Genome.of(genes);
    }

    private void requireContains(Genome genome) {
        if (!contains(genome)) {
            throw new IllegalArgumentException("genome " + genome + " does not fit layout " + this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GenomeLayout other && Arrays.equals(cardinalities, other.cardinalities);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(cardinalities);
    }

    /** The number of choices per gene, as {@code GenomeLayout[4,2,2]}. */
    @Override
    public String toString() {
        return "GenomeLayout" + Arrays.toString(cardinalities).replace(" ", "");
    }
}
