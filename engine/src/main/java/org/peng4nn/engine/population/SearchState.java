package org.peng4nn.engine.population;

import java.util.Map;
import java.util.TreeMap;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;

/**
 * What a search has taught its policy so far: how many models started, the fitness of those that
 * finished and, per budget, the full-budget curves that finished ({@link Population}). The one
 * record of a search that {@code evaluate} and the streaming predictor both update, by the same
 * two steps, so both give a policy the same {@link SearchView} for the same events:
 * {@link #withStarted()} when a model's first evaluation arrives, {@link #withFinished} when it
 * stops or completes. Immutable.
 *
 * @param started     models started so far; the next one to start gets this ordinal
 * @param finished    fitness of the finished models
 * @param populations finished full-budget curves by their number of evaluations; empty when capacity is 0
 * @param capacity    curves kept per budget ({@link org.peng4nn.engine.policy.StoppingPolicy#populationCapacity()});
 *                    0 keeps none
 */
public record SearchState(int started, FinishedFitness finished, Map<Integer, Population> populations, int capacity) {

    public SearchState {
        if (started < 0 || finished == null || populations == null || capacity < 0) {
            throw new IllegalArgumentException("a search state needs started >= 0, the finished fitness, populations "
                    + "and capacity >= 0");
        }
        populations = Map.copyOf(new TreeMap<>(populations));
    }

    /** A search nothing has happened in yet, keeping {@code capacity} finished curves per budget. */
    public static SearchState empty(int capacity) {
        return new SearchState(0, FinishedFitness.EMPTY, Map.of(), capacity);
    }

    /** One more model started; it is the {@link #started()}-th of this state (0-based). */
    public SearchState withStarted() {
        return new SearchState(started + 1, finished, populations, capacity);
    }

    /**
     * What a model that started {@code ordinal}-th may know of this search: the finished fitness and,
     * when curves are kept, the finished curves of its own budget.
     *
     * @param model      the model's state, for its budget in evaluations
     * @param milestones the model's learning-rate milestones (0-based epochs)
     */
    public SearchView view(ModelState model, int ordinal, double[] milestones) {
        int length = evaluations(model);
        Population population = capacity == 0 || length < 2 ? null
                : populations.getOrDefault(length, Population.empty(length, Math.max(2, capacity)));
        return new SearchView(finished, population, ordinal, milestones);
    }

    /**
     * The search once {@code model} has finished: its fitness joins the finished ones (its prediction
     * when stopped early, its last accuracy when it trained on) and a curve that reached its whole
     * budget with every evaluation joins the population of that budget.
     */
    public SearchState withFinished(ModelState model) {
        boolean stopped = model.stoppedEarly();
        double fitness = fitnessOf(model);
        FinishedFitness nextFinished = Double.isFinite(fitness) ? finished.with(fitness) : finished;
        int length = evaluations(model);
        if (stopped || capacity == 0 || length < 2 || model.curve().size() != length) {
            return new SearchState(started, nextFinished, populations, capacity);
        }
        Map<Integer, Population> next = new TreeMap<>(populations);
        next.put(length, populations.getOrDefault(length, Population.empty(length, Math.max(2, capacity)))
                .with(model.curve().accuracies()));
        return new SearchState(started, nextFinished, next, capacity);
    }

    /**
     * The fitness a finished model adds to {@link #finished()} ({@link #withFinished}): its prediction when stopped
     * early, its last accuracy when it trained on; not added when it is not finite.
     */
    public static double fitnessOf(ModelState model) {
        return model.stoppedEarly() ? model.decision().fitness() : model.curve().lastAccuracy();
    }

    /** A model's budget in evaluations: its whole budget in epochs over the epochs between evaluations. */
    static int evaluations(ModelState model) {
        return (int) Math.round(model.maxEpochs() / model.interval());
    }
}
