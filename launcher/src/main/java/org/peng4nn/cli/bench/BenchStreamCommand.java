package org.peng4nn.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.cli.BadInputException;
import org.peng4nn.cli.BundledCurves;
import org.peng4nn.cli.JsonLine;
import org.peng4nn.cli.ScratchDirectory;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.predictor.PredictorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn bench stream}: the streaming predictor against a pass-through topology on one broker. */
@Command(name = "stream", mixinStandardHelpOptions = true,
        header = "Throughput and stop latency of the streaming predictor on an embedded broker.",
        description = {
            "Starts an embedded Kafka broker and replays the bundled real learning curves (100 A4NN networks, cycled under new model ids) as the epoch events of --concurrent models training side by side. Each model sends the evaluations up to the one the policy stops it at, as a trainer obeying its stop command would (the stop epochs come from running the same policy offline first, which also warms the JIT up).",
            "",
            "1. Throughput: --events events (of --searches searches, one by default) are produced once to an epochs topic, then drained by three topologies under the same Kafka Streams settings (exactly-once v2 by default, --threads stream threads): a pass-through (decode and re-encode each event, nothing else); store-only, the predictor's own topology (state stores, changelogs, regrouping by search when the policy learns from its search, a prediction per event) under a policy that records the last accuracy as its prediction; and the predictor under --policy. Each is timed from RUNNING until its committed offsets cover every event, so the figure includes the transactions; ratio = predictor / pass-through, policy_ratio = predictor / store-only events per second; *_cpu_us_per_event is the CPU time of each topology's stream threads over its drain per event. All three first drain --warmup-events events of their own, untimed: without that, on a few cores the JIT compiler takes a core for most of a short timed run and the figures measure compilation.",
            "2. Stop latency: a fresh predictor receives --latency-models models' events at a steady --rate (default 100 events/s: a thousand GPUs finishing an epoch every 10 s, a large search; at rates the predictor cannot sustain for events arriving one by one, the figure measures queueing, not the predictor). The epochs and control topics stamp records with the broker's LogAppendTime, so a stop's latency is its append time minus the append time of the epoch event it answers (stop_latency_*); stop_visible_latency_* is when a read_committed consumer got it.",
            "",
            "With --models M it instead measures state: M models each receive up to --epochs-per-model events (fewer than their stop epoch, so none finishes and all are held at once); it reports the records in the store, their encoded size, the state directory and the heap after GC. Run it under PENG4NN_JAVA_OPTS=-Xmx1g to check the 1 GiB target.",
            "",
            "Figures depend on the machine and on what else runs there: quote them with its description (docs/BENCHMARKS.md)."})
final class BenchStreamCommand implements Callable<Integer> {

    @Mixin
    BenchPredictorOptions predictor;

    @Option(names = "--events", defaultValue = "50000", paramLabel = "N",
            description = "Epoch events in the throughput backlog. Default: ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--warmup-events", defaultValue = "50000", paramLabel = "N",
            description = "Events both topologies drain first, untimed, in topics of their own; 0 for none. Default: ${DEFAULT-VALUE}.")
    long warmupEvents;

    @Option(names = "--concurrent", defaultValue = "100", paramLabel = "M",
            description = "Models training at once, taking turns to report an evaluation. Default: ${DEFAULT-VALUE}.")
    int concurrent;

    // A fixed rate, not one derived from the throughput just measured, so that runs of different builds and
    // machines are compared at the same load (docs/BENCHMARKS.md has the sweep behind the default).
    @Option(names = "--rate", defaultValue = "100", paramLabel = "EVENTS_PER_S",
            description = "Arrival rate of the latency phase. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--latency-models", defaultValue = "300", paramLabel = "M",
            description = "Models sent in the latency phase; each one the policy stops gives one latency. Default: ${DEFAULT-VALUE}.")
    int latencyModels;

    @Option(names = "--searches", defaultValue = "1", paramLabel = "S",
            description = "Throughput phase: searches the backlog's models are dealt to in turn. A policy that learns "
                    + "from its search decides each search in one task, so one search runs on one stream thread; "
                    + "several can use several. Default: ${DEFAULT-VALUE}.")
    int searches;

    @Option(names = "--threads", defaultValue = "1", paramLabel = "T",
            description = "num.stream.threads of both topologies. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--models", paramLabel = "M",
            description = "State mode: M models in training at once; reports the state held per model instead of throughput and latency.")
    Long models;

    @Option(names = "--epochs-per-model", defaultValue = "6", paramLabel = "K",
            description = "State mode: events per model (fewer when the policy would stop the model sooner). Default: ${DEFAULT-VALUE}.")
    int epochsPerModel;

    @Option(names = "--latency-log", paramLabel = "FILE",
            description = "Latency phase: write one CSV line per stop (the broker's append time of the epoch event it "
                    + "answers, epoch ms, and its latencies), to set latencies against time: commits, GC pauses.")
    Path latencyLog;

    @Option(names = "--partition-by", defaultValue = "search", paramLabel = "search|key",
            description = "How the bench's producers place epoch events: search (on their search's partition, as the "
                    + "project's producers do; the predictor then decides them without the repartition hop) or key "
                    + "(by model_id, Kafka's default: every event of a policy that learns from its search is "
                    + "regrouped). Default: ${DEFAULT-VALUE}.")
    String partitionBy;

    @Override
    public Integer call() throws Exception {
        checkArguments();
        PredictorConfig config = predictor.config(Map.of("num.stream.threads", Integer.toString(threads)));
        List<LabeledCurve> curves = BundledCurves.read();
        List<ModelOutcome> outcomes = offlineOutcomes(curves);

        Path home = Files.createTempDirectory("peng4nn-bench-stream");
        System.err.println("starting the embedded broker...");
        try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
            String prefix = "bench-" + Long.toString(System.currentTimeMillis(), 36) + ".";
            StreamBench bench = new StreamBench(broker.bootstrapServers(), config, home, prefix, System.err,
                    partitionBy.equals("search"));
            Map<String, Object> out = new LinkedHashMap<>();
            if (models != null) {
                out.putAll(state(bench, curves, outcomes));
            } else {
                out.putAll(throughputAndLatency(bench, config.settings(), curves, outcomes));
            }
            out.put("policy", predictor.policy);
            out.put("processing_guarantee", config.get("processing.guarantee"));
            out.put("threads", threads);
            out.put("cores", Runtime.getRuntime().availableProcessors());
            if (predictor.json) {
                JsonLine.print(System.out, out);
            }
            return 0;
        } finally {
            ScratchDirectory.delete(home);
        }
    }

    private Map<String, Object> throughputAndLatency(StreamBench bench, PredictorSettings settings,
                                                     List<LabeledCurve> curves, List<ModelOutcome> outcomes)
            throws Exception {
        int[] untilStop = outcomes.stream().mapToInt(ModelOutcome::evaluationsUsed).toArray();
        EpochWorkload backlog = new EpochWorkload(curves, untilStop, concurrent,
                EpochWorkload.modelsFor(untilStop, events), "bench", searches);
        EpochWorkload warmUp = warmupEvents == 0 ? null : new EpochWorkload(curves, untilStop, concurrent,
                EpochWorkload.modelsFor(untilStop, warmupEvents), "bench", searches);
        StreamBench.Throughput t = bench.throughput(warmUp, backlog);

        EpochWorkload paced = new EpochWorkload(curves, untilStop, concurrent, latencyModels, "bench");
        int expectedStops = 0;
        for (int k = 0; k < latencyModels; k++) {
            expectedStops += outcomes.get(k % outcomes.size()).stoppedEarly() ? 1 : 0;
        }
        StreamBench.Latency l = bench.latency(paced, rate, expectedStops, !settings.policies().needSearchOrder());
        if (latencyLog != null) {
            writeLatencyLog(l);
        }

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", t.events());
        m.put("warmup_events", warmUp == null ? 0 : warmUp.events());
        m.put("predictor_events_per_s", t.predictorPerSecond());
        m.put("passthrough_events_per_s", t.passThroughPerSecond());
        m.put("ratio", t.ratio());
        m.put("store_only_events_per_s", t.storeOnlyPerSecond());
        m.put("policy_ratio", t.policyRatio());
        m.put("store_only_ratio", t.storeOnlyRatio());
        m.put("passthrough_cpu_us_per_event", t.passThrough().streamCpuMicrosPerEvent());
        m.put("store_only_cpu_us_per_event", t.storeOnly().streamCpuMicrosPerEvent());
        m.put("predictor_cpu_us_per_event", t.predictor().streamCpuMicrosPerEvent());
        m.put("passthrough_process_cpu_us_per_event", t.passThrough().processCpuMicrosPerEvent());
        m.put("store_only_process_cpu_us_per_event", t.storeOnly().processCpuMicrosPerEvent());
        m.put("predictor_process_cpu_us_per_event", t.predictor().processCpuMicrosPerEvent());
        // a policy that learns from its search sees all of a search's events in one task: one search runs on one
        // stream thread whatever --threads says (docs/deploy.md)
        m.put("searches", searches);
        m.put("regrouped_by_search", settings.policies().needSearchOrder());
        m.put("epochs_partitions", settings.topics().epochs().partitions());
        m.put("partition_by", partitionBy);
        m.put("fits_per_event", (double) t.fits() / t.events());
        m.put("fit_us_median", t.fitUsMedian());
        m.put("stop_latency_p50_ms", StreamBench.Latency.percentile(l.appendMillis(), 0.5));
        m.put("stop_latency_p99_ms", StreamBench.Latency.percentile(l.appendMillis(), 0.99));
        m.put("stop_visible_latency_p50_ms", StreamBench.Latency.percentile(l.visibleMillis(), 0.5));
        m.put("stop_visible_latency_p99_ms", StreamBench.Latency.percentile(l.visibleMillis(), 0.99));
        m.put("latency_commit_ms_avg", l.commitMsAvg());
        m.put("latency_commit_ms_max", l.commitMsMax());
        m.put("stops", l.appendMillis().length);
        m.put("expected_stops", l.expectedStops());
        m.put("latency_events", l.events());
        m.put("latency_rate_per_s", rate);
        m.put("concurrent_models", concurrent);
        System.err.printf("throughput: predictor %,.0f events/s, store-only %,.0f events/s, pass-through %,.0f "
                + "events/s; ratio %.3f, policy_ratio %.3f, store-only / pass-through %.3f (%.2f fits per event, "
                + "median policy step %.0f us); stream-thread CPU per event %.1f / %.1f / %.1f us%n",
                t.predictorPerSecond(), t.storeOnlyPerSecond(), t.passThroughPerSecond(), t.ratio(), t.policyRatio(),
                t.storeOnlyRatio(), (double) t.fits() / t.events(), t.fitUsMedian(),
                t.predictor().streamCpuMicrosPerEvent(), t.storeOnly().streamCpuMicrosPerEvent(),
                t.passThrough().streamCpuMicrosPerEvent());
        System.err.printf("stop latency over %d stops at %.0f events/s: append p50 %.0f ms, p99 %.0f ms; "
                + "visible p50 %.0f ms, p99 %.0f ms%n", l.appendMillis().length, rate,
                m.get("stop_latency_p50_ms"), m.get("stop_latency_p99_ms"), m.get("stop_visible_latency_p50_ms"),
                m.get("stop_visible_latency_p99_ms"));
        return m;
    }

    private Map<String, Object> state(StreamBench bench, List<LabeledCurve> curves, List<ModelOutcome> outcomes)
            throws Exception {
        int[] beforeStop = new int[curves.size()];
        for (int i = 0; i < beforeStop.length; i++) {
            ModelOutcome o = outcomes.get(i);
            int lastBeforeFinish = o.stoppedEarly() ? o.stopIndex() : o.length() - 1;
            beforeStop[i] = Math.max(1, Math.min(epochsPerModel, lastBeforeFinish));
        }
        EpochWorkload workload = new EpochWorkload(curves, beforeStop, (int) Math.min(models, Integer.MAX_VALUE),
                models, "bench");
        StreamBench.Memory mem = bench.memory(workload);
        double mib = 1024.0 * 1024.0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("models", mem.models());
        m.put("events", mem.events());
        m.put("models_in_store", mem.modelsInStore());
        m.put("state_bytes_per_model", mem.recordBytesMean());
        m.put("state_dir_bytes_per_model", mem.modelsInStore() == 0 ? 0.0
                : (double) mem.stateDirBytes() / mem.modelsInStore());
        m.put("heap_used_mb", mem.heapUsedBytes() / mib);
        m.put("heap_before_mb", mem.heapBeforeBytes() / mib);
        m.put("heap_max_mb", mem.heapMaxBytes() / mib);
        System.err.printf("%,d models in the store, %.0f bytes each encoded, %.0f bytes each on disk; heap after GC "
                + "%.0f MiB (%.0f MiB before the predictor started) of %.0f MiB max%n", mem.modelsInStore(),
                mem.recordBytesMean(), m.get("state_dir_bytes_per_model"), mem.heapUsedBytes() / mib,
                mem.heapBeforeBytes() / mib, mem.heapMaxBytes() / mib);
        return m;
    }

    private void writeLatencyLog(StreamBench.Latency l) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("epoch_append_ms,stop_latency_ms,stop_visible_latency_ms\n");
        Integer[] order = new Integer[l.epochAppendMs().length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> l.epochAppendMs()[i]));
        for (int i : order) {
            csv.append(l.epochAppendMs()[i]).append(',').append(l.appendMillis()[i]).append(',')
                    .append(l.visibleMillis()[i]).append('\n');
        }
        Files.writeString(latencyLog, csv);
    }

    private void checkArguments() throws BadInputException {
        if (warmupEvents < 0) {
            throw new BadInputException("--warmup-events must be 0 or more");
        }
        if (events < 1 || concurrent < 1 || latencyModels < 1 || threads < 1 || epochsPerModel < 1 || searches < 1
                || !(rate > 0) || (models != null && models < 1)) {
            throw new BadInputException("--events, --concurrent, --latency-models, --threads, --epochs-per-model, "
                    + "--rate, --models and --searches must be positive");
        }
        predictor.checkPolicy();
        if (!partitionBy.equals("search") && !partitionBy.equals("key")) {
            throw new BadInputException("--partition-by must be search or key, got " + partitionBy);
        }
    }

    /** Where the policy stops each curve: what trainers obeying the predictor would send. */
    private List<ModelOutcome> offlineOutcomes(List<LabeledCurve> curves) {
        System.err.printf("running policy %s offline on %d real curves for their stop epochs...%n", predictor.policy,
                curves.size());
        EvaluationReport report = new Evaluator(Policies.byName(predictor.policy, predictor.policySettings), System::nanoTime)
                .evaluate(curves, (done, total) -> { });
        System.err.printf("%d of %d models stopped early, %d of %d epochs used%n", report.stopped(), report.models(),
                report.epochsUsed(), report.epochsTotal());
        return report.outcomes();
    }
}
