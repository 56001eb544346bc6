package org.peng4nn.cli.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
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
 * epoch e+1; like a trainer that obeys its stop commands, it skips a model once a StopCommand for it has been
 * consumed (a stop that arrives while the model's next epochs are in flight leaves those to be ignored by the
 * predictor: they are still counted as processed).
 */
final class LoadBench {

    /**
     * @param sent              epoch events published
     * @param processed         epoch events the instances' predict steps processed (their event counters, summed)
     * @param stopLatencyMillis per stop: when it was consumed minus when the epoch event it answers was sent
     * @param stoppedModels     models with at least one StopCommand
     */
    record Outcome(long models, long sent, long processed, double seconds, long[] stopLatencyMillis,
                   long stoppedModels, long resultsMissing, long resultsDuplicated, long stopsDuplicated,
                   long heapUsedBytes) {
        long eventsLost() {
            return Math.max(0, sent - processed);
        }
    }

    private final StreamBench bench;
    private final PrintStream log;

    LoadBench(StreamBench bench, PrintStream log) {
        this.bench = bench;
        this.log = log;
    }

    Outcome run(List<LabeledCurve> curves, int models, int epochs, int instances, int producers, int searches)
            throws Exception {
        TopicCatalogue topics = bench.createTopics(bench.prefix() + "load.");
        String appId = bench.prefix() + "load.predictor";
        String epochsTopic = topics.name(EventTopic.EPOCHS);
        List<PredictorApp> apps = new ArrayList<>();
        Map<String, Long> sendMs = new ConcurrentHashMap<>(); // model@epoch -> when it was sent
        Set<String> stopped = ConcurrentHashMap.newKeySet();
        Map<String, Integer> stopsPerModel = new ConcurrentHashMap<>();
        Map<String, Integer> resultsPerModel = new ConcurrentHashMap<>();
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
                        try (KafkaProducer<String, EpochMetric> producer = bench.producer(5)) {
                            for (int e = 0; e < epochs; e++) {
                                for (int k = slice; k < models; k += producers) {
                                    String modelId = modelId(curves, k);
                                    if (stopped.contains(modelId)) {
                                        continue;
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
                return new Outcome(models, sent.get(), processed, seconds, lat, stopsPerModel.size(), missing,
                        duplicated, stopsDuplicated, heap);
            }
        } finally {
            for (PredictorApp app : apps) {
                app.close();
            }
        }
    }

    static String modelId(List<LabeledCurve> curves, long k) {
        return "load-" + k + "-" + curves.get((int) (k % curves.size())).modelId();
    }
}
