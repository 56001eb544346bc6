package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.peng4nn.engine.curve.CurveFamily;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.SyntheticCurves;
import org.peng4nn.engine.fit.CurveFitter;
import org.peng4nn.engine.fit.FitOptions;
import org.peng4nn.engine.fit.Loss;

/**
 * One setting changed at a time from the defaults, on the real curves and every synthetic kind:
 * the "what helps where" table of docs/policy.md. Prints only; the acceptance test asserts. About a
 * minute of CPU, so it runs only when asked: {@code -Dtest=EnsembleAblationTest -Dpeng4nn.ablation=true}.
 */
@EnabledIfSystemProperty(named = "peng4nn.ablation", matches = "true")
class EnsembleAblationTest {

    private static final List<Map<String, String>> VARIANTS = List.of(
            Map.of(),
            Map.of("threshold", "0.75"),
            Map.of("threshold", "1"),
            Map.of("window", "2"),
            Map.of("spread", "4"),
            Map.of("noise_multiple", "1"),
            Map.of("noise_multiple", "2"),
            Map.of("level_window", "0"),
            Map.of("families", "peng4nn"),
            Map.of("families", "peng4nn,pow3"),
            Map.of("min_fraction", "0.1"),
            Map.of("min_fraction", "0.3"),
            Map.of("prune_top", "0.1"));
    /** SciPy's default (ours before 2026-11-29) and one in between, against {@link EnsemblePolicy#FIT_TOLERANCE}. */
    private static final double[] OTHER_FIT_TOLERANCES = {1e-6, 1e-8};

    @Test
    void printsOneChangeAtATime() {
        Map<String, List<LabeledCurve>> sets = new LinkedHashMap<>();
        sets.put("a4nn", EnsembleAcceptanceTest.realCurves());
        for (SyntheticCurves.Kind kind : SyntheticCurves.Kind.values()) {
            sets.put(kind.label(), SyntheticCurves.generate(kind));
        }
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "| %-26s", "ensemble setting"));
        sets.keySet().forEach(k -> header.append(String.format(Locale.ROOT, " | %-22s", k)));
        System.out.println(header.append(" |  (saved / mae / recall)"));
        printRow("penguin (reference)", Policies.byName(Policies.REFERENCE), sets);
        for (Map<String, String> variant : VARIANTS) {
            printRow(variant.isEmpty() ? "defaults" : variant.toString(), Policies.byName("ensemble", variant), sets);
        }
        for (double tolerance : OTHER_FIT_TOLERANCES) {
            printRow("fit tolerance " + tolerance, new EnsemblePolicy(EnsemblePolicy.Config.defaults(), tolerance),
                    sets);
        }
    }

    /**
     * What the fit tolerance costs: per family, solver evaluations and wall time of one robust fit,
     * over every prefix of the real curves the ensemble fits, after two untimed passes for the JIT.
     */
    @Test
    void printsWhatTheFitToleranceCosts() {
        List<LabeledCurve> curves = EnsembleAcceptanceTest.realCurves();
        System.out.println("| family  | tolerance | evaluations per fit (mean / p90) | us per fit (mean) |");
        for (CurveFamily family : EnsemblePolicy.Config.defaults().families()) {
            double[] tolerances = {EnsemblePolicy.FIT_TOLERANCE, 1e-6, 1e-8};
            double[] meanEvaluations = new double[tolerances.length];
            for (int t = 0; t < tolerances.length; t++) {
                CurveFitter fitter = new CurveFitter(family,
                        FitOptions.robust(Loss.SOFT_L1, Double.NaN).withTolerance(tolerances[t]));
                List<Integer> evaluations = new ArrayList<>();
                long nanos = 0;
                for (int pass = 0; pass < 3; pass++) {
                    evaluations.clear();
                    long start = System.nanoTime();
                    for (LabeledCurve curve : curves) {
                        double[] y = curve.accuracies();
                        double[] x = IntStream.range(0, y.length).asDoubleStream().toArray();
                        int first = Math.max(EnsemblePolicy.MIN_POINTS, family.parameterCount() + 2);
                        for (int m = first; m <= y.length; m++) {
                            evaluations.add(fitter.fit(x, y, m, null).evaluations());
                        }
                    }
                    nanos = System.nanoTime() - start;
                }
                Collections.sort(evaluations);
                double mean = evaluations.stream().mapToInt(Integer::intValue).average().orElseThrow();
                meanEvaluations[t] = mean;
                System.out.printf(Locale.ROOT, "| %-7s | %-9s | %5.1f / %3d | %6.1f |%n", family.name(), tolerances[t],
                        mean, evaluations.get(evaluations.size() * 9 / 10), nanos / 1e3 / evaluations.size());
            }
            assertThat(meanEvaluations[0]).as("%s: evaluations at the default tolerance against 1e-8", family)
                    .isLessThan(meanEvaluations[tolerances.length - 1]);
        }
    }

    private static void printRow(String label, StoppingPolicy policy, Map<String, List<LabeledCurve>> sets) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %-26s", label));
        for (List<LabeledCurve> curves : sets.values()) {
            EvaluationReport r = new Evaluator(policy, System::nanoTime).evaluate(curves, (done, total) -> { });
            assertThat(r.models()).isEqualTo(curves.size());
            row.append(String.format(Locale.ROOT, " | %.3f / %5.2f / %.1f", r.epochsSaved(), r.mae(), r.top10Recall()));
        }
        System.out.println(row.append(" |"));
    }
}
