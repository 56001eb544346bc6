package org.peng4nn.search.strategy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.genome.GenomeSpace;

/** The candidates a search has proposed, so that no network is trained twice. */
final class SeenGenomes {

    // a small space can run out of new candidates: give up on a slot after this many draws
    static final int ATTEMPTS = 200;

    private final GenomeSpace space;
    private final Set<Genome> canonical = new HashSet<>();

    SeenGenomes(GenomeSpace space) {
        this.space = space;
    }

    /** A genome from {@code draw} whose candidate is new, now marked as seen; empty if none came in {@link #ATTEMPTS} draws. */
    Optional<Genome> claimNew(Supplier<Genome> draw) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Genome genome = draw.get();
            if (canonical.add(space.canonical(genome))) {
                return Optional.of(genome);
            }
        }
        return Optional.empty();
    }
}
