package org.peng4nn.search.genome;

/**
 * What a search strategy needs to know about a search space: the gene layout, and which genomes
 * build the same thing. Strategies never look inside the genes otherwise.
 */
@FunctionalInterface
public interface GenomeSpace {

    GenomeLayout layout();

    /**
     * A representative of the genomes that build the same candidate as this one; two genomes with equal
     * canonical forms are trained once. The default: every genome is its own candidate.
     */
    default Genome canonical(Genome genome) {
        return genome;
    }
}
