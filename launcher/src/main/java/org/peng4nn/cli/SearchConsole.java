package org.peng4nn.cli;

import java.util.List;
import java.util.Locale;
import org.peng4nn.search.Candidate;
import org.peng4nn.search.SearchListener;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.CandidateStatus;

/**
 * How a search running in this process (search, demo) shows its progress on stderr: a bar over all planned networks
 * (one line per result when there are too few for a bar), plus one line per generation.
 */
final class SearchConsole implements SearchListener {

    private final Progress progress;

    SearchConsole(Progress progress) {
        this.progress = progress;
    }

    @Override
    public void generationSubmitted(int generation, List<Candidate> candidates) {
        System.err.printf("generation %d: %d jobs published, waiting for results%n", generation, candidates.size());
    }

    @Override
    public void resultReceived(LeaderboardRow row) {
        progress.step();
        if (!progress.shown()) {
            System.err.printf(Locale.ROOT, "  %s %s after %.1f of %d epochs: %s%n", row.modelId(), row.status(),
                    row.epochsUsed(), row.maxEpochs(), Double.isNaN(row.fitness()) ? row.failureMessage()
                            : String.format(Locale.ROOT, "fitness %.2f%%", row.fitness()));
        }
    }

    @Override
    public void generationFinished(int generation, List<LeaderboardRow> rows) {
        LeaderboardRow best = rows.stream().sorted(LeaderboardRow.BEST_FIRST).findFirst().orElseThrow();
        long early = rows.stream().filter(r -> r.status() == CandidateStatus.STOPPED_EARLY).count();
        List<LeaderboardRow> missing = rows.stream().filter(r -> r.status() == CandidateStatus.MISSING).toList();
        for (LeaderboardRow row : missing) {
            progress.step(); // the bar counts networks done, answered or not
            System.err.printf("  %s: %s%n", row.modelId(), row.failureMessage());
        }
        System.err.printf(Locale.ROOT, "generation %d: %d results, %d stopped early, best: %s%n", generation,
                rows.size() - missing.size(), early, Double.isNaN(best.fitness()) ? "none"
                        : String.format(Locale.ROOT, "%s %.2f%% %s", best.modelId(), best.fitness(),
                        best.architecture()));
    }
}
