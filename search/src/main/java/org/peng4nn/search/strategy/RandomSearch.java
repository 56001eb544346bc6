package org.peng4nn.search.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.genome.GenomeSpace;

/**
 * The baseline every NAS paper compares against: {@code models} distinct genomes drawn uniformly, all in
 * one generation. Deterministic for a seed.
 */
public final class RandomSearch implements SearchStrategy {

    private final GenomeSpace space;
    private final int models;
    private final SplittableRandom random;
    private final SeenGenomes seen;
    private boolean proposed;

    public RandomSearch(GenomeSpace space, int models, long seed) {
        if (models < 1) {
            throw new IllegalArgumentException("random search needs at least 1 model, got " + models);
        }
        this.space = space;
        this.models = models;
        this.random = new SplittableRandom(seed);
        this.seen = new SeenGenomes(space);
    }

    @Override
    public List<Genome> nextGeneration(List<Scored> lastGeneration) {
        if (proposed) {
            return List.of();
        }
        if (!lastGeneration.isEmpty()) {
            throw new IllegalArgumentException("the first call takes no scores, got " + lastGeneration.size());
        }
        proposed = true;
        List<Genome> genomes = new ArrayList<>(models);
        while (genomes.size() < models) {
            Optional<Genome> next = seen.claimNew(() -> space.layout().random(random));
            if (next.isEmpty()) {
                break; // the space has fewer distinct candidates than asked for
            }
            genomes.add(next.get());
        }
        return List.copyOf(genomes);
    }

    @Override
    public int plannedModels() {
        return models;
    }

    @Override
    public String name() {
        return "random";
    }
}
