package org.peng4nn.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.SearchReport;

/** The JSON summary of a finished search, the same keys from search and demo. */
final class SearchSummary {

    private SearchSummary() {
    }

    /** The keys {@code ./peng4nn demo} shares, plus the search's own. */
    static Map<String, Object> of(SearchReport report, Path csv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("search_id", report.searchId());
        m.put("strategy", report.strategy());
        m.put("models", report.models());
        m.put("stopped_early", report.stoppedEarly());
        m.put("failed", report.count(CandidateStatus.FAILED));
        m.put("missing", report.count(CandidateStatus.MISSING));
        m.put("stopped_by_hand", report.count(CandidateStatus.STOPPED_BY_HAND));
        m.put("epochs_used", report.epochsUsed());
        m.put("epochs_budget", report.epochsBudget());
        m.put("epochs_saved", report.epochsSaved());
        m.put("best_model", report.best().map(LeaderboardRow::modelId).orElse(null));
        m.put("best_fitness", report.best().map(LeaderboardRow::fitness).orElse(null));
        m.put("best_architecture", report.best().map(LeaderboardRow::architecture).orElse(null));
        m.put("leaderboard", csv.toString());
        return m;
    }
}
