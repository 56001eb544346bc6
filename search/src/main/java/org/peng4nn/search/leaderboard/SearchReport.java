package org.peng4nn.search.leaderboard;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The outcome of a search: every candidate, best first, and the totals that say how much training the
 * early stops saved.
 *
 * @param searchId the search's id
 * @param strategy the strategy's name
 * @param rows     every candidate once, best first ({@link LeaderboardRow#BEST_FIRST})
 */
public record SearchReport(String searchId, String strategy, List<LeaderboardRow> rows) {

    public SearchReport {
        Objects.requireNonNull(searchId, "searchId");
        Objects.requireNonNull(strategy, "strategy");
        rows = rows.stream().sorted(LeaderboardRow.BEST_FIRST).toList();
        if (rows.stream().map(LeaderboardRow::modelId).distinct().count() != rows.size()) {
            throw new IllegalArgumentException("a model appears twice on the leaderboard of " + searchId);
        }
    }

    public int models() {
        return rows.size();
    }

    public long count(CandidateStatus outcome) {
        return rows.stream().filter(r -> r.status() == outcome).count();
    }

    public long stoppedEarly() {
        return count(CandidateStatus.STOPPED_EARLY);
    }

    /** Epochs trained by the candidates whose result arrived (a missing one's training is unknown). */
    public double epochsUsed() {
        return answered().mapToDouble(LeaderboardRow::epochsUsed).sum();
    }

    /** Epochs the candidates whose result arrived would have trained without early stopping. */
    public long epochsBudget() {
        return answered().mapToLong(LeaderboardRow::maxEpochs).sum();
    }

    /** Share of the budget not trained, {@code 1 - used / budget}; NaN when no result arrived. */
    public double epochsSaved() {
        long budget = epochsBudget();
        return budget == 0 ? Double.NaN : 1 - epochsUsed() / budget;
    }

    private Stream<LeaderboardRow> answered() {
        return rows.stream().filter(r -> r.status() != CandidateStatus.MISSING);
    }

    /** The candidate with the highest fitness, if any has one. */
    public Optional<LeaderboardRow> best() {
        return rows.stream().findFirst().filter(LeaderboardRow::ranked);
    }
}
