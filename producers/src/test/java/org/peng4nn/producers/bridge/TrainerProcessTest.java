package org.peng4nn.producers.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.StopReason;

class TrainerProcessTest {

    @Test
    void signalNamesAreNormalisedForKill() {
        assertThat(TrainerProcess.signalName("SIGTERM")).isEqualTo("TERM");
        assertThat(TrainerProcess.signalName("usr1")).isEqualTo("USR1");
        assertThat(TrainerProcess.signalName("15")).isEqualTo("15");
        assertThatThrownBy(() -> TrainerProcess.signalName("TERM; rm -rf /")).hasMessageContaining("not a signal");
        // well formed but no signal: refused at start, listing the names, not at the stop by kill
        assertThatThrownBy(() -> TrainerProcess.signalName("NOPE")).hasMessageContaining("not a signal name: 'NOPE'")
                .hasMessageContaining("TERM, CHLD".substring(0, 4)).hasMessageContaining("USR1");
        assertThatThrownBy(() -> TrainerProcess.signalName("99")).hasMessageContaining("1-64");
    }

    @Test
    void theProcessOfThisTestIsAliveAndAnUnusedPidIsNot() {
        assertThat(TrainerProcess.of(ProcessHandle.current().pid()).isAlive()).isTrue();
        assertThat(TrainerProcess.of(Integer.MAX_VALUE).isAlive()).isFalse();
    }

    @Test
    void theStopFileIsOneJsonLine() {
        StopCommand command = StopCommand.newBuilder().setModelId("m7").setSearchId("s1").setRun(2)
                .setReason(StopReason.PRUNED).setAtEpoch(6.0).setPredictedFinal(null)
                .setIssuedAt(Instant.parse("2026-11-28T18:00:00Z")).build();

        assertThat(StopFile.json(command)).isEqualTo("{\"model_id\":\"m7\",\"search_id\":\"s1\",\"run\":2,"
                + "\"reason\":\"PRUNED\",\"at_epoch\":6.0,\"predicted_final\":null,\"issued_at\":\"2026-11-28T18:00:00Z\"}");
    }
}
