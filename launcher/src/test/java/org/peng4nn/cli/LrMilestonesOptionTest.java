package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.LrMilestones;
import picocli.CommandLine;

/** {@code --lr-milestones} reads, validates and fails the same in every command that takes it. */
class LrMilestonesOptionTest {

    private static final String BUNDLED = Path.of("..", "data", "a4nn", "1gpu_1e16_training_data.csv").toString();

    /** Each command with what it needs besides the flag to get past parsing. */
    private static final String[][] COMMANDS = {
        {"evaluate", "--input", BUNDLED, "--format", "a4nn"},
        {"tune", "--input", BUNDLED, "--format", "a4nn", "--out", "target/never"},
        {"replay", "--input", BUNDLED, "--format", "a4nn"},
        {"bridge", "--log", "train.csv", "--model-id", "m1", "--max-epochs", "25", "--stop-file", "STOP"},
        {"search", "--max-epochs", "25"},
        {"demo"},
    };

    @Test
    void aBadValueIsOneLineNamingTheFlagAndTheValueInEveryCommand() {
        for (String[] command : COMMANDS) {
            for (String bad : new String[] {"5,ten", "-3", "5,5", "7,,9"}) {
                CliRun r = CliRun.of(concat(command, "--lr-milestones", bad));
                assertThat(r.status()).as("%s --lr-milestones %s", command[0], bad).isEqualTo(2);
                assertThat(r.stderr()).as(command[0]).contains("--lr-milestones", "'" + bad + "'")
                        .doesNotContain("Usage:");
            }
        }
    }

    @Test
    void everyCommandReadsTheTextAlike() {
        for (String[] command : COMMANDS) {
            CommandLine cli = Peng4nn.commandLine();
            CommandLine.ParseResult parsed = cli.parseArgs(concat(command, "--lr-milestones", "15, 5,10"));
            LrMilestones read = parsed.subcommand().matchedOptionValue("--lr-milestones", LrMilestones.NONE);
            assertThat(read).as(command[0]).isEqualTo(LrMilestones.of(5, 10, 15));
            assertThat(cli.getSubcommands().get(command[0]).getCommandSpec().findOption("--lr-milestones")
                    .paramLabel()).as(command[0]).isEqualTo("E1,E2,...");
        }
    }

    @Test
    void theDemoHasItsOwnDefaultScheduleAndRefusesCutsItsTrainersCannotMake() {
        CommandLine.ParseResult parsed = Peng4nn.commandLine().parseArgs("demo");
        DemoCommand demo = (DemoCommand) parsed.subcommand().commandSpec().userObject();
        assertThat(demo.lrMilestones).isEqualTo(LrMilestones.parse(DemoCommand.Defaults.LR_MILESTONES));

        CliRun r = CliRun.of("demo", "--lr-milestones", "10.5");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).contains("--lr-milestones 10.5: the demo's DL4J trainers change the rate at whole epochs");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
