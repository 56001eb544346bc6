package org.peng4nn.producers.bridge;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The trainer the bridge watches, by process id: whether it still runs, and how to send it a signal.
 * Signals go through the POSIX {@code kill} command, as the JDK sends only TERM and KILL.
 */
public final class TrainerProcess {

    /** The signals of Linux and macOS that {@code kill -s} knows, so a misspelt one fails at start, not at the stop. */
    public static final List<String> SIGNALS = List.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
            "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");
    private static final Pattern SIGNAL_NUMBER = Pattern.compile("[0-9]{1,2}");

    private final long pid;

    private TrainerProcess(long pid) {
        this.pid = pid;
    }

    public static TrainerProcess of(long pid) {
        if (pid <= 0) {
            throw new IllegalArgumentException("a process id is positive, not " + pid);
        }
        return new TrainerProcess(pid);
    }

    public long pid() {
        return pid;
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * A signal name as {@code kill -s} takes it: {@code TERM}, {@code SIGTERM}, {@code int} and
     * {@code 15} all give {@code TERM}'s form.
     *
     * @throws IllegalArgumentException for a name that is not a signal, listing those that are
     */
    public static String signalName(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        boolean number = SIGNAL_NUMBER.matcher(bare).matches() && Integer.parseInt(bare) >= 1
                && Integer.parseInt(bare) <= 64;
        if (!number && !SIGNALS.contains(bare)) {
            throw new IllegalArgumentException("not a signal name: '" + name + "' (one of " + String.join(", ", SIGNALS)
                    + ", or a number 1-64)");
        }
        return bare;
    }

    /**
     * Sends the signal.
     *
     * @return empty when sent, else why not (the process is gone, the signal is unknown...)
     */
    public Optional<String> signal(String name) throws InterruptedException {
        String signal = signalName(name);
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.of("cannot run kill: " + e.getMessage());
        }
        if (!kill.waitFor(10, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            return Optional.of("kill did not return within 10 s");
        }
        String output;
        try {
            output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            output = e.getMessage();
        }
        return kill.exitValue() == 0 ? Optional.empty()
                : Optional.of("kill -s " + signal + " " + pid + " failed: " + output);
    }
}
