package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every {@code ./peng4nn COMMAND} that the README and the other docs show must be a command of the real command
 * line whose --help exits 0, so that the docs cannot drift from the CLI unnoticed.
 */
class DocumentedCommandsTest {

    private static final Path ROOT = Path.of("..");

    /** "./peng4nn" and the lowercase words after it on the same line; a placeholder (COMMAND), an option or a '#' ends them. */
    private static final Pattern INVOCATION = Pattern.compile("\\./peng4nn((?:[ \\t]+[a-z][a-z0-9-]*)*)");

    @TestFactory
    Stream<DynamicTest> everyDocumentedCommandExistsAndHasHelp() throws IOException {
        List<Path> documents = documents();
        assertThat(documents).contains(ROOT.resolve("README.md"));

        // command path -> where the docs show it, as file:line
        Map<List<String>, List<String>> commands = new LinkedHashMap<>();
        for (Path document : documents) {
            List<String> lines = Files.readAllLines(document);
            for (int i = 0; i < lines.size(); i++) {
                Matcher invocation = INVOCATION.matcher(lines.get(i));
                while (invocation.find()) {
                    String words = invocation.group(1).strip();
                    commands.computeIfAbsent(commandPath(words.isEmpty() ? new String[0] : words.split("\\s+")), path -> new ArrayList<>())
                            .add(ROOT.relativize(document) + ":" + (i + 1));
                }
            }
        }
        // a parser that finds nothing would pass everything: the README alone shows every command
        assertThat(commands.keySet()).as("commands found in %s", documents)
                .contains(List.of(), List.of("evaluate"), List.of("bench", "fit"), List.of("demo"));

        return commands.entrySet().stream().map(command -> dynamicTest(
                String.join(" ", invocation(command.getKey())) + " --help", () -> helpExitsZero(command.getKey(), command.getValue())));
    }

    /** README.md, the README of each module and everything under docs/. */
    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(ROOT.resolve("README.md"));
        try (Stream<Path> top = Files.list(ROOT)) {
            top.filter(Files::isDirectory).map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(documents::add);
        }
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    /**
     * The words that name a command: each a subcommand of the one before. Words after a command without
     * subcommands are its arguments; an unknown word where subcommands exist stays in, for its test to report.
     */
    private static List<String> commandPath(String[] words) {
        CommandLine command = Peng4nn.commandLine();
        List<String> path = new ArrayList<>();
        for (String word : words) {
            if (command == null || command.getSubcommands().isEmpty()) {
                break;
            }
            path.add(word);
            command = command.getSubcommands().get(word);
        }
        return path;
    }

    private static void helpExitsZero(List<String> path, List<String> shownAt) {
        CommandLine command = Peng4nn.commandLine();
        for (String word : path) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                fail(String.join(", ", shownAt) + " shows '" + String.join(" ", invocation(path)) + "', but '"
                        + command.getCommandSpec().qualifiedName() + "' has no command '" + word + "' (it has: "
                        + String.join(", ", command.getSubcommands().keySet()) + ")");
            }
            command = sub;
        }
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        CliRun run = CliRun.of(args.toArray(String[]::new));

        assertThat(run.status()).as("'%s --help', shown at %s, exited %d; stderr:%n%s",
                String.join(" ", invocation(path)), String.join(", ", shownAt), run.status(), run.stderr()).isZero();
        assertThat(run.stdout()).contains("Usage: " + command.getCommandSpec().qualifiedName());
    }

    private static List<String> invocation(List<String> path) {
        List<String> words = new ArrayList<>();
        words.add("./peng4nn");
        words.addAll(path);
        return words;
    }
}
