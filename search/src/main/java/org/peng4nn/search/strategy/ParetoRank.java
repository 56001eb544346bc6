package org.peng4nn.search.strategy;

import java.util.Comparator;

/**
 * Where a candidate stands in NSGA-II: its non-domination front (0 = not dominated by anyone) and its
 * crowding distance within that front (larger = in a sparser region; infinite at the front's ends).
 *
 * @param front    0-based front index
 * @param crowding crowding distance, {@code >= 0}, possibly infinite
 */
public record ParetoRank(int front, double crowding) {

    /** NSGA-II's crowded comparison: the lower front first, then the larger crowding distance. */
    public static final Comparator<ParetoRank> BEST_FIRST = Comparator.comparingInt(ParetoRank::front)
            .thenComparing(Comparator.comparingDouble(ParetoRank::crowding).reversed());
}
