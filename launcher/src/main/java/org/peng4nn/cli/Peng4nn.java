package org.peng4nn.cli;

import java.io.PrintWriter;
import java.util.Optional;
import org.peng4nn.cli.bench.BenchCommand;
import org.peng4nn.cli.curves.CurveFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./peng4nn} command line. */
@Command(name = "peng4nn",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "PEng4NN on Kafka: predicts each network's final accuracy from its first epochs and stops training once the prediction has settled, so a neural architecture search trains several times fewer epochs. Progress goes to stderr; with --json the last stdout line is one JSON object.",
        subcommands = {
            EvaluateCommand.class,
            PoliciesCommand.class,
            TuneCommand.class,
            BenchCommand.class,
            BrokerCommand.class,
            BridgeCommand.class,
            DashboardCommand.class,
            DemoCommand.class,
            PredictorCommand.class,
            ReplayCommand.class,
            SearchCommand.class,
            StopModelCommand.class,
            TrainerCommand.class,
            TailCommand.class,
            ExportCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 success, 1 failure, 2 bad input or usage.",
            "Run './peng4nn COMMAND --help' for the options of a command."})
public final class Peng4nn implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests run commands through it too. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Peng4nn());
        cli.setExecutionExceptionHandler(Peng4nn::handle);
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> badValue(e, args, usage));
        return cli;
    }

    /** A value of the wrong form (a duration, a number) is bad input like any other: one line, exit 2. */
    private static int badValue(CommandLine.ParameterException e, String[] args,
            CommandLine.IParameterExceptionHandler usage) throws Exception {
        if (!(e.getCause() instanceof CommandLine.TypeConversionException)) {
            return usage.handleParseException(e, args);
        }
        PrintWriter err = e.getCommandLine().getErr();
        err.println("error: " + e.getMessage());
        err.flush();
        return 2;
    }

    /**
     * Bad input is the user's to fix: one line naming file, line and problem, exit 2; so are credentials Kafka
     * refused; anything else is ours.
     */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof CurveFileException || e instanceof BadInputException) {
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        Optional<String> refused = KafkaErrors.refusedCredentials(e);
        if (refused.isPresent()) {
            err.println("error: " + refused.get());
            err.flush();
            return 2;
        }
        err.println("peng4nn " + cli.getCommandName() + " failed: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }
}
