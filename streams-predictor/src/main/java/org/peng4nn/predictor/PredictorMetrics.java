package org.peng4nn.predictor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The predictor's own meters, named for Prometheus ({@code /metrics}): rates come from counters, so
 * a dashboard computes events/s or fits/s with {@code rate(...)}.
 *
 * <ul>
 * <li>{@code peng4nn_events_total{outcome}}: epoch events by what became of them (fitted, recorded, duplicate,
 *     ignored, dead_letter)</li>
 * <li>{@code peng4nn_fits_total}, {@code peng4nn_fit_seconds} (histogram): policy steps that fitted curves</li>
 * <li>{@code peng4nn_stops_total{reason}}: StopCommands sent; {@code peng4nn_results_total{status}}</li>
 * <li>{@code peng4nn_dlq_total{reason}}: records sent to the dead-letter topic</li>
 * <li>{@code peng4nn_models_expired_total}: idle models removed from the store</li>
 * </ul>
 */
public final class PredictorMetrics {

    /** What became of one epoch event. */
    public enum EventOutcome {
        /** A curve fit ran. */
        FITTED,
        /** Stored; too few points to fit yet. */
        RECORDED,
        /** Same model, run and epoch as an earlier event. */
        DUPLICATE,
        /** For a finished model or an older run. */
        IGNORED,
        /** Invalid or undecodable: sent to the dead-letter topic. */
        DEAD_LETTER
    }

    private final MeterRegistry registry;
    private final Map<EventOutcome, Counter> events = new ConcurrentHashMap<>();
    private final Counter fits;
    private final Timer fitTime;
    private final Counter expired;

    public PredictorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (EventOutcome outcome : EventOutcome.values()) {
            events.put(outcome, Counter.builder("peng4nn.events").description("epoch events by outcome")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        fits = Counter.builder("peng4nn.fits").description("policy steps that fitted curves").register(registry);
        fitTime = Timer.builder("peng4nn.fit").description("time of one policy step with curve fits")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1)).register(registry);
        expired = Counter.builder("peng4nn.models.expired").description("idle models removed from the state store")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void event(EventOutcome outcome) {
        events.get(outcome).increment();
    }

    public void fit(long nanos) {
        fits.increment();
        fitTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void stop(String reason) {
        registry.counter("peng4nn.stops", "reason", reason).increment();
    }

    public void result(String status) {
        registry.counter("peng4nn.results", "status", status).increment();
    }

    public void deadLetter(String reason) {
        registry.counter("peng4nn.dlq", "reason", reason).increment();
    }

    /** Epoch events processed so far, whatever their outcome (processed, not necessarily committed yet). */
    public static long eventCount(MeterRegistry registry) {
        return (long) registry.find("peng4nn.events").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Epoch events with this outcome so far (processed, not necessarily committed yet). */
    public static long eventCount(MeterRegistry registry, EventOutcome outcome) {
        Counter counter = registry.find("peng4nn.events").tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .counter();
        return counter == null ? 0 : (long) counter.count();
    }

    /** Policy steps that fitted curves so far. */
    public static long fitCount(MeterRegistry registry) {
        Counter fits = registry.find("peng4nn.fits").counter();
        return fits == null ? 0 : (long) fits.count();
    }

    /** Median time of a fitting policy step in microseconds (recent window), NaN before any fit. */
    public static double fitMicrosMedian(MeterRegistry registry) {
        Timer timer = registry.find("peng4nn.fit").timer();
        if (timer == null || timer.count() == 0) {
            return Double.NaN;
        }
        for (var p : timer.takeSnapshot().percentileValues()) {
            if (p.percentile() == 0.5) {
                return p.value(TimeUnit.MICROSECONDS);
            }
        }
        return Double.NaN;
    }

    public void expired(int count) {
        expired.increment(count);
    }
}
