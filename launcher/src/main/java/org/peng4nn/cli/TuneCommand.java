package org.peng4nn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ParetoFront;
import org.peng4nn.engine.evaluation.SettingsGrid;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.StoppingPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn tune}: one policy under many settings, the Pareto front of epochs saved against error. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        header = "Many policy settings on one file or topic: CSV and Pareto plot.",
        description = {"Replays learning curves under every combination of the given policy settings and writes tune.csv (every setting with its metrics) and pareto.png (epochs saved against MAE, the Pareto front joined, PEng4NN's reference policy marked) into --out.",
            "",
            "The curves come from a file (--input) or from an epochs topic (--from-topic; --search for one search's), read once for every setting. A topic's undecodable and invalid records are skipped: stderr names the first ones by partition and offset, and --json counts them as skipped_records. Without a bootstrap address from any source, --from-topic connects to localhost:9092. " + KafkaConnection.SOURCES},
        footer = {"", "Examples:", "  ./peng4nn tune --input data/a4nn/1gpu_1e16_training_data.csv --format a4nn \\",
            "      --grid threshold=0.25,0.5,1 --grid window=2,3,4 --out runs/tune --json",
            "  ./peng4nn tune --from-topic peng4nn.epochs --search nas1 --out runs/tune-nas1"})
final class TuneCommand implements Callable<Integer> {

    @Mixin
    CurveSourceOptions input;

    @Mixin
    SearchSimulationOptions search;

    @Option(names = "--policy", defaultValue = Policies.DEFAULT, paramLabel = "NAME",
            description = "Policy to tune. Default: ${DEFAULT-VALUE}.")
    String policyName;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...",
            description = "Values to try for one setting; repeat for more settings. "
                    + "Default: the policy's own tuning grid.")
    Map<String, String> grid = new LinkedHashMap<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where tune.csv and pareto.png go.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    /** One setting's result. */
    record Trial(String policy, Map<String, String> settings, EvaluationReport report) {
    }

    @Override
    public Integer call() throws Exception {
        List<LabeledCurve> curves = input.load();
        search.check();
        Map<String, List<String>> axes = axes();
        List<Map<String, String>> settings = SettingsGrid.expand(axes);
        List<StoppingPolicy> policies = new ArrayList<>();
        for (Map<String, String> s : settings) {
            try {
                policies.add(Policies.byName(policyName, s));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--grid " + s + ": " + e.getMessage());
            }
        }

        Trial reference;
        List<Trial> trials;
        try (Progress progress = Progress.of("tune " + policyName, settings.size() + 1L)) {
            reference = new Trial(Policies.REFERENCE, Map.of(), evaluate(Policies.byName(Policies.REFERENCE, Map.of()), curves));
            progress.step();
            // settings are independent: spread them over the cores, keep the results in grid order
            trials = IntStream.range(0, settings.size()).parallel()
                    .mapToObj(i -> {
                        Trial t = new Trial(policyName, settings.get(i), evaluate(policies.get(i), curves));
                        progress.step();
                        return t;
                    })
                    .toList();
        }
        List<Trial> front = ParetoFront.of(trials, t -> t.report().epochsSaved(), t -> t.report().mae());

        Files.createDirectories(out);
        Path csv = out.resolve("tune.csv");
        Path png = out.resolve("pareto.png");
        writeCsv(csv, axes.keySet(), trials, reference, front);
        new ParetoPlot(policyName, input.shortName()).write(png, trials, front, reference);

        System.err.printf("%d settings of %s on %s; Pareto front:%n", trials.size(), policyName, input.name());
        for (Trial t : front) {
            System.err.printf("  %-40s saved %5.1f%%  MAE %5.2f pp  recall %.2f%n", t.settings(),
                    100 * t.report().epochsSaved(), t.report().mae(), t.report().top10Recall());
        }
        System.err.printf("reference %s: saved %.1f%%, MAE %.2f pp%nwrote %s and %s%n", Policies.REFERENCE,
                100 * reference.report().epochsSaved(), reference.report().mae(), csv, png);
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("settings", trials.size());
            summary.put("pareto", front.stream().map(TuneCommand::metrics).toList());
            summary.put("reference", metrics(reference));
            summary.put("csv", csv.toString());
            summary.put("plot", png.toString());
            input.describe(summary);
            JsonLine.print(System.out, summary);
        }
        return 0;
    }

    private Map<String, List<String>> axes() throws BadInputException {
        if (grid.isEmpty()) {
            return Policies.defaultGrid(policyName);
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : grid.entrySet()) {
            List<String> values = Arrays.stream(e.getValue().split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
            if (values.isEmpty()) {
                throw new BadInputException("--grid " + e.getKey() + "= lists no values");
            }
            axes.put(e.getKey(), values);
        }
        return axes;
    }

    private EvaluationReport evaluate(StoppingPolicy policy, List<LabeledCurve> curves) {
        return search.evaluatorOf(policy).evaluate(curves, (done, total) -> { });
    }

    private static Map<String, Object> metrics(Trial t) {
        return EvaluationSummary.of(t.report(), t.policy(), t.settings());
    }

    private static void writeCsv(Path csv, java.util.Set<String> keys, List<Trial> trials, Trial reference,
                                 List<Trial> front) throws IOException {
        TreeSet<String> columns = new TreeSet<>(keys);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            w.println("policy," + String.join(",", columns)
                    + ",models,epochs_total,epochs_used,epochs_saved,stopped,mae,top10_recall,top10_regret,fit_us_median,pareto");
            List<Trial> rows = new ArrayList<>(trials);
            rows.add(0, reference);
            for (Trial t : rows) {
                StringBuilder line = new StringBuilder(t.policy());
                for (String key : columns) {
                    line.append(',').append(t.settings().getOrDefault(key, ""));
                }
                EvaluationReport r = t.report();
                line.append(String.format(Locale.ROOT, ",%d,%d,%d,%.6f,%d,%.6f,%.6f,%.6f,%.2f,%b", r.models(),
                        r.epochsTotal(), r.epochsUsed(), r.epochsSaved(), r.stopped(), r.mae(), r.top10Recall(),
                        r.top10Regret(), r.fitUsMedian(), front.contains(t)));
                w.println(line);
            }
        }
    }
}
