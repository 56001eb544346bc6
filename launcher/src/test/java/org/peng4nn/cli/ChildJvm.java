package org.peng4nn.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of our mains in a JVM of its own, its stdout and stderr in one log file: what a supervisor starts, kills with
 * SIGKILL and stops with SIGTERM, and what an operator reads. The process ITs share it so that each reads the log the
 * same careful way: a line counts once its newline is written, because the test reads the file while the child
 * writes it.
 */
record ChildJvm(Process process, Path log) {

    /** The line {@code ./peng4nn predictor} prints once it processes; group 1: its HTTP API, when it serves one. */
    static final Pattern PREDICTOR_RUNNING =
            Pattern.compile("^predictor running on \\S+?(?:, HTTP API at (http://\\S+))?; Ctrl-C stops it$");

    /** {@code ./peng4nn ARGS}. */
    static ChildJvm peng4nn(Path log, String... args) throws IOException {
        return start(Peng4nn.class, List.of("-Xmx384m"), Map.of(), log, false, Arrays.asList(args));
    }

    /**
     * @param jvmOptions  options before the class path ({@code -Xmx...}, {@code -D...})
     * @param environment added to this JVM's environment
     * @param append      append to {@code log} (several instances, one after another, in one file) or start it anew
     */
    static ChildJvm start(Class<?> main, List<String> jvmOptions, Map<String, String> environment, Path log,
            boolean append, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Path parent = log.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(append
                ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start(), log);
    }

    /** The log's complete lines so far; a line still being written (no newline yet) waits for the next read. */
    static List<String> lines(Path log) {
        try {
            if (!Files.exists(log)) {
                return List.of();
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + log, e);
        }
    }

    /** The complete lines, one string (for {@code contains} checks). */
    String text() {
        return String.join("\n", lines(log));
    }

    /** Whether the process still runs. */
    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code count} complete lines match {@code line} (e.g. the second instance of a command appending
     * to one log) and returns the last of them matched; fails, quoting the log's end, when the process exits first or
     * {@code limit} passes.
     */
    Matcher awaitLine(Pattern line, int count, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean exited = !process.isAlive(); // read after this: what the process wrote before it exited is in
            List<Matcher> matches = lines(log).stream().map(line::matcher).filter(Matcher::find).toList();
            if (matches.size() >= count) {
                return matches.get(count - 1);
            }
            if (exited || System.nanoTime() > deadline) {
                String why = exited ? "the process exited with " + process.exitValue() : "not after " + limit;
                throw new AssertionError(String.format("%d line(s) matching '%s' wanted, %d found, %s; log %s ends:%n%s",
                        count, line, matches.size(), why, log, tail(20)));
            }
            sleep(100);
        }
    }

    /**
     * Waits up to 2 minutes (a JVM and Kafka Streams starting on a loaded 2-core machine) for the {@code nth}
     * {@link #PREDICTOR_RUNNING} line in the log: the first for a log of its own, more when instances append to one.
     */
    Matcher awaitPredictorRunning(int nth) {
        return awaitLine(PREDICTOR_RUNNING, nth, Duration.ofMinutes(2));
    }

    /** Its last {@code n} complete lines, for a failure message. */
    String tail(int n) {
        List<String> all = lines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** SIGTERM, and SIGKILL when it has not exited within {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** A condition a test polls; it may throw (an HTTP call, a read), which fails the test. */
    interface Check {
        boolean done() throws Exception;
    }

    /** Polls {@code check} every {@code every} until it holds; fails when it still does not after {@code limit}. */
    static void poll(Duration limit, Duration every, Check check) {
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            while (!check.done()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not done after " + limit);
                }
                sleep(every.toMillis());
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
