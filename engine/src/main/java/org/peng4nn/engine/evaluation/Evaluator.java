package org.peng4nn.engine.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.StoppingPolicy;

/**
 * Runs curves through a policy epoch by epoch, one model after another as on one GPU, so a
 * rank-aware policy sees only the models that finished before the current one.
 */
public final class Evaluator {

    /** Called after each model, for progress display. */
    public interface Progress {
        void modelDone(int done, int total);
    }

    private final StoppingPolicy policy;
    private final LongSupplier nanoClock;

    /**
     * @param nanoClock the clock that times fits ({@code System::nanoTime}); injected so tests stay deterministic
     */
    public Evaluator(StoppingPolicy policy, LongSupplier nanoClock) {
        this.policy = policy;
        this.nanoClock = nanoClock;
    }

    public EvaluationReport evaluate(List<LabeledCurve> curves, Progress progress) {
        List<ModelOutcome> outcomes = new ArrayList<>(curves.size());
        FinishedFitness finished = FinishedFitness.EMPTY;
        double[] fitMicros = new double[64];
        int fits = 0;
        for (LabeledCurve curve : curves) {
            double interval = curve.interval();
            ModelState state = policy.start(curve.size() * interval, interval);
            int stopIndex = -1;
            for (int i = 0; i < curve.size(); i++) {
                CurvePrediction before = state.latest();
                long start = nanoClock.getAsLong();
                state = policy.observe(state, curve.epochs()[i], curve.accuracies()[i], finished);
                long elapsed = nanoClock.getAsLong() - start;
                if (state.latest() != before) {
                    if (fits == fitMicros.length) {
                        fitMicros = Arrays.copyOf(fitMicros, fits * 2);
                    }
                    fitMicros[fits++] = elapsed / 1_000.0;
                }
                if (state.stoppedEarly()) {
                    stopIndex = i;
                    break;
                }
            }
            double fitness = stopIndex >= 0 ? state.decision().fitness() : curve.finalAccuracy();
            outcomes.add(new ModelOutcome(curve.modelId(), curve.size(), stopIndex, curve.finalAccuracy(), fitness,
                    state.latest()));
            finished = finished.with(fitness);
            progress.modelDone(outcomes.size(), curves.size());
        }
        return EvaluationReport.of(outcomes, EvaluationReport.median(fitMicros, fits));
    }
}
