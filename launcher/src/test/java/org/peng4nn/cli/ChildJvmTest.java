package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process ITs' way of reading a child's log while the child writes it. */
class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void aLineCountsOnceItsNewlineIsWritten() throws Exception {
        Path log = dir.resolve("child.log");
        assertThat(ChildJvm.lines(log)).as("no log yet").isEmpty();
        // what a reader saw in CI: the line printed in pieces, the HTTP API's piece not yet written
        Files.writeString(log, "starting\npredictor running on 127.0.0.1:37179");
        assertThat(ChildJvm.lines(log)).containsExactly("starting");
        Files.writeString(log, "starting\npredictor running on 127.0.0.1:37179, HTTP API at http://127.0.0.1:4123; "
                + "Ctrl-C stops it\n");
        assertThat(ChildJvm.lines(log)).hasSize(2).last().satisfies(line -> {
            var running = ChildJvm.PREDICTOR_RUNNING.matcher(line);
            assertThat(running.find()).isTrue();
            assertThat(running.group(1)).isEqualTo("http://127.0.0.1:4123");
        });
        assertThat(ChildJvm.PREDICTOR_RUNNING.matcher("predictor running on 127.0.0.1:37179; Ctrl-C stops it").find())
                .as("without an HTTP API").isTrue();
    }

    @Test
    void aChildThatExitsBeforeItsLineFailsTheWaitQuotingItsLog() throws Exception {
        Path log = dir.resolve("gone.log");
        ChildJvm child = ChildJvm.start(Peng4nn.class, List.of("-Xmx64m"), Map.of(), log, false,
                List.of("predictor", "--no-such-option"));
        assertThatThrownBy(() -> child.awaitPredictorRunning(1)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("the process exited with 2")
                .hasMessageContaining("-V, --version"); // the end of the usage it printed
        assertThat(child.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }
}
