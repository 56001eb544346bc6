package org.peng4nn.predictor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A predictor instance in a child JVM, so a test can kill it like a crashed machine (SIGKILL: no
 * close, no commit, an open transaction left behind).
 */
final class PredictorProcess implements AutoCloseable {

    private final Process process;

    private PredictorProcess(Process process) {
        this.process = process;
    }

    /** Starts a child running {@link #main} with these settings, logging to {@code log}. */
    static PredictorProcess start(Map<String, String> settings, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), PredictorProcess.class.getName()));
        settings.forEach((k, v) -> command.add(k + "=" + v));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new PredictorProcess(builder.start());
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    /** Child entry point: KEY=VALUE arguments over the default configuration; runs until killed or its parent dies. */
    public static void main(String[] args) throws Exception {
        PredictorConfig config = PredictorConfig.defaults();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            config = config.with(arg.substring(0, eq), arg.substring(eq + 1));
        }
        PredictorApp app = PredictorApp.start(config, Path.of(config.get("state.dir")), Duration.ofSeconds(90));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        while (parent.isAlive()) {
            Thread.sleep(500);
        }
        System.exit(0);
    }
}
