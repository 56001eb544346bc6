package org.peng4nn.search;

import java.time.Duration;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.strategy.Objectives;

/** Turns training results into leaderboard rows and the objectives the strategies compare. Pure. */
final class ResultScoring {

    private ResultScoring() {
    }

    /**
     * The row of a candidate whose result arrived. The fitness is the one the result carries; a result
     * without one falls back on the rule that defines it (predicted if stopped early, else observed).
     * A run that failed, or claims success without any accuracy, gets no fitness.
     */
    static LeaderboardRow row(Candidate candidate, ModelResult result) {
        double observed = orNaN(result.getObservedFinal());
        double predicted = orNaN(result.getPredictedFinal());
        double fitness = result.getFitness() != null ? result.getFitness()
                : result.getStatus() == ResultStatus.STOPPED_EARLY ? predicted : observed;
        CandidateStatus outcome = switch (result.getStatus()) {
            case STOPPED_EARLY -> CandidateStatus.STOPPED_EARLY;
            case COMPLETED -> CandidateStatus.COMPLETED;
            case FAILED -> CandidateStatus.FAILED;
        };
        String message = result.getFailureMessage();
        if (outcome.ranked() && !Double.isFinite(fitness)) {
            outcome = CandidateStatus.FAILED;
            message = "result " + result.getStatus() + " carries no finite fitness (" + fitness + ")";
        }
        return new LeaderboardRow(candidate.modelId(), candidate.generation(), candidate.architecture().toString(),
                outcome, outcome.ranked() ? fitness : Double.NaN, observed, predicted, result.getEpochsUsed(),
                result.getMaxEpochs(), candidate.parameterCount(), message);
    }

    /** The row of a candidate whose result did not come within {@code waited}. */
    static LeaderboardRow missing(Candidate candidate, int maxEpochs, Duration waited) {
        return missing(candidate, maxEpochs, "no result within " + waited);
    }

    /** The row of a candidate given up before the timeout, saying why (e.g. every run's trainer was lost). */
    static LeaderboardRow missing(Candidate candidate, int maxEpochs, String why) {
        return new LeaderboardRow(candidate.modelId(), candidate.generation(), candidate.architecture().toString(),
                CandidateStatus.MISSING, Double.NaN, Double.NaN, Double.NaN, 0, maxEpochs, candidate.parameterCount(),
                why);
    }

    /** Maximize fitness, minimize parameter count; a run without fitness is infeasible. */
    static Objectives objectives(LeaderboardRow row) {
        return row.status().ranked() ? Objectives.minimize(-row.fitness(), row.parameterCount())
                : Objectives.infeasible();
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
