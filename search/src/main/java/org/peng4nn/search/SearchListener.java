package org.peng4nn.search;

import java.util.List;
import org.peng4nn.search.leaderboard.LeaderboardRow;

/**
 * Told what a running search does, for progress bars and dashboards. Called on the thread that runs the
 * search; a listener that throws stops the search.
 */
public interface SearchListener {

    /** Does nothing. */
    SearchListener NONE = new SearchListener() {
    };

    /** The jobs of a generation were published. */
    default void generationSubmitted(int generation, List<Candidate> candidates) {
    }

    /**
     * A candidate's job was published again as {@code run}: its previous run showed no progress for the job lease
     * (its trainer is presumed dead).
     */
    default void jobReissued(Candidate candidate, int run, java.time.Duration silentFor) {
    }

    /** A candidate's result arrived, or its run was stopped by hand ({@code STOPPED_BY_HAND}); once per candidate. */
    default void resultReceived(LeaderboardRow row) {
    }

    /** A generation is over: every candidate has a result, or is reported {@code MISSING}. */
    default void generationFinished(int generation, List<LeaderboardRow> rows) {
    }
}
