package org.peng4nn.search.leaderboard;

import java.util.Comparator;
import java.util.Objects;

/**
 * One trained candidate on the leaderboard. Accuracies are in percent; {@code NaN} stands for "none"
 * (no evaluation, no prediction, or no fitness because the run failed or its result is missing).
 *
 * @param modelId         the job's model id
 * @param generation      0-based generation of the search that proposed it
 * @param architecture    canonical architecture text
 * @param status          how its training ended
 * @param fitness         what the search ranks by: predicted final accuracy when stopped early (or by hand), else
 *                        observed
 * @param observedFinal   last measured accuracy
 * @param predictedFinal  last predicted accuracy at {@code maxEpochs}
 * @param epochsUsed      epochs actually trained (0 when missing)
 * @param maxEpochs       the training budget
 * @param parameterCount  trainable parameters for the search's input shape
 * @param failureMessage  why it failed, is missing or was stopped by hand; empty otherwise
 */
public record LeaderboardRow(String modelId, int generation, String architecture, CandidateStatus status, double fitness,
                             double observedFinal, double predictedFinal, double epochsUsed, int maxEpochs,
                             long parameterCount, String failureMessage) {

    /** Best first: higher fitness, rows without fitness last, ties by model id so the order is stable. */
    public static final Comparator<LeaderboardRow> BEST_FIRST = Comparator
            .comparing((LeaderboardRow r) -> Double.isNaN(r.fitness()))
            .thenComparing(Comparator.comparingDouble(LeaderboardRow::fitness).reversed())
            .thenComparing(LeaderboardRow::modelId);

    public LeaderboardRow {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(status, "status");
        failureMessage = failureMessage == null ? "" : failureMessage;
        if (status != CandidateStatus.STOPPED_BY_HAND && status.ranked() == Double.isNaN(fitness)) {
            throw new IllegalArgumentException(modelId + ": status " + status + " with fitness " + fitness
                    + " (a stopped or completed run has a fitness, a failed or missing one has none)");
        }
    }

    /**
     * Whether the search can rank this candidate by its fitness: a run stopped early or completed always, one stopped by
     * hand when an accuracy of it was known, a failed or missing one never.
     */
    public boolean ranked() {
        return !Double.isNaN(fitness);
    }
}
