package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The bridge's command line without a broker: help and the inputs it refuses before connecting. */
class BridgeCommandTest {

    private record Run(int status, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Peng4nn.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void helpExplainsTheExitCodes() {
        StringWriter out = new StringWriter();
        CommandLine cli = Peng4nn.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("bridge", "--help")).isZero();
        assertThat(out.toString()).contains("3 stopped by the predictor", "4 stop command received but the signal "
                + "could not be sent", "--stop-file", "--signal", "localhost:9092");
    }

    @Test
    void aBridgeThatCouldNotStopTheTrainerIsRefused() {
        Run r = run("bridge", "--log", "train.csv", "--model-id", "m1", "--max-epochs", "25");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: nothing would stop the trainer");
    }

    @Test
    void unknownFormatScaleOrSignalAndADeadPidAreBadInput() {
        String[] base = {"bridge", "--log", "train.csv", "--model-id", "m1", "--max-epochs", "25", "--stop-file", "STOP"};

        assertThat(run(concat(base, "--format", "xml")).err()).contains("--format 'xml'", "jsonl");
        assertThat(run(concat(base, "--scale", "ratio")).status()).isEqualTo(2);
        assertThat(run(concat(base, "--signal", "TERM")).err()).contains("needs the trainer's process id");
        assertThat(run(concat(base, "--pid", Long.toString(Integer.MAX_VALUE))).err()).contains("no such process");
        assertThat(run(concat(base, "--pid", Long.toString(ProcessHandle.current().pid()), "--signal", "NOPE!")).err())
                .contains("not a signal name");
        Run nope = run(concat(base, "--pid", Long.toString(ProcessHandle.current().pid()), "--signal", "NOPE"));
        assertThat(nope.status()).as("a well-formed name that is no signal fails at start, not at the stop").isEqualTo(2);
        assertThat(nope.err()).contains("not a signal name: 'NOPE'", "TERM", "USR1");
        assertThat(run(concat(base, "--epoch-base", "2")).status()).isEqualTo(2);
    }

    @Test
    void thePollIntervalIsADurationAndTheOlderMillisecondFlagStillWorks() {
        String[] base = {"bridge", "--log", "train.csv", "--model-id", "m1", "--max-epochs", "25", "--stop-file", "STOP"};

        assertThat(pollInterval(base)).isEqualTo(Duration.ofMillis(500));
        assertThat(pollInterval(concat(base, "--poll", "2s"))).isEqualTo(Duration.ofSeconds(2));
        assertThat(pollInterval(concat(base, "--poll", "PT0.1S"))).isEqualTo(Duration.ofMillis(100));
        assertThat(pollInterval(concat(base, "--poll-ms", "250"))).isEqualTo(Duration.ofMillis(250));
        Run bad = run(concat(base, "--poll", "soon"));
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("'soon' is not a duration");
    }

    private static Duration pollInterval(String... args) {
        ParseResult parsed = Peng4nn.commandLine().parseArgs(args);
        return ((BridgeCommand) parsed.subcommand().commandSpec().userObject()).pollInterval();
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
