package org.peng4nn.predictor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peng4nn.predictor.PredictorConfig;

/** Who may reach the API and how much they may ask of it. */
class HttpLimitsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theDefaultAddressIsLoopbackOnlyAndOthersAreWarnedAbout() throws Exception {
        String host = PredictorConfig.defaults().httpHost();

        assertThat(InetAddress.getAllByName(host)).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
        assertThat(PredictorHttpApi.warnUnlessLoopback(host)).isFalse();
        assertThat(PredictorHttpApi.warnUnlessLoopback("127.0.0.1")).isFalse();
        assertThat(PredictorHttpApi.warnUnlessLoopback("0.0.0.0")).isTrue();
    }

    @Test
    void theDefaultsLimitRequestsAndBadLimitsNameTheirSetting() {
        HttpLimits limits = PredictorConfig.defaults().httpLimits();

        assertThat(limits.maxRequestBytes()).isEqualTo(65_536);
        assertThat(limits.ratePerSecond()).isEqualTo(50);
        assertThat(limits.burst()).isEqualTo(100);
        assertThatThrownBy(() -> PredictorConfig.load(null, Map.of(), Map.of("http.rate-limit.burst", "0")))
                .hasMessageContaining("http.rate-limit.burst");
        assertThatThrownBy(() -> PredictorConfig.load(null, Map.of(), Map.of("http.rate-limit.per-second", "fast")))
                .hasMessageContaining("http.rate-limit.per-second");
        assertThatThrownBy(() -> PredictorConfig.load(null, Map.of(), Map.of("http.max-request-bytes", "-1")))
                .hasMessageContaining("http.max-request-bytes");
    }

    @Test
    void aClientBeyondItsBurstIs429WithRetryAfter() throws Exception {
        // one token per 100 s: the fourth request cannot have earned one, however slow the machine
        try (UnstartedPredictor p = new UnstartedPredictor(new HttpLimits(65_536, 0.01, 3))) {
            for (int i = 0; i < 3; i++) {
                assertThat(send(p, "/health", "GET", 0).statusCode()).isEqualTo(503); // not running: but answered
            }
            HttpResponse<String> limited = send(p, "/models", "GET", 0);
            HttpResponse<String> unknownPath = send(p, "/no-such-path", "GET", 0);

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("100");
            assertThat(limited.body()).contains("http.rate-limit.per-second");
            assertThat(unknownPath.statusCode()).isEqualTo(429);
        }
    }

    @Test
    void aBodyOverTheLimitIs413WhateverTheMethod() throws Exception {
        try (UnstartedPredictor p = new UnstartedPredictor(new HttpLimits(1_024, 0, 1))) {
            assertThat(send(p, "/models", "GET", 1_025).statusCode()).isEqualTo(413);
            assertThat(send(p, "/models", "POST", 1_000_000).statusCode()).isEqualTo(413);
            assertThat(send(p, "/models", "POST", 1_024).statusCode()).isEqualTo(405);
            assertThat(send(p, "/metrics", "GET", 0).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void eachClientHasItsOwnBucketWhichRefills() {
        long[] now = {0};
        ClientRateLimiter limiter = new ClientRateLimiter(2, 2, () -> now[0]);

        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
        assertThat(limiter.acquire("b")).isZero();
        now[0] += 500_000_000; // half a second: one token at 2 per second
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
        assertThat(new ClientRateLimiter(0, 1, () -> 0).acquire("a")).isZero();
    }

    @Test
    void manyOneOffClientsDoNotGrowTheTableWithoutBound() {
        long[] now = {0};
        ClientRateLimiter limiter = new ClientRateLimiter(1, 1, () -> now[0]);
        for (int i = 0; i < 3 * ClientRateLimiter.MAX_CLIENTS; i++) {
            now[0] += 1_000_000_000L / ClientRateLimiter.MAX_CLIENTS; // buckets refill as the crowd passes
            limiter.acquire("client-" + i);
        }
        assertThat(limiter.clients()).isLessThanOrEqualTo(2 * ClientRateLimiter.MAX_CLIENTS);
    }

    private static HttpResponse<String> send(UnstartedPredictor p, String path, String method, int bodyBytes)
            throws Exception {
        byte[] body = new byte[bodyBytes];
        Arrays.fill(body, (byte) 'x');
        return HTTP.send(HttpRequest.newBuilder(URI.create(p.url(path))).timeout(Duration.ofSeconds(10))
                .method(method, bodyBytes == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
