package org.peng4nn.predictor.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.predictor.StreamThreadFailures;
import org.peng4nn.predictor.dashboard.Dashboard;
import org.peng4nn.predictor.dashboard.DashboardServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predictor's HTTP API, one per instance, answering for the models of every instance:
 *
 * <ul>
 * <li>{@code GET /models[?search_id=S][&status=TRAINING|STOPPED|COMPLETED]}: a JSON array of {@link ModelSummary}.
 *     When an instance could not be asked the list is partial: header {@value #PARTIAL_HEADER}: true, and
 *     {@value #UNREACHABLE_HEADER} names the instances.</li>
 * <li>{@code GET /models/{id}}: {@link ModelDetails}, read from the instance that owns the key; 404 when none
 *     has it, 503 with Retry-After while partitions move.</li>
 * <li>{@code GET /searches/{id}/leaderboard}: {@link SearchLeaderboard} over all instances; 404 when no
 *     instance knows the search (and every instance answered).</li>
 * <li>{@code GET /health}: 200 while Kafka Streams runs or rebalances, 503 otherwise, and 503 FAILING while stream
 *     threads keep failing (see {@link StreamThreadFailures}), as Kafka Streams stays RUNNING when it replaces them.</li>
 * <li>{@code GET /dashboard}: the live dashboard, when the instance serves it (see {@link Dashboard}).</li>
 * <li>{@code GET /metrics}: every meter of the registry in the Prometheus text format, with JVM meters and the
 *     Kafka client meters an operator graphs (see {@link #newRegistry()}) bound here.</li>
 * </ul>
 *
 * <p>Every path answers GET only: another method is 405 with {@code Allow: GET}.
 *
 * <p>Limits ({@link HttpLimits}): a request announcing a body larger than {@code http.max-request-bytes} is 413,
 * a client (by address) beyond its rate is 429 with Retry-After. It listens on {@code http.host}, localhost by
 * default; any address that is not loopback is logged as a warning, as the API has no authentication.
 *
 * <p>Instances ask each other with {@code ?scope=local}, which answers from the local store only.
 */
public final class PredictorHttpApi implements AutoCloseable {

    /** The {@code scope} value an instance uses when asking another: no further fan-out or forwarding. */
    public static final String SCOPE_LOCAL = "local";
    public static final String PARTIAL_HEADER = "Peng4nn-Partial";
    public static final String UNREACHABLE_HEADER = "Peng4nn-Unreachable";
    /** The Prometheus text exposition format. */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String JSON = "application/json";
    /** How long one question to another instance may take. */
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(3);
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger LOG = LoggerFactory.getLogger(PredictorHttpApi.class);

    private final Javalin app;
    private final RuntimeMeters meters;
    private final HostInfo address;
    private final Dashboard dashboard;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PredictorHttpApi(Javalin app, RuntimeMeters meters, HostInfo address, Dashboard dashboard) {
        this.app = app;
        this.dashboard = dashboard;
        this.meters = meters;
        this.address = address;
    }

    private static final List<String> PATHS = List.of("/health", "/metrics", "/models", "/models/{id}",
            "/searches/{id}/leaderboard");
    private static final List<HandlerType> OTHER_METHODS = List.of(HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    /**
     * The registry to give {@link #start}: Prometheus, with the Kafka clients' meters cut to those an operator
     * graphs. The filter must be in place before any meter registers, hence here rather than in {@link #start}.
     */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(RuntimeMeters.KAFKA_OPERATOR_VIEW);
        return registry;
    }

    /**
     * Starts the API of one predictor instance.
     *
     * @param streams  the instance's Kafka Streams application (started or not)
     * @param self     where to listen: the same {@code host:port} as the instance's {@code application.server},
     *                 so that other instances recognise it; port 0 takes any free port (then other instances
     *                 cannot find it: for a lone instance or a test)
     * @param registry the registry the predictor's meters are in; Kafka client and JVM meters are added
     */
    public static PredictorHttpApi start(KafkaStreams streams, HostInfo self, PrometheusMeterRegistry registry) {
        return start(streams, self, registry, new StreamThreadFailures(System::currentTimeMillis));
    }

    /** As above, with the failures of the instance's stream threads, which /health reports. */
    public static PredictorHttpApi start(KafkaStreams streams, HostInfo self, PrometheusMeterRegistry registry,
            StreamThreadFailures failures) {
        return start(streams, self, registry, failures, PredictorConfig.defaults().httpLimits());
    }

    /** As above, with the request limits of the instance's configuration. */
    public static PredictorHttpApi start(KafkaStreams streams, HostInfo self, PrometheusMeterRegistry registry,
            StreamThreadFailures failures, HttpLimits limits) {
        return start(streams, self, registry, failures, limits, null);
    }

    /** As above, serving the live dashboard too when {@code dashboard} is not null (closed with the API). */
    public static PredictorHttpApi start(KafkaStreams streams, HostInfo self, PrometheusMeterRegistry registry,
            StreamThreadFailures failures, HttpLimits limits, Dashboard dashboard) {
        warnUnlessLoopback(self.host());
        Routes routes = new Routes(streams, registry, failures);
        ClientRateLimiter rates = new ClientRateLimiter(limits.ratePerSecond(), limits.burst(), System::nanoTime);
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = limits.maxRequestBytes();
            if (dashboard != null) {
                Dashboard.configure(config);
            }
        });
        // before any handler, so that neither a flood nor a large body costs a store query or a peer request
        app.before(ctx -> {
            long retryAfter = rates.acquire(ctx.ip());
            if (retryAfter > 0) {
                ctx.header("Retry-After", Long.toString(retryAfter));
                error(ctx, 429, "too many requests from " + ctx.ip() + " (http.rate-limit.per-second "
                        + limits.ratePerSecond() + ", burst " + limits.burst() + ")");
                ctx.skipRemainingHandlers();
            } else if (ctx.contentLength() > limits.maxRequestBytes()) {
                error(ctx, 413, "request body of " + ctx.contentLength() + " bytes is over http.max-request-bytes "
                        + limits.maxRequestBytes());
                ctx.skipRemainingHandlers();
            }
        });
        if (dashboard != null) {
            dashboard.mount(app);
        }
        app.get("/health", routes::health);
        app.get("/metrics", routes::metrics);
        app.get("/models", routes::models);
        app.get("/models/{id}", routes::model);
        app.get("/searches/{id}/leaderboard", routes::leaderboard);
        // Javalin answers 404 for a known path asked with another method; a client deserves to know its mistake
        for (String path : PATHS) {
            for (HandlerType method : OTHER_METHODS) {
                app.addHttpHandler(method, path, ctx -> {
                    ctx.header("Allow", "GET");
                    error(ctx, 405, ctx.method() + " not allowed on " + ctx.matchedPath() + "; use GET");
                });
            }
        }
        app.exception(StoreUnavailableException.class, (e, ctx) -> {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            error(ctx, 503, e.getMessage());
        });
        app.exception(ModelFilter.BadFilterException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
        RuntimeMeters meters = RuntimeMeters.bind(streams, registry);
        try {
            app.start(self.host(), self.port());
        } catch (RuntimeException e) {
            meters.close();
            if (dashboard != null) {
                dashboard.close();
            }
            throw new IllegalStateException("cannot serve the predictor API on " + ClusterModels.address(self)
                    + ": " + e.getMessage(), e);
        }
        HostInfo address = new HostInfo(self.host(), app.port());
        routes.serveAs(new ClusterModels(streams, address, new PeerClient(PEER_TIMEOUT)));
        return new PredictorHttpApi(app, meters, address, dashboard);
    }

    /** Says so when the API is reachable from other machines: it has no authentication. */
    static boolean warnUnlessLoopback(String host) {
        boolean loopback = DashboardServer.loopback(host);
        if (!loopback) {
            LOG.warn("the predictor API listens on {} (http.host), which is not a loopback address: anyone who can "
                    + "reach it can read every model; keep it on localhost or behind a firewall or proxy", host);
        }
        return !loopback;
    }

    /** The port the API listens on (the actual one when started with port 0). */
    public int port() {
        return address.port();
    }

    /** {@code host:port} of this API. */
    public HostInfo address() {
        return address;
    }

    /** Stops serving and unbinds the Kafka client meters; a second call does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            // the dashboard's event streams first: open ones would hold up the server's stop
            if (dashboard != null) {
                dashboard.close();
            }
            app.stop();
            meters.close();
        }
    }

    /** The handlers; they need the bound address, known only once the server listens. */
    private static final class Routes {

        private final KafkaStreams streams;
        private final PrometheusMeterRegistry registry;
        private final StreamThreadFailures failures;
        private volatile ClusterModels models;

        Routes(KafkaStreams streams, PrometheusMeterRegistry registry, StreamThreadFailures failures) {
            this.streams = streams;
            this.registry = registry;
            this.failures = failures;
        }

        void serveAs(ClusterModels clusterModels) {
            this.models = clusterModels;
        }

        void health(Context ctx) {
            KafkaStreams.State state = streams.state();
            String status = switch (state) {
                case RUNNING -> "UP";
                case REBALANCING -> "REBALANCING";
                default -> "DOWN";
            };
            Optional<String> failing = failures.failing();
            boolean healthy = state.isRunningOrRebalancing() && failing.isEmpty();
            Map<String, String> body = new LinkedHashMap<>();
            body.put("status", failing.isPresent() && state.isRunningOrRebalancing() ? "FAILING" : status);
            body.put("streams", state.name());
            failing.ifPresent(why -> body.put("problem", why));
            json(ctx, healthy ? 200 : 503, ApiJson.write(body));
        }

        void metrics(Context ctx) {
            ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(registry.scrape());
        }

        void models(Context ctx) {
            ModelFilter filter = ModelFilter.parse(ctx.queryParam("search_id"), ctx.queryParam("status"));
            if (local(ctx)) {
                json(ctx, 200, ApiJson.write(models().local(filter)));
                return;
            }
            ClusterModels.Gathered gathered = models().all(filter);
            if (!gathered.unreachable().isEmpty()) {
                ctx.header(PARTIAL_HEADER, "true");
                ctx.header(UNREACHABLE_HEADER, String.join(",", gathered.unreachable()));
            }
            json(ctx, 200, ApiJson.write(gathered.models()));
        }

        void model(Context ctx) {
            PeerClient.Answer answer = models().details(ctx.pathParam("id"), local(ctx));
            json(ctx, answer.status(), answer.body());
        }

        void leaderboard(Context ctx) {
            String searchId = ctx.pathParam("id");
            ClusterModels.Gathered gathered = models().all(new ModelFilter(searchId, null));
            if (gathered.models().isEmpty() && gathered.unreachable().isEmpty()) {
                error(ctx, 404, "no search '" + searchId + "': no instance has a model of it");
                return;
            }
            json(ctx, 200, ApiJson.write(SearchLeaderboard.rank(searchId, gathered.models(),
                    gathered.unreachable())));
        }

        private ClusterModels models() {
            ClusterModels m = models;
            if (m == null) {
                throw new StoreUnavailableException("the API is still starting", null);
            }
            return m;
        }

        private static boolean local(Context ctx) {
            return SCOPE_LOCAL.equals(ctx.queryParam("scope"));
        }
    }

    private static void json(Context ctx, int status, String body) {
        ctx.status(status).contentType(JSON).result(body);
    }

    private static void error(Context ctx, int status, String message) {
        json(ctx, status, ApiJson.write(Map.of("error", message == null ? "" : message)));
    }
}
