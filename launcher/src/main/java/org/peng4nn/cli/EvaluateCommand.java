package org.peng4nn.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.policy.StoppingPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn evaluate}: the metrics of one policy on a file of learning curves. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        header = "Metrics of one stopping policy on a file of learning curves.",
        description = "Runs learning curves through a stopping policy, as a search on --workers GPUs would train them, with the same code the streaming predictor uses, and reports epochs saved, prediction error and top-10%% recall.")
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    CurveInputOptions input;

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
        System.err.printf("%s on %s: %d models, %d of %d epochs used (%.1f%% saved), %d stopped early, "
                        + "MAE %.2f pp, top-10%% recall %.2f, regret %.2f pp, fit median %.1f us%s%n",
                policy.name(), input.input, report.models(), report.epochsUsed(), report.epochsTotal(),
                100 * report.epochsSaved(), report.stopped(), report.mae(), report.top10Recall(), report.top10Regret(),
                report.fitUsMedian(), Double.isNaN(report.intervalCoverage()) ? ""
                        : String.format(", interval coverage %.2f, %d calibration runs", report.intervalCoverage(),
                                report.calibrationRuns()));
        if (json) {
            JsonLine.print(System.out, EvaluationSummary.of(report, policy.name(), policyOptions.settings()));
        }
        return 0;
    }
}
