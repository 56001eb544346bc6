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

    /**
     * The row of a candidate whose current run was stopped by hand before any result of that run arrived. Fitness: the
     * command's predicted final accuracy when it carries one, else the last accuracy the run reported, else none
     * (NaN, ranked last like a missing run). Epochs used: the command's {@code atEpoch + 1}, at least the epochs seen,
     * at most the budget.
     */
    static LeaderboardRow stoppedByHand(Candidate candidate, JobLeases.Lease run, double atEpoch,
                                        Double predictedFinal, int maxEpochs) {
        double observed = run.lastSeen().map(JobLeases.Evaluation::accuracy).orElse(Double.NaN);
        double predicted = predictedFinal != null && Double.isFinite(predictedFinal) ? predictedFinal : Double.NaN;
        double fitness = !Double.isNaN(predicted) ? predicted : Double.isFinite(observed) ? observed : Double.NaN;
        double epochsUsed = Math.min(maxEpochs, Math.max(run.epochs(), Double.isFinite(atEpoch) ? atEpoch + 1 : 0));
        return new LeaderboardRow(candidate.modelId(), candidate.generation(), candidate.architecture().toString(),
                CandidateStatus.STOPPED_BY_HAND, fitness, observed, predicted, epochsUsed, maxEpochs,
                candidate.parameterCount(), "stopped by hand: MANUAL stop of run " + run.run() + " at epoch "
                        + atEpoch + (Double.isNaN(fitness) ? "; no accuracy known" : ""));
    }

    /** Maximize fitness, minimize parameter count; a run without fitness is infeasible. */
    static Objectives objectives(LeaderboardRow row) {
        return row.ranked() ? Objectives.minimize(-row.fitness(), row.parameterCount())
                : Objectives.infeasible();
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }
}
