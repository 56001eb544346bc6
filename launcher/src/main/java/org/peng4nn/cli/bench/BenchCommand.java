package org.peng4nn.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.cli.BadInputException;
import org.peng4nn.cli.BundledCurves;
import org.peng4nn.cli.JsonLine;
import org.peng4nn.engine.curve.CurveFamilies;
import org.peng4nn.engine.curve.CurveFamily;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.fit.CurveFitter;
import org.peng4nn.engine.fit.FitOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./peng4nn bench}: performance measurements that are commands, not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Performance benchmarks (fit, stream, datasets).",
        description = "Performance benchmarks. Figures depend on the machine: quote them with its description.",
        subcommands = {BenchCommand.Fit.class, BenchStreamCommand.class, BenchLoadCommand.class, BenchDatasetsCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            header = "Times curve fits on the bundled real curves.",
            description = "Times one curve fit on every prefix (4 points or more) of the 100 bundled real curves, each warm-started from the previous prefix's fit as the streaming predictor does, after a few untimed passes that let the JIT compile the solver.")
    static final class Fit implements Callable<Integer> {

        @Option(names = "--family", defaultValue = "peng4nn", paramLabel = "NAME",
                description = "Curve family to fit. Default: ${DEFAULT-VALUE}.")
        String family;

        @Option(names = "--warmup", defaultValue = "3", paramLabel = "N",
                description = "Untimed passes over all prefixes first. Default: ${DEFAULT-VALUE}.")
        int warmup;

        @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            CurveFamily curveFamily;
            try {
                curveFamily = CurveFamilies.byName(family);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            List<double[]> curves = BundledCurves.read().stream().map(LabeledCurve::accuracies).toList();
            System.err.printf("timing %s fits on every prefix of %d real curves (%d warm-up passes)...%n",
                    curveFamily.name(), curves.size(), warmup);
            FitBenchmark.Result result = new FitBenchmark(new CurveFitter(curveFamily, FitOptions.DEFAULT), 4,
                    System::nanoTime).run(curves, warmup);
            System.err.printf("%d fits: median %.1f us, p99 %.1f us (%d cores, %s)%n", result.fits(), result.median(),
                    result.p99(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("family", curveFamily.name());
                m.put("fits", result.fits());
                m.put("fit_us_median", result.median());
                m.put("fit_us_p99", result.p99());
                m.put("cores", Runtime.getRuntime().availableProcessors());
                JsonLine.print(System.out, m);
            }
            return 0;
        }
    }
}
