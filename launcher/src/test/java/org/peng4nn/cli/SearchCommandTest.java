package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The search command's input checks, which need no broker: each bad option is one line and exit 2. */
class SearchCommandTest {

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Peng4nn.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new String[] {String.valueOf(status), err.toString()};
    }

    @Test
    void badOptionsAreOneLineNamingTheOptionAndExitStatus2() {
        assertThat(run("search", "--timeout", "5x")).containsExactly("2", "error: Invalid value for option "
                + "'--timeout': '5x' is not a duration (e.g. 90s, 30m, 2h or PT1H30M)" + System.lineSeparator());
        assertThat(run("search", "--dataset", "mnist-like")[1]).startsWith("error: --dataset mnist-like: its input shape");
        assertThat(run("search", "--strategy", "grid")[1]).isEqualTo("error: --strategy grid: expected random or nsga2"
                + System.lineSeparator());
        assertThat(run("search", "--population", "1")).containsExactly("2",
                "error: NSGA-II needs a population of at least 2, got 1" + System.lineSeparator());
        assertThat(run("search", "--strategy", "random", "--models", "0")[0]).isEqualTo("2");
        assertThat(run("search", "--input-shape", "1x28")[1]).contains("--input-shape and --classes go together");
        assertThat(run("search", "--input-shape", "1x28", "--classes", "3")[1])
                .contains("expected CHANNELSxHEIGHTxWIDTH");
        assertThat(run("search", "--job-lease", "500ms")).containsExactly("2",
                "error: the job lease must be between PT1S and PT24H, got PT0.5S" + System.lineSeparator());
    }

    @Test
    void theJobLeaseIsDocumentedWithItsDefault() {
        String help = Peng4nn.commandLine().getSubcommands().get("search").getUsageMessage();
        assertThat(help).contains("--job-lease=DURATION").contains("Default: PT10M");
    }
}
