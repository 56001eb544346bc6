package org.peng4nn.search.genome;

import java.util.Arrays;

/**
 * A fixed-length vector of gene values; gene {@code i} is the index of one of the choices of position
 * {@code i} of a {@link GenomeLayout}. What the choices mean is the search space's business, so the
 * genetic operators stay independent of networks. Immutable.
 */
public final class Genome {

    private final int[] genes;

    private Genome(int[] genes) {
        this.genes = genes;
    }

    public static Genome of(int... genes) {
        return new Genome(genes.clone());
    }

    public int length() {
        return genes.length;
    }

    public int gene(int index) {
        return genes[index];
    }

    /** A copy of the gene values. */
    public int[] genes() {
        return genes.clone();
    }

    /** This genome with gene {@code index} set to {@code value}. */
    public Genome with(int index, int value) {
        int[] copy = genes.clone();
        copy[index] = value;
        return new Genome(copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Genome other && Arrays.equals(genes, other.genes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(genes);
    }

    /** The gene values as {@code [1,0,3]}. */
    @Override
    public String toString() {
        return Arrays.toString(genes).replace(" ", "");
    }
}
