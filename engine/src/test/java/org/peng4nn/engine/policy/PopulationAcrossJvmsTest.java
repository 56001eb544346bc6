package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;

/**
 * Replay and crash recovery are exact only if a decision is the same in every JVM: a child JVM,
 * interpreted only (no JIT to reorder or fuse floating-point work), decides exactly as this one.
 */
class PopulationAcrossJvmsTest {

    /** Every model's stop index and fitness bits, one line each. */
    static String decisions() {
        Random random = new Random(42);
        List<LabeledCurve> curves = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            double a = 50 + 40 * random.nextDouble();
            double rate = 0.5 + 0.35 * random.nextDouble();
            double[] epochs = new double[25];
            double[] acc = new double[25];
            for (int t = 0; t < 25; t++) {
                epochs[t] = t;
                acc[t] = a - 35 * Math.pow(rate, t) + (t >= 15 ? 3 : 0) + 0.5 * random.nextGaussian();
            }
            curves.add(new LabeledCurve("m" + i, epochs, acc, 0));
        }
        EvaluationReport r = new Evaluator(PopulationPolicy.defaults(), 2, new double[] {15}, () -> 0L)
                .evaluate(curves, (done, total) -> { });
        StringBuilder out = new StringBuilder();
        for (ModelOutcome o : r.outcomes()) {
            out.append(o.modelId()).append(' ').append(o.stopIndex()).append(' ')
                    .append(Long.toHexString(Double.doubleToRawLongBits(o.fitness()))).append('\n');
        }
        return out.toString();
    }

    public static void main(String[] args) {
        System.out.print(decisions());
    }

    @Test
    void aChildJvmWithoutJitDecidesBitForBitAsThisOne() throws IOException, InterruptedException {
        String here = decisions();
        assertThat(here).contains(" -1 ").containsPattern("m\\d+ [0-9]+ ");   // some stopped, some trained fully
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xint", "-cp", System.getProperty("java.class.path"),
                PopulationAcrossJvmsTest.class.getName()).redirectErrorStream(true).start();
        String there = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(there).isZero();
        assertThat(there).isEqualTo(here);
    }
}
