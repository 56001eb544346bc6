package org.peng4nn.engine.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The metrics of DESIGN.md for one policy over one set of curves, plus each model's outcome.
 *
 * @param mae          mean |fitness - observed final| over models stopped early, in percentage points; NaN if none
 * @param fitUsMedian  median wall time of one policy step that fitted a curve, in microseconds; NaN if none
 */
public record EvaluationReport(int models, long epochsTotal, long epochsUsed, double epochsSaved, int stopped,
                               double mae, double top10Recall, double top10Regret, double fitUsMedian,
                               List<ModelOutcome> outcomes) {

    public EvaluationReport {
        outcomes = List.copyOf(outcomes);
    }

    /** Computes every metric from the outcomes, in file order. */
    public static EvaluationReport of(List<ModelOutcome> outcomes, double fitUsMedian) {
        long total = 0;
        long used = 0;
        int stopped = 0;
        double errorSum = 0;
        for (ModelOutcome o : outcomes) {
            total += o.length();
            used += o.evaluationsUsed();
            if (o.stoppedEarly()) {
                stopped++;
                errorSum += Math.abs(o.fitness() - o.observedFinal());
            }
        }
        int k = topK(outcomes.size());
        List<ModelOutcome> trueTop = best(outcomes, k, ModelOutcome::observedFinal);
        List<ModelOutcome> predictedTop = best(outcomes, k, ModelOutcome::fitness);
        Set<String> trueIds = new HashSet<>();
        trueTop.forEach(o -> trueIds.add(o.modelId()));
        long hits = predictedTop.stream().filter(o -> trueIds.contains(o.modelId())).count();
        double regret = meanObserved(trueTop) - meanObserved(predictedTop);
        return new EvaluationReport(outcomes.size(), total, used, total == 0 ? 0 : 1.0 - (double) used / total,
                stopped, stopped == 0 ? Double.NaN : errorSum / stopped,
                k == 0 ? Double.NaN : (double) hits / k, k == 0 ? Double.NaN : regret, fitUsMedian, outcomes);
    }

    /** k = max(1, round(0.1 x models)), rounding half to even as Python's round() does. */
    static int topK(int models) {
        return models == 0 ? 0 : Math.max(1, (int) Math.rint(0.1 * models));
    }

    private static List<ModelOutcome> best(List<ModelOutcome> outcomes, int k,
                                           java.util.function.ToDoubleFunction<ModelOutcome> score) {
        List<ModelOutcome> sorted = new ArrayList<>(outcomes);
        sorted.sort(Comparator.comparingDouble(score).reversed().thenComparing(ModelOutcome::modelId));
        return sorted.subList(0, k);
    }

    private static double meanObserved(List<ModelOutcome> models) {
        return models.stream().mapToDouble(ModelOutcome::observedFinal).average().orElse(Double.NaN);
    }

    /** Median of the given values (NaN for none); sorts a copy. */
    public static double median(double[] values, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}
