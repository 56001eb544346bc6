package org.peng4nn.predictor.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another predictor instance's HTTP API. Every call has a deadline: a slow or dead peer makes
 * an answer partial, it never hangs the request that fanned out.
 */
final class PeerClient {

    /** A peer's HTTP answer, passed on as it is when proxying. */
    record Answer(int status, String body) {
    }

    private final HttpClient http;
    private final Duration timeout;

    PeerClient(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** GET {@code pathAndQuery} (already encoded) on {@code peer}. */
    CompletableFuture<Answer> get(HostInfo peer, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + peer.host() + ":" + peer.port()
                + pathAndQuery)).timeout(timeout).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(r -> new Answer(r.statusCode(), r.body()));
    }

    /** One path segment, percent-encoded (a model id may hold '/', '?' or spaces). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
