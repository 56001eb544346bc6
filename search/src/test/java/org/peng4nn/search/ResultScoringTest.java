package org.peng4nn.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.strategy.Objectives;

class ResultScoringTest {

    private static final Candidate CANDIDATE = new Candidate("s-g1-m2", 1, Genome.of(0),
            Architecture.parse("conv3x8+max|dense0"), 900);

    private static ModelResult.Builder result(ResultStatus status) {
        return ModelResult.newBuilder().setSearchId("s").setModelId("s-g1-m2").setRun(1).setStatus(status)
                .setEpochsUsed(7.5).setMaxEpochs(20).setArchitecture("conv3x8+max|dense0")
                .setFinishedAt(Instant.EPOCH);
    }

    @Test
    void takesTheFitnessTheResultCarries() {
        LeaderboardRow row = ResultScoring.row(CANDIDATE, result(ResultStatus.STOPPED_EARLY).setObservedFinal(60.0)
                .setPredictedFinal(72.0).setFitness(72.0).build());
        assertThat(row.status()).isEqualTo(CandidateStatus.STOPPED_EARLY);
        assertThat(row.fitness()).isEqualTo(72.0);
        assertThat(row.observedFinal()).isEqualTo(60.0);
        assertThat(row.epochsUsed()).isEqualTo(7.5);
        assertThat(row.maxEpochs()).isEqualTo(20);
        assertThat(row.parameterCount()).isEqualTo(900);
        assertThat(row.generation()).isEqualTo(1);
        assertThat(ResultScoring.objectives(row)).isEqualTo(Objectives.minimize(-72.0, 900));
    }

    @Test
    void withoutAFitnessFallsBackOnTheRuleThatDefinesIt() {
        assertThat(ResultScoring.row(CANDIDATE, result(ResultStatus.STOPPED_EARLY).setObservedFinal(60.0)
                .setPredictedFinal(72.0).build()).fitness()).isEqualTo(72.0);
        assertThat(ResultScoring.row(CANDIDATE, result(ResultStatus.COMPLETED).setObservedFinal(60.0)
                .setPredictedFinal(72.0).build()).fitness()).isEqualTo(60.0);
        LeaderboardRow empty = ResultScoring.row(CANDIDATE, result(ResultStatus.COMPLETED).build());
        assertThat(empty.status()).isEqualTo(CandidateStatus.FAILED);
        assertThat(empty.failureMessage()).contains("no finite fitness");
    }

    @Test
    void failedAndMissingRunsAreInfeasibleAndKeepTheirReason() {
        LeaderboardRow failed = ResultScoring.row(CANDIDATE, result(ResultStatus.FAILED)
                .setFailureMessage("NaN loss at epoch 3").build());
        assertThat(failed.status()).isEqualTo(CandidateStatus.FAILED);
        assertThat(failed.fitness()).isNaN();
        assertThat(failed.failureMessage()).isEqualTo("NaN loss at epoch 3");
        assertThat(ResultScoring.objectives(failed).feasible()).isFalse();

        LeaderboardRow missing = ResultScoring.missing(CANDIDATE, 20, Duration.ofSeconds(5));
        assertThat(missing.status()).isEqualTo(CandidateStatus.MISSING);
        assertThat(missing.epochsUsed()).isZero();
        assertThat(missing.maxEpochs()).isEqualTo(20);
        assertThat(missing.failureMessage()).isEqualTo("no result within PT5S");
        assertThat(ResultScoring.objectives(missing).feasible()).isFalse();
    }

    private static JobLeases.Lease run(int epochs, JobLeases.Evaluation last) {
        JobLeases leases = JobLeases.of(Duration.ofSeconds(30), 3).issued("s-g1-m2", 2, Instant.EPOCH);
        for (int i = 0; i < epochs; i++) {
            leases = leases.progress("s-g1-m2", 2, i == epochs - 1 && last != null ? last
                    : new JobLeases.Evaluation(i, 10.0 + i), Instant.EPOCH.plusSeconds(i));
        }
        return leases.lease("s-g1-m2").orElseThrow();
    }

    @Test
    void aRunStoppedByHandIsRankedByTheCommandsPredictionElseItsLastAccuracyElseNotAtAll() {
        LeaderboardRow predicted = ResultScoring.stoppedByHand(CANDIDATE, run(3, new JobLeases.Evaluation(2, 55.0)),
                2, 71.0, 20);
        assertThat(predicted.status()).isEqualTo(CandidateStatus.STOPPED_BY_HAND);
        assertThat(predicted.fitness()).isEqualTo(71.0);
        assertThat(predicted.predictedFinal()).isEqualTo(71.0);
        assertThat(predicted.observedFinal()).isEqualTo(55.0);
        assertThat(predicted.epochsUsed()).isEqualTo(3.0);
        assertThat(predicted.maxEpochs()).isEqualTo(20);
        assertThat(predicted.failureMessage()).isEqualTo("stopped by hand: MANUAL stop of run 2 at epoch 2.0");
        assertThat(predicted.ranked()).isTrue();
        assertThat(ResultScoring.objectives(predicted)).isEqualTo(Objectives.minimize(-71.0, 900));

        LeaderboardRow observed = ResultScoring.stoppedByHand(CANDIDATE, run(3, new JobLeases.Evaluation(2, 55.0)),
                2, null, 20);
        assertThat(observed.fitness()).isEqualTo(55.0);
        assertThat(observed.predictedFinal()).isNaN();

        LeaderboardRow nothing = ResultScoring.stoppedByHand(CANDIDATE, run(0, null), 0, null, 20);
        assertThat(nothing.status()).isEqualTo(CandidateStatus.STOPPED_BY_HAND);
        assertThat(nothing.fitness()).isNaN();
        assertThat(nothing.ranked()).isFalse();
        assertThat(nothing.failureMessage()).endsWith("; no accuracy known");
        assertThat(ResultScoring.objectives(nothing).feasible()).isFalse();
    }

    @Test
    void theEpochsUsedByARunStoppedByHandAreAtLeastTheEpochsSeenAndAtMostTheBudget() {
        assertThat(ResultScoring.stoppedByHand(CANDIDATE, run(5, null), 1.5, 60.0, 20).epochsUsed()).isEqualTo(5.0);
        assertThat(ResultScoring.stoppedByHand(CANDIDATE, run(1, null), 1.5, 60.0, 20).epochsUsed()).isEqualTo(2.5);
        assertThat(ResultScoring.stoppedByHand(CANDIDATE, run(1, null), 40, 60.0, 20).epochsUsed()).isEqualTo(20.0);
    }
}
