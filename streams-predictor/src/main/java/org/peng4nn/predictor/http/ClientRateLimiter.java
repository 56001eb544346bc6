package org.peng4nn.predictor.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: each client may send {@code burst} requests at once and
 * {@code perSecond} a second after that. One dashboard polling every second, or the other instances
 * gathering a cluster-wide answer, stay far below the default; a script in a tight loop does not.
 * Thread-safe.
 */
final class ClientRateLimiter {

    /**
     * Buckets kept before full ones are dropped: a full bucket is the same as no bucket, so dropping them
     * bounds the memory a crowd of one-off clients can take without forgetting anyone who is being limited.
     * The sweep runs at most once a second, so that it costs nothing per request; beyond twice this many
     * (a crowd of new addresses within a second) every bucket is dropped, as memory matters more then.
     */
    static final int MAX_CLIENTS = 10_000;
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep;

    /** {@code perSecond} 0 turns the limit off. */
    ClientRateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond < 0 || !Double.isFinite(perSecond)) {
            throw new IllegalArgumentException("http.rate-limit.per-second must be 0 (off) or more, not " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("http.rate-limit.burst must be 1 or more, not " + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.lastSweep = nanoClock.getAsLong();
    }

    /** Takes a token for {@code client}: 0 when the request may go ahead, else the seconds until it may. */
    long acquire(String client) {
        if (perSecond == 0) {
            return 0;
        }
        long now = nanoClock.getAsLong();
        if (buckets.size() >= MAX_CLIENTS && now - lastSweep >= SWEEP_INTERVAL_NANOS) {
            lastSweep = now;
            buckets.values().removeIf(b -> b.isFull(now));
        }
        if (buckets.size() >= 2 * MAX_CLIENTS) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.refill(now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) / perSecond);
        }
    }

    /** Clients with a bucket. */
    int clients() {
        return buckets.size();
    }

    private final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }

        void refill(long now) {
            // two requests of one client may read the clock in one order and take the lock in the other
            if (now > at) {
                tokens = Math.min(burst, tokens + (now - at) / 1e9 * perSecond);
                at = now;
            }
        }

        synchronized boolean isFull(long now) {
            return tokens + (now - at) / 1e9 * perSecond >= burst;
        }
    }
}
