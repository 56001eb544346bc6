package org.peng4nn.search.leaderboard;

import java.util.Locale;

/** The leaderboard as a fixed-width console table, best first. */
public final class LeaderboardTable {

    private static final String ROW = "%4s  %-28s  %-15s  %8s  %8s  %9s  %7s  %10s  %s%n";

    private LeaderboardTable() {
    }

    /** At most {@code limit} rows under a header, then a line saying how many were left out. */
    public static String format(SearchReport report, int limit) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, ROW, "rank", "model", "status", "fitness",
                "observed", "predicted", "epochs", "params", "architecture"));
        int rank = 0;
        for (LeaderboardRow row : report.rows()) {
            if (rank == limit) {
                table.append(String.format(Locale.ROOT, "  ... %d more (see the CSV)%n", report.models() - limit));
                break;
            }
            rank++;
            table.append(String.format(Locale.ROOT, ROW, rank, row.modelId(), row.status().name(), pp(row.fitness()),
                    pp(row.observedFinal()), pp(row.predictedFinal()),
                    epochs(row.epochsUsed()) + "/" + row.maxEpochs(),
                    row.parameterCount(), row.architecture()));
        }
        return table.toString();
    }

    private static String epochs(double used) {
        return used == Math.rint(used) ? String.valueOf((long) used) : String.format(Locale.ROOT, "%.2f", used);
    }

    private static String pp(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
