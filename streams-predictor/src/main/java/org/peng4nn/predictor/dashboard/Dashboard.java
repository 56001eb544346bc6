package org.peng4nn.predictor.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.peng4nn.events.StopCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: a page under {@value #PATH} and its JSON and server-sent events, mounted on a Javalin server
 * (the predictor's HTTP API, or the standalone one of {@code ./peng4nn dashboard}). It reads a {@link DashboardView};
 * chart code comes from the uPlot WebJar on the class path, so the page works offline.
 *
 * <ul>
 * <li>{@code GET /dashboard}: the page.</li>
 * <li>{@code GET /dashboard/api/config}: whether manual stop is enabled.</li>
 * <li>{@code GET /dashboard/api/searches}: every search with its totals.</li>
 * <li>{@code GET /dashboard/api/searches/{id}}: a search's totals and its leaderboard rows.</li>
 * <li>{@code GET /dashboard/api/searches/{id}/models/{model}}: a model's curve and its predictions over time.</li>
 * <li>{@code GET /dashboard/events}: server-sent events; every {@value #PUSH_MILLIS} ms at most, one {@code update}
 *     event per changed search with its totals and the rows of the models that changed.</li>
 * <li>{@code POST /dashboard/api/stop}: stops a model by hand (see {@link ManualStop}); 403 when manual stop is off,
 *     401 without the right token.</li>
 * </ul>
 */
public final class Dashboard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    public static final String PATH = "/dashboard";
    /** Updates are batched this long: a burst of 1,000 models costs the browser one redraw, not 1,000. */
    static final long PUSH_MILLIS = 250;
    /** A comment line this often keeps idle connections open through proxies and lets closed ones be noticed. */
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    private static final String UPLOT = "uplot";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final DashboardView view;
    private final ManualStop manualStop;
    private final ConcurrentLinkedQueue<SseClient> clients = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dashboard-push");
        t.setDaemon(true);
        return t;
    });
    private final String page;
    private final String script;
    private long lastKeepAlive = System.currentTimeMillis();

    /**
     * @param view       what to show
     * @param manualStop null: manual stop is off (read-only dashboard)
     */
    public Dashboard(DashboardView view, ManualStop manualStop) {
        this.view = view;
        this.manualStop = manualStop;
        String uplotVersion = webjarVersion(UPLOT);
        this.page = resource("dashboard.html").replace("${uplot}", "/webjars/uplot/" + uplotVersion);
        this.script = resource("dashboard.js");
        pusher.scheduleWithFixedDelay(this::push, PUSH_MILLIS, PUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** What the server must be configured with before it is created: the WebJars the page loads. */
    public static void configure(JavalinConfig config) {
        config.staticFiles.enableWebjars();
    }

    /** Adds the dashboard's routes. */
    public void mount(Javalin app) {
        app.get(PATH, ctx -> ctx.contentType("text/html; charset=utf-8").result(page));
        app.get(PATH + "/dashboard.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(script));
        app.get(PATH + "/api/config", ctx -> json(ctx, 200, Map.of("manual_stop", manualStop != null,
                "token_header", ManualStop.TOKEN_HEADER)));
        app.get(PATH + "/api/searches", ctx -> json(ctx, 200, view.searches()));
        app.get(PATH + "/api/searches/{id}", this::search);
        app.get(PATH + "/api/searches/{id}/models/{model}", this::curve);
        app.post(PATH + "/api/stop", this::stop);
        app.sse(PATH + "/events", client -> {
            client.keepAlive();
            client.onClose(() -> clients.remove(client));
            clients.add(client);
            // tells the page its stream is live, so it can fetch a fresh snapshot and miss nothing
            client.sendEvent("hello", "{}");
        });
    }

    private void search(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<DashboardView.SearchSummary> summary = view.search(id);
        if (summary.isEmpty()) {
            json(ctx, 404, Map.of("error", "no search '" + id + "' on the topics read so far"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("summary", summary.get());
        body.put("rows", view.leaderboard(id));
        json(ctx, 200, body);
    }

    private void curve(Context ctx) {
        Optional<DashboardView.Curve> curve = view.curve(ctx.pathParam("id"), ctx.pathParam("model"));
        if (curve.isEmpty()) {
            json(ctx, 404, Map.of("error", "no model '" + ctx.pathParam("model") + "' in search '"
                    + ctx.pathParam("id") + "'"));
            return;
        }
        json(ctx, 200, curve.get());
    }

    private void stop(Context ctx) throws Exception {
        if (manualStop == null) {
            json(ctx, 403, Map.of("error", "manual stop is off: start the predictor or dashboard with a manual stop "
                    + "token file (--manual-stop-token-file) to enable it"));
            return;
        }
        if (!manualStop.authorized(ctx.header(ManualStop.TOKEN_HEADER))) {
            // a warning without the presented value: a mistyped token is nearly the token
            LOG.warn("manual stop refused from {}: missing or wrong token", ctx.ip());
            json(ctx, 401, Map.of("error", "missing or wrong " + ManualStop.TOKEN_HEADER + " header"));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            json(ctx, 400, Map.of("error", "the body is not JSON: " + e.getOriginalMessage()));
            return;
        }
        String searchId = text(body, "search_id");
        String modelId = text(body, "model_id");
        if (searchId == null || modelId == null) {
            json(ctx, 400, Map.of("error", "search_id and model_id are required"));
            return;
        }
        Optional<DashboardView.Curve> curve = view.curve(searchId, modelId);
        Integer run = body.hasNonNull("run") ? body.get("run").asInt() : curve.map(DashboardView.Curve::run).orElse(null);
        if (run == null) {
            json(ctx, 404, Map.of("error", "no model '" + modelId + "' in search '" + searchId
                    + "' on the topics read so far; give its run to stop it anyway"));
            return;
        }
        double atEpoch = curve.filter(c -> !c.observed().isEmpty())
                .map(c -> c.observed().get(c.observed().size() - 1).epoch()).orElse(-1.0);
        Double predicted = curve.map(c -> c.row().predictedFinal()).orElse(null);
        StopCommand command = manualStop.stop(searchId, modelId, run, atEpoch, predicted);
        LOG.info("manual stop of {} run {} (search {}) requested from {}", modelId, run, searchId, ctx.ip());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("search_id", command.getSearchId());
        answer.put("model_id", command.getModelId());
        answer.put("run", command.getRun());
        answer.put("reason", command.getReason().name());
        answer.put("at_epoch", command.getAtEpoch());
        json(ctx, 202, answer);
    }

    /** Sends the changes since the last push to every open page. */
    private void push() {
        try {
            DashboardView.Changes changes = view.drainChanges();
            long now = System.currentTimeMillis();
            if (changes.isEmpty()) {
                if (now - lastKeepAlive >= KEEP_ALIVE_MILLIS) {
                    lastKeepAlive = now;
                    clients.forEach(client -> client.sendComment("keep-alive"));
                }
                return;
            }
            if (clients.isEmpty()) {
                return;
            }
            lastKeepAlive = now;
            for (Map.Entry<String, Set<String>> search : changes.models().entrySet()) {
                Map<String, Object> update = new LinkedHashMap<>();
                update.put("search_id", search.getKey());
                update.put("summary", view.search(search.getKey()).orElse(null));
                update.put("rows", view.rows(search.getKey(), search.getValue()));
                String data = write(update);
                for (SseClient client : clients) {
                    if (client.terminated()) {
                        clients.remove(client);
                    } else {
                        client.sendEvent("update", data);
                    }
                }
            }
        } catch (RuntimeException e) {
            // the pusher must survive anything one push does, or the pages freeze
            LOG.warn("dashboard push failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        pusher.shutdownNow();
        clients.forEach(SseClient::close);
        if (manualStop != null) {
            manualStop.close();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body == null ? null : body.get(field);
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** The version of an npm WebJar on the class path, from its Maven metadata (no locator library needed). */
    static String webjarVersion(String name) {
        String pom = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = Dashboard.class.getResourceAsStream(pom)) {
            if (in == null) {
                throw new IllegalStateException("the " + name + " WebJar is missing from the class path (" + pom + ")");
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }

    /** For tests: the open event streams. */
    int clients() {
        return clients.size();
    }
}
