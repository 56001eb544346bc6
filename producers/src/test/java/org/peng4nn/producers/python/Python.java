package org.peng4nn.producers.python;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python client's scripts and tests with the system Python, the one Debian's
 * {@code python3-confluent-kafka}, {@code python3-avro} and {@code python3-torch} install into
 * ({@code /usr/bin/python3}; {@code PENG4NN_PYTHON} names another).
 */
final class Python {

    /** The Python package and its tests, relative to the producers module (Maven's working directory). */
    static final Path CLIENT_DIR = Path.of("python").toAbsolutePath();
    /** How unittest -v reports a skipped test, in the summary and per test. */
    static final String SKIPPED = "\\.\\.\\. skipped|skipped=\\d";
    static final String INSTALL_HINT = "apt-get install python3-confluent-kafka python3-avro python3-torch";

    private Python() {
    }

    static String executable() {
        String configured = System.getenv("PENG4NN_PYTHON");
        return configured == null || configured.isBlank() ? "/usr/bin/python3" : configured;
    }

    /**
     * Why the modules cannot be used, or null when they all import.
     */
    static String missing(String... modules) {
        if (!Files.isExecutable(Path.of(executable()))) {
            return executable() + " not found";
        }
        List<String> absent = new ArrayList<>();
        for (String module : modules) {
            Result result = run(Map.of(), Duration.ofSeconds(60), "-c", "import " + module);
            if (result.exitCode() != 0) {
                absent.add(module);
            }
        }
        return absent.isEmpty() ? null : executable() + " cannot import " + String.join(", ", absent);
    }

    /** Runs {@code python ARGS} in the client's folder, stdout and stderr together. */
    static Result run(Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT_DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");   // no __pycache__ in the source tree
        builder.environment().put("PYTHONUNBUFFERED", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), output), "python-output");
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                reader.join(5_000);
                return new Result(-1, "timed out after " + timeout + ":\n" + output.toString(StandardCharsets.UTF_8));
            }
            reader.join(10_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        Result result = new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
        // into the test's report, where a slow or surprising run can be read afterwards
        System.out.println("$ python " + String.join(" ", args) + "\n" + result.output());
        return result;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process was killed: what was read so far is kept
        }
    }

    record Result(int exitCode, String output) {
    }
}
