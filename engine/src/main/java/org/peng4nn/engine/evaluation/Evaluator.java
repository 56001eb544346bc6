package org.peng4nn.engine.evaluation;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.engine.population.SearchState;
import org.peng4nn.engine.population.SearchView;

/**
 * Runs curves through a policy as a search on {@code workers} GPUs would produce them: models start
 * in file order, one per free worker; in each round every busy worker reports its model's next
 * evaluation, in worker order; a worker whose model stopped or completed takes the next model in
 * the following round. A policy that learns from the search therefore sees only the models that
 * had finished when each evaluation arrived. With one worker, models run one after another.
 */
public final class Evaluator {

    /** Called after each model, for progress display. */
    public interface Progress {
        void modelDone(int done, int total);
    }

    private final StoppingPolicy policy;
    private final int workers;
    private final double[] milestones;
    private final LongSupplier nanoClock;

    /** One model after another, no learning-rate schedule known. */
    public Evaluator(StoppingPolicy policy, LongSupplier nanoClock) {
        this(policy, 1, new double[0], nanoClock);
    }

    /**
     * @param workers    models trained at once (&gt;= 1)
     * @param milestones 0-based epochs that first train at a new learning rate, the same for every model
     * @param nanoClock  the clock that times fits ({@code System::nanoTime}); injected so tests stay deterministic
     */
    public Evaluator(StoppingPolicy policy, int workers, double[] milestones, LongSupplier nanoClock) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        this.policy = policy;
        this.workers = workers;
        this.milestones = milestones.clone();
        this.nanoClock = nanoClock;
    }

    /** A model being trained by one worker. */
    private static final class Run {
        final LabeledCurve curve;
        final int index;
        ModelState state;
        int next;

        Run(LabeledCurve curve, int index, ModelState state) {
            this.curve = curve;
            this.index = index;
            this.state = state;
        }
    }

    public EvaluationReport evaluate(List<LabeledCurve> curves, Progress progress) {
        ModelOutcome[] outcomes = new ModelOutcome[curves.size()];
        SearchState search = SearchState.empty(policy.populationCapacity());
        Run[] slots = new Run[workers];
        double[] fitMicros = new double[64];
        int fits = 0;
        int done = 0;
        int calibrationRuns = 0;
        while (done < curves.size()) {
            for (int s = 0; s < workers && search.started() < curves.size(); s++) {
                if (slots[s] == null) {
                    int index = search.started();
                    LabeledCurve curve = curves.get(index);
                    double interval = curve.interval();
                    slots[s] = new Run(curve, index, policy.start(curve.size() * interval, interval));
                    calibrationRuns += policy.calibrationRun(index) ? 1 : 0;
                    search = search.withStarted();
                }
            }
            for (int s = 0; s < workers; s++) {
                Run run = slots[s];
                if (run == null) {
                    continue;
                }
                LabeledCurve curve = run.curve;
                int i = run.next++;
                SearchView view = search.view(run.state, run.index, milestones);
                CurvePrediction before = run.state.latest();
                long start = nanoClock.getAsLong();
                run.state = policy.observe(run.state, curve.epochs()[i], curve.accuracies()[i], view);
                long elapsed = nanoClock.getAsLong() - start;
                if (run.state.latest() != before) {
                    if (fits == fitMicros.length) {
                        fitMicros = Arrays.copyOf(fitMicros, fits * 2);
                    }
                    fitMicros[fits++] = elapsed / 1_000.0;
                }
                boolean stopped = run.state.stoppedEarly();
                if (!stopped && i < curve.size() - 1) {
                    continue;
                }
                double fitness = stopped ? run.state.decision().fitness() : curve.finalAccuracy();
                outcomes[run.index] = new ModelOutcome(curve.modelId(), curve.size(), stopped ? i : -1,
                        curve.finalAccuracy(), fitness, run.state.latest());
                search = search.withFinished(run.state);
                slots[s] = null;
                progress.modelDone(++done, curves.size());
            }
        }
        return EvaluationReport.of(List.of(outcomes), EvaluationReport.median(fitMicros, fits),
                EvaluationReport.quantile(fitMicros, fits, 0.99), calibrationRuns);
    }
}
