package org.peng4nn.predictor;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.peng4nn.predictor.dashboard.Dashboard;
import org.peng4nn.predictor.dashboard.DashboardFeed;
import org.peng4nn.predictor.dashboard.DashboardServer;
import org.peng4nn.predictor.dashboard.DashboardView;
import org.peng4nn.predictor.dashboard.ManualStop;
import org.peng4nn.predictor.http.PredictorHttpApi;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running predictor instance: creates the topics it needs, runs the topology under Kafka
 * Streams and, when enabled, serves the HTTP API. Several instances with the same
 * {@code application.id} share the partitions.
 */
public final class PredictorApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PredictorApp.class);
    /** How long to wait for the broker to tell the epochs topic's partition count at start. */
    private static final Duration PARTITIONS_LOOKUP = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final int httpPort;
    private PredictorHttpApi http;
    private DashboardFeed dashboardFeed;

    private PredictorApp(KafkaStreams streams, PrometheusMeterRegistry registry, int httpPort) {
        this.streams = streams;
        this.registry = registry;
        this.httpPort = httpPort;
    }

    /**
     * Starts an instance and waits until it processes (RUNNING).
     *
     * @param home directory under which the default state dir ({@code .peng4nn/streams}) lives
     * @throws TimeoutException when it is not RUNNING within {@code startTimeout}
     */
    public static PredictorApp start(PredictorConfig config, Path home, Duration startTimeout)
            throws TimeoutException, InterruptedException {
        return start(config, config.settings(), home, startTimeout);
    }

    /**
     * The same, with the topology built from {@code settings} instead of the configuration's: for a
     * benchmark that runs the predictor's own topology under a policy no user configures (the
     * store-only baseline of {@code bench stream}). Kafka, topic and HTTP settings still come from {@code config}.
     */
    public static PredictorApp start(PredictorConfig config, PredictorSettings settings, Path home,
                                     Duration startTimeout) throws TimeoutException, InterruptedException {
        if (config.bootstrapServers().isBlank()) {
            throw new IllegalArgumentException("bootstrap.servers is not set");
        }
        Properties props = config.streamsProperties(home);
        if (config.createTopics()) {
            createTopics(config, props);
        }
        int port = config.httpEnabled() ? httpPort(config.httpPort()) : -1;
        if (port > 0) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.httpHost() + ":" + port);
        }
        PrometheusMeterRegistry registry = PredictorHttpApi.newRegistry();
        PredictorMetrics metrics = new PredictorMetrics(registry);
        KafkaStreams streams;
        try {
            streams = new KafkaStreams(PredictorTopology.build(settings, metrics, settings.policies().needSearchOrder()
                    ? epochsPartitions(config, props) : OptionalInt.empty()), props);
        } catch (StreamsException e) {
            registry.close();
            if (lockedStateDirectory(e)) {
                throw new StateDirectoryInUseException(Path.of(props.getProperty(StreamsConfig.STATE_DIR_CONFIG)), e);
            }
            throw e;
        }
        // a failed stream thread is replaced: its tasks restart from the last commit, state from the changelog;
        // one that keeps failing shows in /health
        StreamThreadFailures failures = new StreamThreadFailures(System::currentTimeMillis);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            failures.record(e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        PredictorApp app = new PredictorApp(streams, registry, port);
        Dashboard dashboard;
        try {
            dashboard = port > 0 ? app.dashboard(config) : null;
        } catch (RuntimeException e) {
            streams.close();
            registry.close();
            throw e;
        }
        streams.start();
        if (port > 0) {
            // up before RUNNING, so /health can tell an operator that the instance is still restoring
            app.http = PredictorHttpApi.start(streams, new HostInfo(config.httpHost(), port), registry, failures,
                    config.httpLimits(), dashboard);
        }
        app.awaitRunning(startTimeout);
        LOG.info("predictor {} running: policy {}, topics {}*", props.get(StreamsConfig.APPLICATION_ID_CONFIG),
                settings.policies().defaultPolicy(), config.topics().prefix());
        return app;
    }

    /**
     * The live dashboard when {@code http.dashboard.enabled}, with manual stop when a token file is set; its feed reads
     * the topics on its own consumer and closes with the instance.
     */
    private Dashboard dashboard(PredictorConfig config) {
        if (!config.dashboardEnabled()) {
            return null;
        }
        Properties clients = config.clientProperties();
        Path tokenFile = config.manualStopTokenFile();
        ManualStop manualStop = tokenFile == null ? null : ManualStop.enable(tokenFile,
                PredictorConfig.MANUAL_STOP_TOKEN_FILE, config.topics().stopCommands(), clients);
        if (!DashboardServer.loopback(config.httpHost())) {
            LOG.warn("the dashboard is served on {} (http.host), not only on this machine: anyone who reaches it sees "
                    + "every search; http.dashboard.enabled=false turns it off", config.httpHost());
        }
        DashboardView view = new DashboardView();
        dashboardFeed = DashboardFeed.start(clients, config.topics(), view);
        if (manualStop != null) {
            LOG.info("manual stop enabled ({} set): POST /dashboard/api/stop with the token",
                    PredictorConfig.MANUAL_STOP_TOKEN_FILE);
        }
        return new Dashboard(view, manualStop);
    }

    /**
     * Another instance on this machine holds the state directory: Kafka Streams locks it for one process.
     * Each instance needs its own {@code state.dir}.
     */
    public static final class StateDirectoryInUseException extends IllegalStateException {
        private final Path stateDir;

        StateDirectoryInUseException(Path stateDir, Throwable cause) {
            super("state directory " + stateDir + " is locked by another predictor on this machine; "
                    + "give each instance its own state.dir", cause);
            this.stateDir = stateDir;
        }

        public Path stateDir() {
            return stateDir;
        }
    }

    // Kafka Streams says so only in its message ("...multiple instances of Kafka Streams are running in the same
    // state directory..."), with the lock failure as a cause
    private static boolean lockedStateDirectory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("same state directory") || message.contains("already locked"))) {
                return true;
            }
        }
        return false;
    }

    /** Policy steps that fitted curves so far, and the median time of one in microseconds (NaN before any). */
    public record FitStats(long fits, double medianMicros) {
    }

    /** The models the instance holds in its state store: how many, and their mean encoded size in bytes. */
    public record StoredModels(long count, double meanBytes) {
    }

    /** What benchmarks and replays report about the curve fits, without knowing the meters' names. */
    public FitStats fitStats() {
        return new FitStats(PredictorMetrics.fitCount(registry), PredictorMetrics.fitMicrosMedian(registry));
    }

    /**
     * Epoch events this instance has processed so far (the predict step, after any regrouping by search), for a
     * benchmark that must not stop its clock when only the regrouping has committed its input.
     */
    public long eventsProcessed() {
        return PredictorMetrics.eventCount(registry);
    }

    /**
     * Per model id, the epoch events its stored record accounts for: the points of its curve plus the events ignored
     * once it had finished, from this instance's active stores. Under exactly-once this is committed work: a task
     * whose transaction aborted restores its store before it processes the events again, so an event processed
     * twice that way counts once here (the {@link #eventsProcessed()} counter counts it twice). An event delivered
     * again after its epoch was committed is not here either: {@link #duplicateEvents()} counts those.
     */
    public Map<String, Long> eventsRecordedPerModel() {
        ReadOnlyKeyValueStore<String, ModelRecord> store = streams.store(StoreQueryParameters
                .fromNameAndType(PredictorTopology.MODELS_STORE, QueryableStoreTypes.keyValueStore()));
        Map<String, Long> perModel = new HashMap<>();
        try (KeyValueIterator<String, ModelRecord> all = store.all()) {
            while (all.hasNext()) {
                ModelRecord model = all.next().value;
                perModel.merge(model.modelId(), (long) model.state().curve().size() + model.ignored(), Long::sum);
            }
        }
        return perModel;
    }

    /** Epoch events whose epoch the model's curve already had (the same event delivered again), so far. */
    public long duplicateEvents() {
        return PredictorMetrics.eventCount(registry, PredictorMetrics.EventOutcome.DUPLICATE);
    }

    /** What a state benchmark reports, without knowing the store's name or its record format. */
    public StoredModels storedModels() {
        ReadOnlyKeyValueStore<String, ModelRecord> store = streams.store(StoreQueryParameters
                .fromNameAndType(PredictorTopology.MODELS_STORE, QueryableStoreTypes.keyValueStore()));
        long count = 0;
        long bytes = 0;
        try (KeyValueIterator<String, ModelRecord> all = store.all()) {
            while (all.hasNext()) {
                count++;
                bytes += ModelRecordCodec.encode(all.next().value).length;
            }
        }
        return new StoredModels(count, count == 0 ? 0 : (double) bytes / count);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The HTTP port this instance announces to others, -1 when the API is off. */
    public int httpPort() {
        return httpPort;
    }

    private void awaitRunning(Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING
                    || System.nanoTime() > deadline) {
                KafkaStreams.State state = streams.state();
                close();
                throw new TimeoutException("predictor not running after " + timeout + " (state " + state + ")");
            }
            Thread.sleep(50);
        }
    }

    private static void createTopics(PredictorConfig config, Properties props) {
        try (Admin admin = Admin.create(adminProperties(props))) {
            TopicAdmin.ensureTopics(admin, config.topics());
        }
    }

    /**
     * The epochs topic's partition count, which tells the topology which events already sit on their search's
     * partition; empty when the broker does not say within {@link #PARTITIONS_LOOKUP} (the topology then
     * regroups every event, which is correct, only slower).
     */
    private static OptionalInt epochsPartitions(PredictorConfig config, Properties props) {
        String epochs = config.topics().name(EventTopic.EPOCHS);
        try (Admin admin = Admin.create(adminProperties(props))) {
            int partitions = admin.describeTopics(List.of(epochs)).allTopicNames()
                    .get(PARTITIONS_LOOKUP.toMillis(), TimeUnit.MILLISECONDS).get(epochs).partitions().size();
            return OptionalInt.of(partitions);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("partitions of {} unknown ({}): every epoch event is regrouped by search through the "
                    + "repartition topic", epochs, e.toString());
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    private static Properties adminProperties(Properties props) {
        Properties adminProps = new Properties();
        props.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k.toString())) {
                adminProps.put(k, v);
            }
        });
        return adminProps;
    }

    /** The configured port; 0: any free one; auto (empty): the usual one when free, else any free one. */
    private static int httpPort(OptionalInt configured) {
        if (configured.isPresent()) {
            return configured.getAsInt() == 0 ? freePort(0) : configured.getAsInt();
        }
        try {
            return freePort(PredictorConfig.AUTO_HTTP_PORT);
        } catch (UncheckedIOException e) {
            return freePort(0);
        }
    }

    private static int freePort(int wanted) {
        try (ServerSocket socket = new ServerSocket(wanted)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the HTTP API", e);
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        if (dashboardFeed != null) {
            dashboardFeed.close();
        }
        // leave the group: the partitions move at once instead of after the session timeout (45 s), which a
        // restarted instance would otherwise wait out
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
        registry.close();
    }
}
