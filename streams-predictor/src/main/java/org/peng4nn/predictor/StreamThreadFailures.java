package org.peng4nn.predictor;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The stream threads that failed recently. A failed thread is replaced, and Kafka Streams stays RUNNING; a thread
 * that fails again and again on the same record processes nothing, so health must not read RUNNING as UP then.
 * Thread-safe: stream threads record, the HTTP API asks.
 */
public final class StreamThreadFailures {

    /** This many failures within {@link #WINDOW} mean the instance is failing, not recovering. */
    public static final int LIMIT = 2;
    public static final Duration WINDOW = Duration.ofMinutes(5);

    private final LongSupplier clockMs;
    private final Deque<Long> times = new ArrayDeque<>();
    private String last;

    public StreamThreadFailures(LongSupplier clockMs) {
        this.clockMs = clockMs;
    }

    public synchronized void record(Throwable failure) {
        times.addLast(clockMs.getAsLong());
        last = String.valueOf(failure);
        prune();
    }

    /** Why the instance counts as failing, or empty while failures stay rare. */
    public synchronized Optional<String> failing() {
        prune();
        if (times.size() < LIMIT) {
            return Optional.empty();
        }
        return Optional.of(times.size() + " stream thread failures in the last " + WINDOW.toMinutes()
                + " min, the last: " + last);
    }

    private void prune() {
        long since = clockMs.getAsLong() - WINDOW.toMillis();
        while (!times.isEmpty() && times.peekFirst() < since) {
            times.removeFirst();
        }
    }
}
