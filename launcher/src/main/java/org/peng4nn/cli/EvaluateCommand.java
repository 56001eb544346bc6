package org.peng4nn.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.policy.StoppingPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn evaluate}: the metrics of one policy on a file of learning curves. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Metrics of one stopping policy on a file or topic of learning curves.",
        description = {"Runs learning curves through a stopping policy, as a search on --workers GPUs would train them, with the same code the streaming predictor uses, and reports epochs saved, prediction error and top-10%% recall.",
            "",
            "The curves come from a file (--input) or from an epochs topic (--from-topic; --search for one search's). A topic's undecodable and invalid records are skipped: stderr names the first ones by partition and offset, and --json counts them as skipped_records. Without a bootstrap address from any source, --from-topic connects to localhost:9092. " + KafkaConnection.SOURCES},
        footer = {"", "Examples:",
            "  ./peng4nn evaluate --input data/a4nn/1gpu_1e16_training_data.csv --format a4nn",
            "  ./peng4nn evaluate --from-topic peng4nn.epochs --search nas1 \\",
            "      --bootstrap-servers localhost:9092 --json"})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    CurveSourceOptions input;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    SearchSimulationOptions search;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<LabeledCurve> curves = input.load();
        StoppingPolicy policy = policyOptions.build();
        EvaluationReport report;
        try (Progress progress = Progress.of("evaluate " + policy.name(), curves.size())) {
            report = search.evaluator(policy).evaluate(curves, (done, total) -> progress.step());
        }
        System.err.println(summaryLine(policy.name(), input.name(), report));
        if (json) {
            Map<String, Object> summary = EvaluationSummary.of(report, policy.name(), policyOptions.settings());
            input.describe(summary);
            JsonLine.print(System.out, summary);
        }
        return 0;
    }

    /**
     * The human summary. A metric with nothing to measure says why instead of printing NaN: curves too short to
     * fit (fewer points than the policy needs) leave no fit time and no early stop, hence no MAE.
     */
    static String summaryLine(String policy, String input, EvaluationReport report) {
        StringBuilder line = new StringBuilder(String.format("%s on %s: %d models, %d of %d epochs used (%.1f%% saved), "
                        + "%d stopped early, ", policy, input, report.models(), report.epochsUsed(), report.epochsTotal(),
                100 * report.epochsSaved(), report.stopped()));
        line.append(Double.isNaN(report.mae()) ? "MAE undefined (no model stopped early)"
                : String.format("MAE %.2f pp", report.mae()));
        line.append(Double.isNaN(report.top10Recall()) ? ", top-10% recall undefined"
                : String.format(", top-10%% recall %.2f, regret %.2f pp", report.top10Recall(), report.top10Regret()));
        line.append(Double.isNaN(report.fitUsMedian()) ? ", no curve fitted (curves too short for the policy?)"
                : String.format(", fit median %.1f us", report.fitUsMedian()));
        if (!Double.isNaN(report.intervalCoverage())) {
            line.append(String.format(", interval coverage %.2f, %d calibration runs", report.intervalCoverage(),
                    report.calibrationRuns()));
        }
        return line.toString();
    }
}
