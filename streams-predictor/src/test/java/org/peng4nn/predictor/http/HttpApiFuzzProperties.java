package org.peng4nn.predictor.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Arbitrary requests to every endpoint: arbitrary methods, path segments, query parameters and bodies
 * through an HTTP client, and arbitrary bytes on a raw socket. The API never fails (no 500), never
 * hangs (every answer within the client's timeout), explains every error it gives in JSON, and answers
 * a good request sent after each bad batch. The instance's Kafka Streams is not started (model queries
 * are 503): what is fuzzed is the routing, parsing and limits in front of the stores. Fixed seeds; the
 * tries are in docs/RELIABILITY.md.
 */
class HttpApiFuzzProperties {

    static final int TRIES = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final List<String> ENDPOINTS = List.of("/health", "/metrics", "/models", "/models/{}",
            "/searches/{}/leaderboard");

    private static UnstartedPredictor p;
    private static long requests;

    @BeforeContainer
    static void start() {
        // no rate limit here: the fuzz sends hundreds of requests a second from one address (the limit has its own test)
        p = new UnstartedPredictor(new HttpLimits(65_536, 0, 1));
    }

    @AfterContainer
    static void stop() throws IOException {
        System.out.printf("http fuzz: %d requests in %d + %d tries%n", requests, TRIES, TRIES);
        p.close();
    }

    record Request(String method, String path, byte[] body) {
    }

    @Property(tries = TRIES, seed = "16051", shrinking = ShrinkingMode.OFF)
    void arbitraryRequestsAreAnsweredWithoutFailingAndAGoodOneStillIs(@ForAll("requests") List<Request> batch)
            throws Exception {
        for (Request r : batch) {
            HttpResponse<String> response = send(r);
            int status = response.statusCode();
            assertThat(status).as("%s %s", r.method(), r.path()).isNotEqualTo(500).isBetween(200, 503);
            if (status >= 400 && status != 503 && !"HEAD".equals(r.method())) {
                // every refusal says why, as JSON; Jetty's own refusals (400 on a path it cannot parse) are not ours
                if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                    assertThat(JSON.readTree(response.body()).path("error").asText()).as("%s %s", r.method(), r.path())
                            .isNotBlank();
                }
            }
        }
        assertThat(send(new Request("GET", "/metrics", new byte[0])).statusCode()).isEqualTo(200);
    }

    @Property(tries = TRIES, seed = "16052", shrinking = ShrinkingMode.OFF)
    void arbitraryBytesOnTheSocketAreRefusedOrDroppedWithoutHanging(@ForAll("rawRequests") byte[] raw) throws Exception {
        String answer = rawExchange(raw);
        Matcher status = STATUS_LINE.matcher(answer);
        if (status.find()) {
            assertThat(Integer.parseInt(status.group(1))).as(answer).isNotEqualTo(500).isLessThan(600);
        }
        assertThat(send(new Request("GET", "/health", new byte[0])).statusCode()).isEqualTo(503);
    }

    @Provide
    Arbitrary<List<Request>> requests() {
        Arbitrary<String> method = Arbitraries.of("GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD",
                "OPTIONS", "TRACE", "FOO");
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().all().ofMaxLength(30), Arbitraries.of("", "..", "%", "%00", "a/b", "m1"))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
        Arbitrary<String> path = Combinators.combine(Arbitraries.of(ENDPOINTS), segment)
                .as((template, seg) -> template.replace("{}", seg));
        Arbitrary<String> queryValue = Arbitraries.oneOf(Arbitraries.of("TRAINING", "STOPPED", "COMPLETED", "local",
                "training", ""), Arbitraries.strings().all().ofMaxLength(20))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8));
        Arbitrary<String> query = Combinators.combine(Arbitraries.of("search_id", "status", "scope", "x", "status"),
                queryValue).as((k, v) -> k + "=" + v).list().ofMaxSize(4)
                .map(pairs -> pairs.isEmpty() ? "" : "?" + String.join("&", pairs));
        Arbitrary<byte[]> body = Arbitraries.oneOf(Arbitraries.just(new byte[0]),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(1_000),
                Arbitraries.integers().between(65_537, 200_000).map(byte[]::new));
        return Combinators.combine(method, path, query, body).as((m, pa, q, b) -> new Request(m, pa + q, b))
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<byte[]> rawRequests() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2_000);
        // an almost-valid request: a real start, then garbage headers or a lying Content-Length
        Arbitrary<byte[]> almost = Combinators.combine(Arbitraries.of(ENDPOINTS),
                Arbitraries.strings().all().ofMaxLength(200), Arbitraries.of("", "Content-Length: -1\r\n",
                        "Content-Length: 99999999999\r\n", "Transfer-Encoding: chunked\r\n", "Content-Length: 5\r\n"))
                .as((path, junk, header) -> ("GET " + path.replace("{}", "x") + " HTTP/1.1\r\nHost: x\r\n" + header
                        + junk + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(bytes, almost);
    }

    private static HttpResponse<String> send(Request r) throws Exception {
        requests++;
        HttpRequest.BodyPublisher body = r.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(r.body());
        return HTTP.send(HttpRequest.newBuilder(URI.create(p.url(r.path()))).timeout(ANSWER_WITHIN)
                .method(r.method(), body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the bytes, half-closes, and reads what comes back until the server closes or stays silent. */
    private static String rawExchange(byte[] raw) throws IOException {
        requests++;
        try (Socket socket = new Socket("127.0.0.1", p.api.port())) {
            socket.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(raw);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException e) {
                return ""; // the server closed first: it refused the bytes
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8_192];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // a request still waiting for the body it announced: the server must not hold it for ever,
                // but the idle timeout is Jetty's (30 s), longer than a test may wait; what arrived is checked
            } catch (IOException e) {
                // reset by the server: a refusal
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
