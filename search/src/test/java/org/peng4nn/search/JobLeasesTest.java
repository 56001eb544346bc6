package org.peng4nn.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobLeasesTest {

    private static final Instant T0 = Instant.parse("2026-12-02T03:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void aQueuedJobNeverExpiresHoweverLongItWaits() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0);
        assertThat(leases.expired(at(3600))).isEmpty();
        assertThat(leases.lease("m0").orElseThrow().taken()).isFalse();
    }

    @Test
    void theLeaseStartsWhenTheJobIsTakenAndEachEpochRenewsIt() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0).taken("m0", 1, at(100));
        assertThat(leases.expired(at(130))).isEmpty(); // exactly the lease: not yet
        assertThat(leases.expired(at(131))).singleElement().satisfies(e -> {
            assertThat(e.lost().run()).isEqualTo(1);
            assertThat(e.silentFor()).isEqualTo(Duration.ofSeconds(31));
            assertThat(e.nextRun()).contains(2);
        });
        JobLeases progressing = leases.progress("m0", 1, at(120)).progress("m0", 1, at(145));
        assertThat(progressing.expired(at(170))).isEmpty();
        assertThat(progressing.expired(at(176))).hasSize(1);
        assertThat(progressing.lease("m0").orElseThrow().epochs()).isEqualTo(2);
    }

    @Test
    void anEpochEventAlsoStartsTheLeaseOfAJobNotYetSeenTaken() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0).progress("m0", 1, at(50));
        assertThat(leases.lease("m0").orElseThrow().taken()).isTrue();
        assertThat(leases.expired(at(81))).hasSize(1);
        // a late 'taken' look-up does not move the lease back nor forward
        assertThat(leases.taken("m0", 1, at(70)).expired(at(81))).hasSize(1);
    }

    @Test
    void eventsOfAnotherRunNeverRenewTheLease() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0).taken("m0", 1, at(10))
                .issued("m0", 2, at(41)).taken("m0", 2, at(42));
        // the superseded run 1 is slow but alive: its epochs do not keep run 2 alive
        JobLeases withOldEvents = leases.progress("m0", 1, at(60)).progress("m0", 1, at(70))
                .progress("m0", 3, at(70)).progress("other", 1, at(70));
        assertThat(withOldEvents.expired(at(73))).singleElement()
                .satisfies(e -> assertThat(e.lost().run()).isEqualTo(2));
        assertThat(withOldEvents.lease("m0").orElseThrow().epochs()).isZero();
        assertThat(withOldEvents.lease("other")).isEmpty();
    }

    @Test
    void aReissuedRunWaitsToBeTakenAgainAndAfterMaxRunsTheJobIsGivenUp() {
        JobLeases leases = JobLeases.of(LEASE, 2).issued("m0", 1, T0).taken("m0", 1, T0);
        JobLeases.Expiry first = leases.expired(at(31)).get(0);
        assertThat(first.nextRun()).contains(2);
        leases = leases.issued("m0", 2, at(31));
        assertThat(leases.expired(at(600))).as("run 2 queued").isEmpty();
        leases = leases.taken("m0", 2, at(600)).progress("m0", 2, at(610));
        JobLeases.Expiry last = leases.expired(at(641)).get(0);
        assertThat(last.nextRun()).isEmpty();
        assertThat(last.reason(leases.maxRuns())).contains("run 2", "PT31S", "1 epochs seen", "given up after 2 runs");
        assertThat(leases.ended("m0").jobs()).isEmpty();
        assertThat(leases.ended("m0").expired(at(10_000))).isEmpty();
    }

    @Test
    void onlyTheLostJobsExpireInIssueOrderAndAnEndedJobIsForgotten() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("a", 1, T0).issued("b", 1, T0).issued("c", 1, T0)
                .taken("a", 1, at(1)).taken("b", 1, at(1)).taken("c", 1, at(1)).progress("b", 1, at(20))
                .ended("c");
        assertThat(leases.expired(at(40))).extracting(e -> e.lost().modelId()).containsExactly("a");
        assertThat(leases.expired(at(60))).extracting(e -> e.lost().modelId()).containsExactly("a", "b");
        assertThat(leases.lease("c")).isEqualTo(Optional.empty());
    }

    @Test
    void aJobGivenBackToTheQueueWaitsThereWithoutALeaseUntilTakenAgain() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0).taken("m0", 1, at(5)).progress("m0", 1, at(9))
                .requeued("m0", 1);
        assertThat(leases.lease("m0").orElseThrow().taken()).isFalse();
        assertThat(leases.expired(at(3600))).isEmpty();
        assertThat(leases.taken("m0", 1, at(3600)).expired(at(3631))).hasSize(1);
        // a give-back of an older run changes nothing
        JobLeases run2 = JobLeases.of(LEASE, 3).issued("m0", 2, T0).taken("m0", 2, at(1));
        assertThat(run2.requeued("m0", 1)).isEqualTo(run2);
    }

    @Test
    void aManualStopOfTheCurrentRunEndsTheJobWithWhatWasSeenOfThatRun() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0).issued("m1", 1, T0).taken("m0", 1, at(1))
                .progress("m0", 1, new JobLeases.Evaluation(0, 41.5), at(10))
                .progress("m0", 1, new JobLeases.Evaluation(2, 55.0), at(30))
                .progress("m0", 1, new JobLeases.Evaluation(1, 50.0), at(31)); // late event of an earlier epoch
        JobLeases.HandStop stop = leases.stoppedByHand("m0", 1).orElseThrow();
        assertThat(stop.stopped().run()).isEqualTo(1);
        assertThat(stop.stopped().epochs()).isEqualTo(3);
        assertThat(stop.stopped().lastSeen()).contains(new JobLeases.Evaluation(2, 55.0));
        // the job is over: never expires, so never re-issued; the other job keeps its lease
        assertThat(stop.rest().lease("m0")).isEmpty();
        assertThat(stop.rest().expired(at(10_000))).isEmpty();
        assertThat(stop.rest().lease("m1")).isPresent();
        assertThat(leases.expired(at(62))).as("without the stop it would expire").hasSize(1);
    }

    @Test
    void aManualStopOfASupersededRunOrAnEndedJobChangesNothing() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0).taken("m0", 1, at(1)).issued("m0", 2, at(40))
                .taken("m0", 2, at(41));
        assertThat(leases.stoppedByHand("m0", 1)).isEmpty();
        assertThat(leases.stoppedByHand("m0", 3)).as("a run not yet published").isEmpty();
        assertThat(leases.ended("m0").stoppedByHand("m0", 2)).isEmpty();
        assertThat(leases.stoppedByHand("other", 1)).isEmpty();
        // a stop of a run still in the queue is the current run's: it ends the job, with nothing seen
        JobLeases.HandStop queued = JobLeases.of(LEASE, 3).issued("m0", 1, T0).stoppedByHand("m0", 1).orElseThrow();
        assertThat(queued.stopped().epochs()).isZero();
        assertThat(queued.stopped().lastSeen()).isEmpty();
        assertThat(queued.rest().jobs()).isEmpty();
    }

    @Test
    void anEvaluationOfAnotherRunIsNotRemembered() {
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 1, T0).issued("m0", 2, at(40))
                .progress("m0", 1, new JobLeases.Evaluation(5, 70.0), at(45));
        assertThat(leases.lease("m0").orElseThrow().lastSeen()).isEmpty();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> JobLeases.of(Duration.ZERO, 3)).hasMessageContaining("lease must be positive");
        assertThatThrownBy(() -> JobLeases.of(LEASE, 0)).hasMessageContaining("max runs");
        JobLeases leases = JobLeases.of(LEASE, 3).issued("m0", 2, T0);
        assertThatThrownBy(() -> leases.issued("m0", 2, T0)).hasMessageContaining("run 2 of m0 is not after run 2");
    }
}
