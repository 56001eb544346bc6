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
}
