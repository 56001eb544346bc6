package org.peng4nn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One command run through the real command line, as {@code ./peng4nn} runs it, with what it printed. */
record CliRun(int status, String stdout, String stderr) {

    static CliRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Peng4nn.commandLine();
            cli.setErr(new PrintWriter(cliErr, true));
            int status = cli.execute(args);
            return new CliRun(status, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8) + cliErr);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** The --json line: the last line of stdout. */
    JsonNode json() throws Exception {
        String[] lines = stdout.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
