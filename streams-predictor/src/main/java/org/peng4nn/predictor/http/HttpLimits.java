package org.peng4nn.predictor.http;

/**
 * What one client may ask of the API: the largest request body it may announce ({@code http.max-request-bytes};
 * the API is read-only, so a body is never read, and a large one is refused before it is sent), and its
 * request rate ({@code http.rate-limit.per-second}, 0 for none, with bursts of {@code http.rate-limit.burst}).
 * The defaults are in {@code predictor.properties}.
 */
public record HttpLimits(long maxRequestBytes, double ratePerSecond, int burst) {

    public HttpLimits {
        if (maxRequestBytes < 0) {
            throw new IllegalArgumentException("http.max-request-bytes must be 0 or more, not " + maxRequestBytes);
        }
        // the rate and burst are checked by the limiter, which names their settings
        new ClientRateLimiter(ratePerSecond, burst, System::nanoTime);
    }
}
