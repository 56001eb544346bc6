package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.SyntheticCurves;

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
