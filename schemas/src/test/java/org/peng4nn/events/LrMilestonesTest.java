package org.peng4nn.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one reading of the {@code --lr-milestones} text, and jobs that carry what it reads. */
class LrMilestonesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void theFlagTextReadsInAnyOrderAndPrintsBackAscending() {
        LrMilestones m = LrMilestones.parse("15, 5,10");
        assertThat(m.epochs()).containsExactly(5.0, 10.0, 15.0);
        assertThat(m.toString()).isEqualTo("5,10,15");
        assertThat(LrMilestones.parse("2.5").toString()).isEqualTo("2.5");
        assertThat(LrMilestones.parse("")).isEqualTo(LrMilestones.NONE);
        assertThat(LrMilestones.parse(" ").isEmpty()).isTrue();
    }

    @Test
    void aBadValueNamesTheOffendingPart() {
        assertThatThrownBy(() -> LrMilestones.parse("5,ten")).hasMessageContaining("'ten'");
        assertThatThrownBy(() -> LrMilestones.parse("5,,10")).hasMessageContaining("''");
        assertThatThrownBy(() -> LrMilestones.parse("-1")).hasMessageContaining("-1");
        assertThatThrownBy(() -> LrMilestones.parse("NaN")).hasMessageContaining("NaN");
        assertThatThrownBy(() -> LrMilestones.parse("5,5")).hasMessageContaining("5 is given twice");
    }

    @Test
    void reachedByCountsTheRateChangesAnEpochTrainsAfter() {
        LrMilestones m = LrMilestones.of(10, 5);
        assertThat(m.reachedBy(4)).isZero();
        assertThat(m.reachedBy(5)).isEqualTo(1);
        assertThat(m.reachedBy(9.5)).isEqualTo(1);
        assertThat(m.reachedBy(10)).isEqualTo(2);
    }

    @Test
    void aJobCarriesItsMilestonesAndAJobWithoutThemHasNone() {
        TrainingJob stepped = TrainingJobs.firstRun("s", "m", "arch", "cifar100", 25, Map.of(),
                LrMilestones.of(20, 10), NOW);
        assertThat(stepped.getLrMilestones()).containsExactly(10.0, 20.0);
        assertThat(LrMilestones.of(stepped)).isEqualTo(LrMilestones.of(10, 20));

        TrainingJob constant = TrainingJobs.firstRun("s", "m", "arch", "cifar100", 25, Map.of(), NOW);
        assertThat(constant.getLrMilestones()).isEmpty();
        assertThat(LrMilestones.of(constant)).isEqualTo(LrMilestones.NONE);
    }
}
