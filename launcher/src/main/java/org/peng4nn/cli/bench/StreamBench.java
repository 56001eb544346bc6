package org.peng4nn.cli.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.predictor.PredictorSettings;
import org.peng4nn.predictor.SearchPolicies;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.SearchPartitioner;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The streaming benchmarks against one running broker (the imperative shell around {@link EpochWorkload}):
 * throughput of the predictor against a pass-through topology on the same backlog, stop latency under a
 * paced arrival rate, and the state held for many concurrent models. Every phase works in its own topic
 * namespace under {@code prefix}; the epochs and control topics stamp records with the broker's append
 * time, so a latency is the difference of two timestamps from one clock.
 */
public final class StreamBench {

    /**
     * One topology's drain of a backlog, timed from RUNNING to its last offset committed.
     *
     * @param streamCpuNanos  CPU time of the topology's stream threads over the drain (decode, state, policy,
     *                        sends, commits: what one more stream thread or instance would share)
     * @param processCpuNanos CPU time of the whole benchmark process over the drain: adds the clients' network
     *                        threads and the bench's own polling of the committed offsets, not the broker (a
     *                        child process)
     */
    public record Drain(long events, double seconds, long streamCpuNanos, long processCpuNanos) {
        public double perSecond() {
            return events / seconds;
        }

        public double streamCpuMicrosPerEvent() {
            return streamCpuNanos / 1e3 / events;
        }

        public double processCpuMicrosPerEvent() {
            return processCpuNanos / 1e3 / events;
        }
    }

    /**
     * The same backlog drained by the three topologies, one after another.
     *
     * @param passThrough decode and re-encode each event, nothing else
     * @param storeOnly   the predictor's topology under {@link LastAccuracyPolicy}: its state, changelog, regrouping
     *                    and outputs without the policy's work
     * @param predictor   the predictor under the measured policy
     * @param fits        policy steps that fitted curves in the predictor
     * @param fitUsMedian their median time in microseconds (the predictor's own timer)
     */
    public record Throughput(long events, Drain passThrough, Drain storeOnly, Drain predictor, long fits,
                             double fitUsMedian) {
        public double passThroughPerSecond() {
            return passThrough.perSecond();
        }

        public double storeOnlyPerSecond() {
            return storeOnly.perSecond();
        }

        public double predictorPerSecond() {
            return predictor.perSecond();
        }

        /** Predictor / pass-through. */
        public double ratio() {
            return predictorPerSecond() / passThroughPerSecond();
        }

        /** Predictor / store-only: 1 minus the share of the per-event cost that is the policy's. */
        public double policyRatio() {
            return predictorPerSecond() / storeOnlyPerSecond();
        }

        /** Store-only / pass-through: what per-model state and outputs cost against decode and re-encode. */
        public double storeOnlyRatio() {
            return storeOnlyPerSecond() / passThroughPerSecond();
        }
    }

    /**
     * Stop commands of a paced run.
     *
     * @param appendMillis  per stop: its append time minus the append time of the epoch event it answers
     * @param visibleMillis per stop: when a read_committed consumer received it minus that epoch's append time
     */
    public record Latency(long events, double ratePerSecond, int expectedStops, long[] appendMillis,
                          long[] visibleMillis, long[] epochAppendMs, double commitMsAvg, double commitMsMax) {

        /** The {@code q}-quantile (0 to 1) of {@code values} by the nearest-rank method; NaN when empty. */
        public static double percentile(long[] values, double q) {
            if (values.length == 0) {
                return Double.NaN;
            }
            long[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            int rank = (int) Math.ceil(q * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }

    /** What the predictor holds for many models in training at once. */
    public record Memory(long models, long events, long modelsInStore, double recordBytesMean, long stateDirBytes,
                         long heapUsedBytes, long heapBeforeBytes, long heapMaxBytes) {
    }

    private static final String LOG_APPEND_TIME = "LogAppendTime";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** After the last event is processed: its commit (100 ms under exactly-once) and the read, with slack. */
    private static final long SETTLE_NANOS = Duration.ofSeconds(2).toNanos();

    private final String bootstrapServers;
    private final PredictorConfig predictor;
    private final Path home;
    private final String prefix;
    private final PrintStream log;
    private final boolean partitionBySearch;

    /** {@link #StreamBench(String, PredictorConfig, Path, String, PrintStream, boolean)}, partitioning by search. */
    public StreamBench(String bootstrapServers, PredictorConfig predictor, Path home, String prefix,
                       PrintStream log) {
        this(bootstrapServers, predictor, home, prefix, log, true);
    }

    /**
     * @param predictor the predictor configuration every topology runs under (guarantee, threads, clients);
     *                  application ids and topic prefixes are set per phase
     * @param home      directory for state stores
     * @param prefix    topic and application-id namespace of this run
     * @param log       where progress goes (stderr)
     * @param partitionBySearch whether the bench's producers put each event on its search's partition
     *                  ({@link SearchPartitioner}, as the project's producers do) rather than by its key, the
     *                  model_id (a producer that does not know about searches)
     */
    public StreamBench(String bootstrapServers, PredictorConfig predictor, Path home, String prefix,
                       PrintStream log, boolean partitionBySearch) {
        this.partitionBySearch = partitionBySearch;
        this.bootstrapServers = bootstrapServers;
        this.predictor = predictor.with(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)
                .with("topics.create", "false").with("http.enabled", "false");
        this.home = home;
        this.prefix = prefix;
        this.log = log;
    }

    /** Topic and application-id namespace of this run. */
    String prefix() {
        return prefix;
    }

    /** Directory for state stores. */
    Path home() {
        return home;
    }

    /**
     * Produces the backlog once, then drains it with the pass-through topology and with the predictor.
     *
     * @param warmUp a smaller backlog the three topologies drain first, untimed, in topics of their own (null: none).
     *               On a few cores the JIT compiler otherwise takes a core for most of a short timed run,
     *               and more of it from the topology with more code to compile.
     */
    public Throughput throughput(EpochWorkload warmUp, EpochWorkload backlog)
            throws InterruptedException, TimeoutException {
        if (warmUp != null) {
            log.printf("warm-up (untimed): %,d events through the three topologies%n", warmUp.events());
            drainAll("warm-up ", prefix + "warm.", warmUp);
        }
        return drainAll("", prefix + "tp.", backlog);
    }

    private Throughput drainAll(String label, String namespace, EpochWorkload backlog)
            throws InterruptedException, TimeoutException {
        TopicCatalogue topics = createTopics(namespace);
        String passThroughTopic = namespace + "passthrough";
        try (Admin admin = admin()) {
            createTopic(admin, passThroughTopic, topics.epochs().partitions());
        }
        long events = produceBacklog(topics.name(EventTopic.EPOCHS), backlog);

        String passThroughId = namespace + "passthrough-app";
        Properties props = predictor.with("application.id", passThroughId).streamsProperties(home);
        KafkaStreams passThrough = new KafkaStreams(passThroughTopology(topics.name(EventTopic.EPOCHS),
                passThroughTopic), props);
        Drain passThroughDrain;
        try {
            passThrough.start();
            awaitRunning(passThrough);
            passThroughDrain = drain(label + "pass-through", passThroughId, topics.name(EventTopic.EPOCHS), events,
                    passThrough, () -> events);
        } finally {
            passThrough.close(Duration.ofSeconds(30));
        }

        String storeOnlyId = namespace + "store-only";
        PredictorConfig storeOnlyConfig = predictorConfig(topics, storeOnlyId);
        PredictorSettings measured = storeOnlyConfig.settings();
        PredictorSettings storeOnly = new PredictorSettings(measured.topics(),
                new SearchPolicies(new LastAccuracyPolicy(measured.policies().defaultPolicy()), Map.of()),
                measured.idleTimeout(), measured.expiryScan());
        Drain storeOnlyDrain;
        try (PredictorApp app = PredictorApp.start(storeOnlyConfig, storeOnly, home, START_TIMEOUT)) {
            storeOnlyDrain = drain(label + "store-only", storeOnlyId, topics.name(EventTopic.EPOCHS), events,
                    app.streams(), app::eventsProcessed);
        }

        String predictorId = namespace + "predictor";
        try (PredictorApp app = PredictorApp.start(predictorConfig(topics, predictorId), home, START_TIMEOUT)) {
            Drain predictorDrain = drain(label + "predictor", predictorId, topics.name(EventTopic.EPOCHS), events,
                    app.streams(), app::eventsProcessed);
            PredictorApp.FitStats fits = app.fitStats();
            return new Throughput(events, passThroughDrain, storeOnlyDrain, predictorDrain, fits.fits(),
                    fits.medianMicros());
        }
    }

    /**
     * Sends the workload at {@code ratePerSecond} to a running predictor and measures each stop command
     * against the epoch event it answers.
     *
     * @param expectedStops stop commands the workload must produce (models the policy stops early offline)
     * @param exactStops    whether the predictor must give exactly those: not for a policy that learns from its
     *                      search, whose decisions depend on the order its models' events interleave in, which
     *                      differs between the offline run and the paced one; the phase then ends once the
     *                      predictor has processed every event and a commit interval has passed
     */
    public Latency latency(EpochWorkload workload, double ratePerSecond, int expectedStops, boolean exactStops)
            throws InterruptedException, TimeoutException {
        TopicCatalogue topics = createTopics(prefix + "lat.");
        Map<String, Long> epochAppendMs = new ConcurrentHashMap<>();
        List<long[]> stops = new ArrayList<>(); // per stop command: {its append time, when it was received}
        List<String> stopKeys = new ArrayList<>(); // per stop command: the epoch event it answers
        try (PredictorApp app = PredictorApp.start(predictorConfig(topics, prefix + "lat.predictor"), home,
                START_TIMEOUT);
             KafkaConsumer<String, StopCommand> control = controlConsumer(topics.name(EventTopic.CONTROL));
             KafkaProducer<String, EpochMetric> producer = producer(0)) {
            long total = workload.events();
            log.printf("latency: %,d events at %.0f events/s (%.0f s)%n", total, ratePerSecond,
                    total / ratePerSecond);
            AtomicReference<Exception> failed = new AtomicReference<>();
            long start = System.nanoTime();
            long sent = 0;
            Iterator<EpochMetric> events = workload.iterator();
            while (events.hasNext()) {
                long due = start + (long) (sent * 1e9 / ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    pollStops(control, Duration.ofNanos(Math.min(wait, 5_000_000)), stops, stopKeys);
                    continue;
                }
                EpochMetric event = events.next();
                String key = key(event.getModelId(), event.getEpoch());
                producer.send(new ProducerRecord<>(topics.name(EventTopic.EPOCHS), event.getModelId(), event),
                        (metadata, e) -> {
                            if (e != null) {
                                failed.compareAndSet(null, e);
                            } else {
                                epochAppendMs.put(key, metadata.timestamp());
                            }
                        });
                sent++;
            }
            producer.flush();
            if (failed.get() != null) {
                throw new IllegalStateException("producing epoch events failed", failed.get());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settledAt = Long.MAX_VALUE; // when every event had been processed
            while ((exactStops ? stops.size() < expectedStops : System.nanoTime() < settledAt + SETTLE_NANOS)
                    && System.nanoTime() < deadline && app.streams().state() != KafkaStreams.State.ERROR) {
                pollStops(control, Duration.ofMillis(100), stops, stopKeys);
                if (settledAt == Long.MAX_VALUE && app.eventsProcessed() >= sent) {
                    settledAt = System.nanoTime();
                }
            }
            if (exactStops ? stops.size() < expectedStops : stops.isEmpty()) {
                throw new TimeoutException("received " + stops.size() + " of " + expectedStops
                        + " stop commands within 30 s of the last epoch event");
            }
            long[] append = new long[stops.size()];
            long[] visible = new long[stops.size()];
            long[] epochAppended = new long[stops.size()];
            for (int i = 0; i < stops.size(); i++) {
                Long epochAppend = epochAppendMs.get(stopKeys.get(i));
                if (epochAppend == null) {
                    throw new IllegalStateException("stop command for " + stopKeys.get(i)
                            + " answers no epoch event of this run");
                }
                epochAppended[i] = epochAppend;
                append[i] = stops.get(i)[0] - epochAppend;
                visible[i] = stops.get(i)[1] - epochAppend;
            }
            return new Latency(sent, ratePerSecond, expectedStops, append, visible, epochAppended,
                    threadMetric(app.streams(), "commit-latency-avg"), threadMetric(app.streams(), "commit-latency-max"));
        }
    }

    /**
     * Feeds every model of the workload its events (none of them finishes), then counts what the
     * predictor holds: records in the store, their encoded size, the state directory and the heap after GC.
     */
    public Memory memory(EpochWorkload workload) throws InterruptedException, TimeoutException {
        TopicCatalogue topics = createTopics(prefix + "mem.");
        long events = produceBacklog(topics.name(EventTopic.EPOCHS), workload);
        long heapBefore = heapAfterGc();
        String appId = prefix + "mem.predictor";
        PredictorConfig config = predictorConfig(topics, appId);
        try (PredictorApp app = PredictorApp.start(config, home, START_TIMEOUT)) {
            drain("predictor", appId, topics.name(EventTopic.EPOCHS), events, app.streams(), app::eventsProcessed);
            long heapUsed = heapAfterGc();
            PredictorApp.StoredModels stored = app.storedModels();
            Path stateDir = Path.of(config.streamsProperties(home).getProperty(StreamsConfig.STATE_DIR_CONFIG))
                    .resolve(appId);
            return new Memory(workload.models(), events, stored.count(), stored.meanBytes(),
                    sizeOf(stateDir), heapUsed, heapBefore, Runtime.getRuntime().maxMemory());
        }
    }

    /** Decode and re-encode every event: the serde work the predictor does too, and nothing else. */
    static Topology passThroughTopology(String from, String to) {
        Deserializer<EpochMetric> decoder = EventSerdes.epochMetric().deserializer();
        Serializer<EpochMetric> encoder = EventSerdes.epochMetric().serializer();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(from, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(bytes -> encoder.serialize(to, decoder.deserialize(from, bytes)))
                .to(to, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    PredictorConfig predictorConfig(TopicCatalogue topics, String applicationId) {
        return predictor.with("topics.prefix", topics.prefix()).with("application.id", applicationId);
    }

    TopicCatalogue createTopics(String topicPrefix) {
        TopicCatalogue topics = TopicCatalogue.builder().prefix(topicPrefix)
                .config(EventTopic.EPOCHS, "message.timestamp.type", LOG_APPEND_TIME)
                .config(EventTopic.CONTROL, "message.timestamp.type", LOG_APPEND_TIME)
                .build();
        try (Admin admin = admin()) {
            TopicAdmin.ensureTopics(admin, topics);
        }
        return topics;
    }

    private long produceBacklog(String topic, EpochWorkload workload) {
        long total = workload.events();
        log.printf("producing %,d epoch events of %,d models to %s...%n", total, workload.models(), topic);
        AtomicReference<Exception> failed = new AtomicReference<>();
        long sent = 0;
        long nextReport = System.nanoTime() + 2_000_000_000L;
        try (KafkaProducer<String, EpochMetric> producer = producer(20)) {
            for (EpochMetric event : workload) {
                producer.send(new ProducerRecord<>(topic, event.getModelId(), event), (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
                sent++;
                if (System.nanoTime() > nextReport) {
                    log.printf("  produced %,d / %,d%n", sent, total);
                    nextReport = System.nanoTime() + 2_000_000_000L;
                }
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("producing epoch events failed", failed.get());
        }
        return sent;
    }

    /**
     * Time and CPU until the application's committed offsets on {@code topic} reach {@code events} and it has
     * processed them all. The second condition matters when the topology regroups by search: the regrouping
     * commits the source offsets as soon as it has forwarded the events to the repartition topic, before the
     * predict step has seen them (its last commit, at most commit.interval.ms later, is then not in the figure).
     * The stream threads are named after the application id (client id = application id + process id, then
     * "-StreamThread-n").
     *
     * @param processed events the topology's last step has processed so far
     */
    private Drain drain(String label, String applicationId, String topic, long events, KafkaStreams streams,
                        LongSupplier processed) throws InterruptedException, TimeoutException {
        log.printf("%s: draining %,d events...%n", label, events);
        Map<Long, Long> cpuBefore = streamThreadCpu(applicationId);
        long processCpuBefore = processCpuNanos();
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(Math.max(120, events / 100)).toNanos();
        long nextReport = start + 2_000_000_000L;
        try (Admin admin = admin()) {
            while (true) {
                long committed = committed(admin, applicationId, topic);
                long now = System.nanoTime();
                if (committed >= events && processed.getAsLong() >= events) {
                    double seconds = (now - start) / 1e9;
                    long processCpu = processCpuNanos() - processCpuBefore;
                    long streamCpu = 0;
                    for (Map.Entry<Long, Long> t : streamThreadCpu(applicationId).entrySet()) {
                        streamCpu += t.getValue() - cpuBefore.getOrDefault(t.getKey(), 0L);
                    }
                    Drain d = new Drain(events, seconds, streamCpu, processCpu);
                    log.printf("%s: %,d events in %.2f s = %,.0f events/s; CPU per event %.1f us in stream threads, "
                            + "%.1f us in the process%n", label, events, seconds, events / seconds,
                            d.streamCpuMicrosPerEvent(), d.processCpuMicrosPerEvent());
                    return d;
                }
                if (streams.state() == KafkaStreams.State.ERROR || now > deadline) {
                    throw new TimeoutException(label + " committed " + committed + " of " + events
                            + " events (state " + streams.state() + ")");
                }
                if (now > nextReport) {
                    log.printf("  %s committed %,d / %,d%n", label, committed, events);
                    nextReport = now + 2_000_000_000L;
                }
                Thread.sleep(20);
            }
        }
    }

    /** CPU nanoseconds so far of each live stream thread of {@code applicationId}, by thread id. */
    private static Map<Long, Long> streamThreadCpu(String applicationId) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            if (info != null && info.getThreadName().startsWith(applicationId + "-")
                    && info.getThreadName().contains("-StreamThread-")) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    /**
     * A stream-thread metric of Kafka Streams (the largest over the threads), e.g. the time a commit blocks the
     * thread: under exactly-once it flushes the producer and commits the transaction before the thread reads on.
     */
    private static double threadMetric(KafkaStreams streams, String name) {
        return streams.metrics().values().stream()
                .filter(m -> m.metricName().name().equals(name) && m.metricName().group().equals("stream-thread-metrics"))
                .map(m -> m.metricValue()).filter(v -> v instanceof Double d && Double.isFinite(d))
                .mapToDouble(v -> (Double) v).max().orElse(Double.NaN);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long committed(Admin admin, String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the committed offsets of " + group, e.getCause());
        }
    }

    private static void pollStops(KafkaConsumer<String, StopCommand> control, Duration timeout, List<long[]> stops,
                                  List<String> keys) {
        for (ConsumerRecord<String, StopCommand> r : control.poll(timeout)) {
            stops.add(new long[] {r.timestamp(), System.currentTimeMillis()});
            keys.add(key(r.value().getModelId(), r.value().getAtEpoch()));
        }
    }

    private static String key(String modelId, double epoch) {
        return modelId + "@" + epoch;
    }

    static void awaitRunning(KafkaStreams streams) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || System.nanoTime() > deadline) {
                throw new TimeoutException("pass-through topology not running (state " + streams.state() + ")");
            }
            Thread.sleep(20);
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static void createTopic(Admin admin, String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    KafkaProducer<String, EpochMetric> producer(int lingerMs) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024));
        if (partitionBySearch) {
            config.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, SearchPartitioner.class.getName());
        }
        return new KafkaProducer<>(config, new StringSerializer(), EventSerdes.epochMetric().serializer());
    }

    private KafkaConsumer<String, StopCommand> controlConsumer(String topic) {
        return readCommittedFromStart(topic, EventSerdes.stopCommand().deserializer());
    }

    /** A read_committed consumer assigned every partition of {@code topic}, from its beginning. */
    <V> KafkaConsumer<String, V> readCommittedFromStart(String topic, Deserializer<V> values) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, V> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long sizeOf(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // RocksDB deletes files while it compacts
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
