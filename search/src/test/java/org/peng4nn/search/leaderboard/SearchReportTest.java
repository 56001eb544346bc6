package org.peng4nn.search.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchReportTest {

    static LeaderboardRow row(String id, CandidateStatus status, double fitness, double epochsUsed) {
        return new LeaderboardRow(id, 0, "conv3x8|dense0", status, fitness, Double.NaN, Double.NaN, epochsUsed, 20,
                1234, status.ranked() ? "" : "boom, \"badly\"");
    }

    private static final SearchReport REPORT = new SearchReport("s", "random", List.of(
            row("m-a", CandidateStatus.FAILED, Double.NaN, 2),
            row("m-b", CandidateStatus.COMPLETED, 71.5, 20),
            row("m-c", CandidateStatus.STOPPED_EARLY, 80.25, 6.5),
            row("m-d", CandidateStatus.MISSING, Double.NaN, 0),
            row("m-e", CandidateStatus.STOPPED_EARLY, 71.5, 5)));

    @Test
    void ranksByFitnessWithRowsWithoutFitnessLastAndTiesByModelId() {
        assertThat(REPORT.rows()).extracting(LeaderboardRow::modelId).containsExactly("m-c", "m-b", "m-e", "m-a", "m-d");
        assertThat(REPORT.best()).map(LeaderboardRow::modelId).hasValue("m-c");
    }

    @Test
    void totalsCountEpochsAgainstTheBudget() {
        assertThat(REPORT.models()).isEqualTo(5);
        assertThat(REPORT.stoppedEarly()).isEqualTo(2);
        assertThat(REPORT.count(CandidateStatus.MISSING)).isEqualTo(1);
        // the missing model's training is unknown: it counts in neither
        assertThat(REPORT.epochsUsed()).isEqualTo(2 + 20 + 6.5 + 5);
        assertThat(REPORT.epochsBudget()).isEqualTo(80);
        assertThat(REPORT.epochsSaved()).isEqualTo(1 - 33.5 / 80);
        assertThat(new SearchReport("s", "random", List.of(row("x", CandidateStatus.MISSING, Double.NaN, 0))).epochsSaved())
                .isNaN();
        assertThat(new SearchReport("s", "random", List.of()).best()).isEmpty();
        assertThat(new SearchReport("s", "random", List.of(row("x", CandidateStatus.FAILED, Double.NaN, 1))).best()).isEmpty();
    }

    @Test
    void refusesDuplicatesAndInconsistentRows() {
        assertThatThrownBy(() -> new SearchReport("s", "random", List.of(row("m", CandidateStatus.COMPLETED, 1, 20),
                row("m", CandidateStatus.COMPLETED, 2, 20)))).hasMessageContaining("twice");
        assertThatThrownBy(() -> row("m", CandidateStatus.COMPLETED, Double.NaN, 20)).hasMessageContaining("m: status COMPLETED");
        assertThatThrownBy(() -> row("m", CandidateStatus.FAILED, 50, 20)).hasMessageContaining("FAILED");
    }

    @Test
    void csvHasOneQuotedLinePerModelBestFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/leaderboard.csv");
        LeaderboardCsv.write(file, REPORT);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo(String.join(",", LeaderboardCsv.HEADER));
        assertThat(lines.get(1)).isEqualTo("1,m-c,0,conv3x8|dense0,STOPPED_EARLY,80.2500,,,6.5000,20,1234,");
        assertThat(lines.get(4)).isEqualTo("4,m-a,0,conv3x8|dense0,FAILED,,,,2.0000,20,1234,\"boom, \"\"badly\"\"\"");
    }

    @Test
    void aRunStoppedByHandIsRankedByItsFitnessWhenItHasOneAndShownAsSuchInTheCsv() {
        LeaderboardRow byHand = new LeaderboardRow("m-f", 0, "conv3x8|dense0", CandidateStatus.STOPPED_BY_HAND, 75.0,
                55.0, 75.0, 3, 20, 1234, "stopped by hand: MANUAL stop of run 1 at epoch 2.0");
        LeaderboardRow blind = new LeaderboardRow("m-g", 0, "conv3x8|dense0", CandidateStatus.STOPPED_BY_HAND,
                Double.NaN, Double.NaN, Double.NaN, 1, 20, 1234, "stopped by hand; no accuracy known");
        SearchReport report = new SearchReport("s", "random", List.of(blind, byHand,
                row("m-c", CandidateStatus.STOPPED_EARLY, 80.25, 6.5)));
        assertThat(report.rows()).extracting(LeaderboardRow::modelId).containsExactly("m-c", "m-f", "m-g");
        assertThat(report.count(CandidateStatus.STOPPED_BY_HAND)).isEqualTo(2);
        assertThat(byHand.ranked()).isTrue();
        assertThat(blind.ranked()).isFalse();
        // its epochs were trained: they count against the budget
        assertThat(report.epochsUsed()).isEqualTo(6.5 + 3 + 1);
        assertThat(report.epochsBudget()).isEqualTo(60);
        assertThat(LeaderboardCsv.format(report).lines().toList().get(2)).isEqualTo(
                "2,m-f,0,conv3x8|dense0,STOPPED_BY_HAND,75.0000,55.0000,75.0000,3.0000,20,1234,"
                        + "stopped by hand: MANUAL stop of run 1 at epoch 2.0");
        assertThat(new SearchReport("s", "random", List.of(blind)).best()).isEmpty();
        assertThat(LeaderboardTable.format(report, 10)).contains("STOPPED_BY_HAND");
    }

    @Test
    void tableShowsTheBestRowsAndSaysHowManyAreLeftOut() {
        String table = LeaderboardTable.format(REPORT, 3);
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).contains("rank", "model", "fitness", "architecture");
        assertThat(lines.get(1)).contains("1", "m-c", "STOPPED_EARLY", "80.25", "6.50/20", "1234", "conv3x8|dense0");
        assertThat(lines.get(3)).contains("m-e", "71.50", "5/20");
        assertThat(lines.get(4)).contains("2 more");
        assertThat(LeaderboardTable.format(REPORT, 10).lines()).hasSize(6).last().asString().contains("m-d", "MISSING", "-");
    }
}
