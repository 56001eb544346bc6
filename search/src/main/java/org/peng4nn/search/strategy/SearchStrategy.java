package org.peng4nn.search.strategy;

import java.util.List;
import org.peng4nn.search.genome.Genome;

/**
 * A search as a sequence of generations: the strategy proposes genomes, the caller trains them and
 * hands back their scores, the strategy proposes the next generation from those. Implementations are
 * pure and deterministic for a seed: the same scores give the same proposals, whatever the order in
 * which the results arrived (the caller passes them in proposal order). Not thread-safe.
 */
public interface SearchStrategy {

    /**
     * The next generation to train.
     *
     * @param lastGeneration the scores of the genomes of the previous call, in the order they were
     *                       proposed; empty on the first call
     * @return distinct genomes (never proposed before in this search); empty when the search is over
     * @throws IllegalArgumentException when {@code lastGeneration} is not the previous proposal
     */
    List<Genome> nextGeneration(List<Scored> lastGeneration);

    /** How many genomes the strategy proposes in all when the space is large enough. */
    int plannedModels();

    /** Short name, e.g. {@code nsga2}. */
    String name();
}
