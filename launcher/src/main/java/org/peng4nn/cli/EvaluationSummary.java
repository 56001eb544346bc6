package org.peng4nn.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.peng4nn.engine.evaluation.EvaluationReport;

/** The JSON metrics of curves run through a policy, the same keys from evaluate, tune and replay. */
final class EvaluationSummary {

    private EvaluationSummary() {
    }

    /** The contract's keys, shared with {@code replay} and {@code tune}. */
    static Map<String, Object> of(EvaluationReport report, String policy, Map<String, String> settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", policy);
        m.put("settings", settings);
        m.put("models", report.models());
        m.put("epochs_total", report.epochsTotal());
        m.put("epochs_used", report.epochsUsed());
        m.put("epochs_saved", report.epochsSaved());
        m.put("stopped", report.stopped());
        m.put("mae", report.mae());
        m.put("top10_recall", report.top10Recall());
        m.put("top10_regret", report.top10Regret());
        m.put("fit_us_median", report.fitUsMedian());
        m.put("fit_us_p99", report.fitUsP99());
        m.put("interval_coverage", report.intervalCoverage());
        m.put("calibration_runs", report.calibrationRuns());
        return m;
    }
}
