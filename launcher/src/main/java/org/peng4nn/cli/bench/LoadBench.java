package org.peng4nn.cli.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The load benchmark: many producer threads publish the epochs of many models at once, as concurrent trainers
 * would, to {@code instances} predictor instances of one application in this JVM; then it reconciles from the
 * topics (read_committed). Each producer owns a slice of the models and sends epoch e of all its models before
 * epoch e+1, as fast as it can or at its share of a total rate; like a trainer that obeys its stop commands, it
 * skips a model once a StopCommand for it has been consumed (a stop that arrives while the model's next epochs are
 * in flight leaves those to be ignored by the predictor: they are still counted as processed).
 * <p>
 * Events are reconciled per model: what was published against what the model's stored record accounts for at the
 * end (committed work under exactly-once, {@link PredictorApp#eventsRecordedPerModel()}), so a loss in one model
 * cannot be hidden by a double count in another.
 */
final class LoadBench {

    /**
     * @param sent              epoch events published
     * @param processed         epoch events the models' stored records account for at the end (committed), summed
     * @param lost              per model, events published beyond those its record accounts for, summed
     * @param processedTwice    per model, events its record accounts for beyond those published, summed, plus events
     *                          the predictor found already in their model's curve (delivered again)
     * @param stopLatencyMillis per stop: when it was consumed minus when the epoch event it answers was sent
     * @param stoppedModels     models with at least one StopCommand
     */
    record Outcome(long models, long sent, long processed, long lost, long processedTwice, double seconds,
                   long[] stopLatencyMillis, long stoppedModels, long resultsMissing, long resultsDuplicated,
                   long stopsDuplicated, long heapUsedBytes) {
    }

    /** Events per second of all producer threads together; 0: each sends as fast as it can. */
    static final double AS_FAST_AS_POSSIBLE = 0;

    private final StreamBench bench;
    private final PrintStream log;

    LoadBench(StreamBench bench, PrintStream log) {
        this.bench = bench;
        this.log = log;
    }

    /** @param rate events per second of all producer threads together, or {@link #AS_FAST_AS_POSSIBLE} */
    Outcome run(List<LabeledCurve> curves, int models, int epochs, int instances, int producers, int searches,
            double rate) throws Exception {
        TopicCatalogue topics = bench.createTopics(bench.prefix() + "load.");
        String appId = bench.prefix() + "load.predictor";
        String epochsTopic = topics.name(EventTopic.EPOCHS);
        List<PredictorApp> apps = new ArrayList<>();
        Map<String, Long> sendMs = new ConcurrentHashMap<>(); // model@epoch -> when it was sent
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        Map<String, Integer> stopsPerModel = new ConcurrentHashMap<>();
        Map<String, Integer> resultsPerModel = new ConcurrentHashMap<>();
        Map<String, Long> sentPerModel = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failed = new AtomicReference<>();
        AtomicLong sent = new AtomicLong();
        try {
            for (int i = 0; i < instances; i++) {
                log.printf("starting predictor instance %d of %d...%n", i + 1, instances);
                apps.add(PredictorApp.start(bench.predictorConfig(topics, appId), bench.home().resolve("instance-" + i),
                        StreamBench.START_TIMEOUT));
            }
            try (KafkaConsumer<String, StopCommand> control = bench.readCommittedFromStart(
                         topics.name(EventTopic.CONTROL), EventSerdes.stopCommand().deserializer());
                 KafkaConsumer<String, ModelResult> results = bench.readCommittedFromStart(
                         topics.name(EventTopic.RESULTS), EventSerdes.modelResult().deserializer())) {
                long start = System.nanoTime();
                List<Thread> threads = new ArrayList<>();
                for (int p = 0; p < producers; p++) {
                    int slice = p;
                    Thread t = new Thread(() -> {
                        // this thread's share of the rate: one send every `period` nanoseconds, on a fixed schedule
                        // (a late send does not push the later ones back, so the average holds)
                        long period = rate > 0 ? Math.round(1e9 * producers / rate) : 0;
                        long nextSend = System.nanoTime();
                        try (KafkaProducer<String, EpochMetric> producer = bench.producer(5)) {
                            for (int e = 0; e < epochs; e++) {
                                for (int k = slice; k < models; k += producers) {
                                    String modelId = modelId(curves, k);
                                    if (stopped.contains(modelId)) {
                                        continue;
                                    }
                                    if (period > 0) {
                                        for (long wait = nextSend - System.nanoTime(); wait > 0;
                                             wait = nextSend - System.nanoTime()) {
                                            LockSupport.parkNanos(wait);
                                        }
                                        nextSend += period;
                                    }
                                    LabeledCurve curve = curves.get(k % curves.size());
                                    double accuracy = curve.accuracies()[Math.min(e, curve.size() - 1)];
                                    EpochMetric event = EpochMetrics.valAccuracy("load-" + (k % searches), modelId, 1,
                                            "load-" + slice, e, epochs, accuracy, EpochMetrics.ONCE_PER_EPOCH,
                                            Instant.now()).build();
                                    sendMs.put(modelId + "@" + (double) e, System.currentTimeMillis());
                                    producer.send(new ProducerRecord<>(epochsTopic, modelId, event), (md, ex) -> {
                                        if (ex != null) {
                                            failed.compareAndSet(null, ex);
                                        }
                                    });
                                    sent.incrementAndGet();
                                    sentPerModel.merge(modelId, 1L, Long::sum);
                                }
                            }
                            producer.flush();
                        } catch (Throwable ex) {
                            failed.compareAndSet(null, ex);
                        }
                    }, "load-producer-" + p);
                    t.start();
                    threads.add(t);
                }
                long nextReport = System.nanoTime() + 2_000_000_000L;
                long deadline = Long.MAX_VALUE;
                long settledAt = Long.MAX_VALUE;
                long processed = 0;
                while (true) {
                    for (ConsumerRecord<String, StopCommand> r : control.poll(Duration.ofMillis(20))) {
                        long now = System.currentTimeMillis();
                        String model = r.value().getModelId();
                        stopped.add(model);
                        stopsPerModel.merge(model, 1, Integer::sum);
                        Long at = sendMs.get(model + "@" + r.value().getAtEpoch());
                        if (at != null) {
                            latencies.add(now - at);
                        }
                    }
                    for (ConsumerRecord<String, ModelResult> r : results.poll(Duration.ZERO)) {
                        resultsPerModel.merge(r.value().getModelId(), 1, Integer::sum);
                    }
                    processed = apps.stream().mapToLong(PredictorApp::eventsProcessed).sum();
                    boolean producing = threads.stream().anyMatch(Thread::isAlive);
                    long now = System.nanoTime();
                    if (!producing && deadline == Long.MAX_VALUE) {
                        // everything sent: allow the predictors time to catch up, in proportion to the events
                        deadline = now + Duration.ofSeconds(Math.max(60, sent.get() / 500)).toNanos();
                        log.printf("sent %,d events in %.1f s; waiting for the predictor...%n", sent.get(),
                                (now - start) / 1e9);
                    }
                    if (failed.get() != null) {
                        throw new IllegalStateException("producing epoch events failed", failed.get());
                    }
                    if (!producing && processed >= sent.get() && resultsPerModel.size() >= models
                            && settledAt == Long.MAX_VALUE) {
                        settledAt = now;
                    }
                    // after the last result: a commit interval and more, so that a duplicate would show
                    if (settledAt != Long.MAX_VALUE && now > settledAt + Duration.ofSeconds(2).toNanos() || now > deadline
                            || apps.stream().anyMatch(a -> a.streams().state() == KafkaStreams.State.ERROR)) {
                        break;
                    }
                    if (now > nextReport) {
                        log.printf("  sent %,d, processed %,d, results %,d / %,d, stopped %,d%n", sent.get(),
                                processed, resultsPerModel.size(), models, stopped.size());
                        nextReport = now + 2_000_000_000L;
                    }
                }
                double seconds = ((settledAt == Long.MAX_VALUE ? System.nanoTime() : settledAt) - start) / 1e9;
                long heap = StreamBench.heapAfterGc();
                long[] lat;
                synchronized (latencies) {
                    lat = latencies.stream().mapToLong(Long::longValue).toArray();
                }
                long missing = 0;
                for (int k = 0; k < models; k++) {
                    if (!resultsPerModel.containsKey(modelId(curves, k))) {
                        missing++;
                    }
                }
                long duplicated = resultsPerModel.values().stream().filter(n -> n > 1).count();
                long stopsDuplicated = stopsPerModel.values().stream().filter(n -> n > 1).count();
                Map<String, Long> recorded = recordedPerModel(apps);
                long lost = 0;
                long twice = apps.stream().mapToLong(PredictorApp::duplicateEvents).sum();
                Set<String> everyModel = new HashSet<>(sentPerModel.keySet());
                everyModel.addAll(recorded.keySet());
                for (String model : everyModel) {
                    long difference = sentPerModel.getOrDefault(model, 0L) - recorded.getOrDefault(model, 0L);
                    if (difference > 0) {
                        lost += difference;
                    } else {
                        twice -= difference;
                    }
                }
                long committed = recorded.values().stream().mapToLong(Long::longValue).sum();
                log.printf("reconciled per model: %,d events published, %,d in the stored records (the instances' "
                        + "counters: %,d), %,d lost, %,d processed twice%n", sent.get(), committed, processed, lost,
                        twice);
                return new Outcome(models, sent.get(), committed, lost, twice, seconds, lat, stopsPerModel.size(),
                        missing, duplicated, stopsDuplicated, heap);
            }
        } finally {
            for (PredictorApp app : apps) {
                app.close();
            }
        }
    }

    /**
     * Every instance's stored records, per model. Queried once all results are in, so no task is moving; a store
     * that is not queryable yet (an instance still restoring) is asked again for up to 30 s.
     */
    private static Map<String, Long> recordedPerModel(List<PredictorApp> apps) throws InterruptedException {
        Map<String, Long> recorded = new HashMap<>();
        for (PredictorApp app : apps) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    app.eventsRecordedPerModel().forEach((model, n) -> recorded.merge(model, n, Long::sum));
                    break;
                } catch (InvalidStateStoreException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
        return recorded;
    }

    static String modelId(List<LabeledCurve> curves, long k) {
        return "load-" + k + "-" + curves.get((int) (k % curves.size())).modelId();
    }
}
