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
 * @param fitUsP99     99th percentile of the same times; NaN if none
 * @param intervalCoverage share of the models stopped early with an interval at the stop whose observed
 *                     final lies inside it; NaN when no stop came with an interval
 * @param calibrationRuns models the policy trained to the full budget on purpose
 */
public record EvaluationReport(int models, long epochsTotal, long epochsUsed, double epochsSaved, int stopped,
                               double mae, double top10Recall, double top10Regret, double fitUsMedian,
                               double fitUsP99, double intervalCoverage, int calibrationRuns, List<ModelOutcome> outcomes) {

    public EvaluationReport {
        outcomes = List.copyOf(outcomes);
    }

    /** Computes every metric from the outcomes, in file order, for a policy without calibration runs. */
    public static EvaluationReport of(List<ModelOutcome> outcomes, double fitUsMedian) {
        return of(outcomes, fitUsMedian, Double.NaN, 0);
    }

    /** Computes every metric from the outcomes, in file order. */
    public static EvaluationReport of(List<ModelOutcome> outcomes, double fitUsMedian, double fitUsP99,
            int calibrationRuns) {
        long total = 0;
        long used = 0;
        int stopped = 0;
        double errorSum = 0;
        int withInterval = 0;
        int covered = 0;
        for (ModelOutcome o : outcomes) {
            total += o.length();
            used += o.evaluationsUsed();
            if (o.stoppedEarly()) {
                stopped++;
                errorSum += Math.abs(o.fitness() - o.observedFinal());
                if (o.prediction() != null && Double.isFinite(o.prediction().lower())
                        && Double.isFinite(o.prediction().upper())) {
                    withInterval++;
                    if (o.prediction().lower() <= o.observedFinal() && o.observedFinal() <= o.prediction().upper()) {
                        covered++;
                    }
                }
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
                k == 0 ? Double.NaN : (double) hits / k, k == 0 ? Double.NaN : regret, fitUsMedian, fitUsP99,
                withInterval == 0 ? Double.NaN : (double) covered / withInterval, calibrationRuns, outcomes);
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

    /** The {@code p}-quantile (0..1) of the given values by the nearest-rank rule (NaN for none); sorts a copy. */
    public static double quantile(double[] values, int count, double p) {
        if (count == 0) {
            return Double.NaN;
        }
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(p * count) - 1)];
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
