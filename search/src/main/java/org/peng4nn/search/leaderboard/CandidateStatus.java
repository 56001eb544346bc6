package org.peng4nn.search.leaderboard;

/** How one candidate's training ended, as far as the search knows. */
public enum CandidateStatus {
    /** The predictor stopped it; its fitness is the predicted final accuracy. */
    STOPPED_EARLY,
    /** Trained the full budget; its fitness is the observed final accuracy. */
    COMPLETED,
    /** Training broke (out of memory, NaN loss...); no fitness. */
    FAILED,
    /** No result arrived before the search stopped waiting; no fitness. */
    MISSING;

    /** Whether the run produced a fitness the search can rank by. */
    public boolean ranked() {
        return this == STOPPED_EARLY || this == COMPLETED;
    }
}
