package org.peng4nn.search.leaderboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The leaderboard as CSV, best first, one row per candidate. Numbers use a dot as decimal separator
 * whatever the locale; a value that does not exist (NaN) is an empty field.
 */
public final class LeaderboardCsv {

    public static final List<String> HEADER = List.of("rank", "model_id", "generation", "architecture", "status",
            "fitness", "observed_final", "predicted_final", "epochs_used", "max_epochs", "parameter_count",
            "failure_message");

    private LeaderboardCsv() {
    }

    /** The CSV text, header line first, lines ending in {@code \n}. */
    public static String format(SearchReport report) {
        StringBuilder csv = new StringBuilder(String.join(",", HEADER)).append('\n');
        int rank = 0;
        for (LeaderboardRow row : report.rows()) {
            rank++;
            csv.append(String.join(",", String.valueOf(rank), quote(row.modelId()), String.valueOf(row.generation()),
                    quote(row.architecture()), row.status().name(), number(row.fitness()),
                    number(row.observedFinal()), number(row.predictedFinal()), number(row.epochsUsed()),
                    String.valueOf(row.maxEpochs()), String.valueOf(row.parameterCount()),
                    quote(row.failureMessage()))).append('\n');
        }
        return csv.toString();
    }

    /** Writes {@link #format} to {@code file}, creating its directory. */
    public static void write(Path file, SearchReport report) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Files.writeString(file, format(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write leaderboard " + file + ": " + e.getMessage(), e);
        }
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    // RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes
    private static String quote(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
