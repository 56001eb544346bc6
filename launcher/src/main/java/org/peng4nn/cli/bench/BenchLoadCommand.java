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
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.predictor.PredictorConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn bench load}: many models at once from many producers, then a reconciliation. */
@Command(name = "load", mixinStandardHelpOptions = true,
        header = "Many concurrent models against predictor instances on an embedded broker, reconciled.",
        description = {
            "Starts an embedded Kafka broker and --instances predictor instances in this JVM (one application id, a state directory each). --producers threads publish the epoch events of --models models of --epochs epochs each (the bundled real learning curves, cycled under new model ids): each thread owns a slice of the models and sends epoch e of all of them before epoch e+1, as concurrent trainers would: as fast as they can, or together at --rate events per second, so that the stop latency measures how fast the predictor reacts rather than how long an event waits behind a burst. Like trainers that obey their stop commands, they skip a model once its StopCommand has been consumed; events already sent by then are processed and ignored by the predictor.",
            "",
            "Then it reconciles from the topics (read_committed): exactly one ModelResult per model (results_missing, results_duplicated), at most one StopCommand per model (stops_duplicated), and, per model, every published epoch event processed exactly once: the model's stored record (committed work under exactly-once: a task moved after an aborted transaction restores its store before it processes the events again) must account for as many events as were published for it. events_lost sums, over models, the events published beyond those its record accounts for; events_processed_twice sums the other way round, plus the events the predictor found already in their model's curve (delivered again); each model counts in one or the other, so a loss cannot hide behind a double count. Stop latency is the time from sending the epoch event a stop answers to consuming the StopCommand. heap_mb is the used heap of this JVM (which hosts the predictors) after GC at the end.",
            "",
            "Exit status 1 when any of results_missing, results_duplicated, stops_duplicated, events_lost or events_processed_twice is not 0."})
final class BenchLoadCommand implements Callable<Integer> {

    @Mixin
    BenchPredictorOptions predictor;

    @Option(names = "--models", defaultValue = "10000", paramLabel = "N",
            description = "Models training at once. Default: ${DEFAULT-VALUE}.")
    int models;

    @Option(names = "--epochs", defaultValue = "25", paramLabel = "E",
            description = "Epochs per model (its max_epochs). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--instances", defaultValue = "1", paramLabel = "I",
            description = "Predictor instances (same application id). Default: ${DEFAULT-VALUE}.")
    int instances;

    @Option(names = "--producers", defaultValue = "4", paramLabel = "P",
            description = "Producer threads. Default: ${DEFAULT-VALUE}.")
    int producers;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "R",
            description = "Epoch events per second of all producer threads together, each sending its share on a "
                    + "fixed schedule; 0: as fast as they can. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--searches", defaultValue = "10", paramLabel = "S",
            description = "Searches the models are dealt to in turn (a policy that learns from its search decides "
                    + "each search in one task). Default: ${DEFAULT-VALUE}.")
    int searches;

    @Override
    public Integer call() throws Exception {
        if (models < 1 || epochs < 1 || instances < 1 || producers < 1 || searches < 1) {
            throw new BadInputException("--models, --epochs, --instances, --producers and --searches must be at least 1");
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new BadInputException("--rate must be a number of events per second, at least 0 (0: as fast as "
                    + "possible), not " + rate);
        }
        predictor.checkPolicy();
        PredictorConfig config = predictor.config(Map.of());
        List<LabeledCurve> curves = BundledCurves.read();
        Path home = Files.createTempDirectory("peng4nn-bench-load");
        System.err.println("starting the embedded broker...");
        try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
            String prefix = "load-" + Long.toString(System.currentTimeMillis(), 36) + ".";
            StreamBench bench = new StreamBench(broker.bootstrapServers(), config, home, prefix, System.err);
            LoadBench.Outcome o = new LoadBench(bench, System.err).run(curves, models, epochs, instances, producers,
                    searches, rate);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("models", o.models());
            out.put("epochs", epochs);
            out.put("instances", instances);
            out.put("producers", producers);
            out.put("searches", searches);
            out.put("rate", rate);
            out.put("events", o.sent());
            out.put("events_processed", o.processed());
            out.put("seconds", o.seconds());
            out.put("events_per_s", o.sent() / o.seconds());
            out.put("stops", o.stopLatencyMillis().length);
            out.put("stopped_models", o.stoppedModels());
            out.put("stop_latency_p50_ms", StreamBench.Latency.percentile(o.stopLatencyMillis(), 0.5));
            out.put("stop_latency_p99_ms", StreamBench.Latency.percentile(o.stopLatencyMillis(), 0.99));
            out.put("heap_mb", o.heapUsedBytes() / (1024.0 * 1024.0));
            out.put("results_missing", o.resultsMissing());
            out.put("results_duplicated", o.resultsDuplicated());
            out.put("stops_duplicated", o.stopsDuplicated());
            out.put("events_lost", o.lost());
            out.put("events_processed_twice", o.processedTwice());
            out.put("policy", predictor.policy);
            out.put("processing_guarantee", config.get("processing.guarantee"));
            out.put("cores", Runtime.getRuntime().availableProcessors());
            System.err.printf("load: %,d models, %,d events in %.1f s = %,.0f events/s; stop latency p50 %.0f ms, "
                    + "p99 %.0f ms; heap %.0f MB; missing %d, duplicated results %d, duplicated stops %d, "
                    + "events lost %d, processed twice %d%n", o.models(), o.sent(), o.seconds(), o.sent() / o.seconds(),
                    out.get("stop_latency_p50_ms"), out.get("stop_latency_p99_ms"), out.get("heap_mb"),
                    o.resultsMissing(), o.resultsDuplicated(), o.stopsDuplicated(), o.lost(), o.processedTwice());
            if (predictor.json) {
                JsonLine.print(System.out, out);
            }
            boolean clean = o.resultsMissing() == 0 && o.resultsDuplicated() == 0 && o.stopsDuplicated() == 0
                    && o.lost() == 0 && o.processedTwice() == 0;
            return clean ? 0 : 1;
        } finally {
            ScratchDirectory.delete(home);
        }
    }
}
