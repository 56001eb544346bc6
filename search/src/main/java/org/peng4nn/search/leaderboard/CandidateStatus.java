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
    MISSING,
    /**
     * An operator stopped its run by hand (a MANUAL {@code StopCommand}) and no result of that run had arrived; its
     * fitness is the command's predicted final accuracy, else the run's last observed accuracy, else none.
     */
    STOPPED_BY_HAND;

    /**
     * Whether a row of this status always carries a fitness the search can rank by (and a row of another status never
     * does, except {@link #STOPPED_BY_HAND}, which has one when an accuracy of the run was known: see
     * {@link LeaderboardRow#ranked()}).
     */
    public boolean ranked() {
        return this == STOPPED_EARLY || this == COMPLETED;
    }
}
