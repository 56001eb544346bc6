package org.peng4nn.engine.policy;

import org.peng4nn.engine.population.SearchView;

/**
 * A rule that watches one model's validation accuracy and decides when its training can stop.
 *
 * <p>Policies are pure: everything a policy remembers about a model lives in the {@link ModelState}
 * it returns, so the same code runs inside a Kafka Streams state store, in {@code evaluate} and in
 * {@code replay}. Given the same inputs a policy returns the same state.
 */
public interface StoppingPolicy {

    /** Short name used on the command line and in events, for example {@code penguin}. */
    String name();

    /**
     * A fresh state for a model that would train for {@code maxEpochs} epochs and is evaluated
     * every {@code interval} epochs (1.0 for once per epoch, 0.5 for twice per epoch): by default
     * an empty curve and no decision.
     */
    default ModelState start(double maxEpochs, double interval) {
        return ModelState.start(maxEpochs, interval);
    }

    /**
     * Feeds one evaluation: {@code epoch} in epochs (0-based, the first evaluation of whole-epoch
     * data is epoch 0) and {@code accuracy} in percent. Points may arrive out of order; a point
     * whose epoch is already known replaces nothing and returns the state unchanged.
     *
     * <p>Once the state's decision is STOP the state is returned unchanged. A policy that makes (or
     * attempts) a prediction appends it to the state's history, so {@link ModelState#latest()} changes
     * exactly when a curve was fitted.
     *
     * @param finished fitness of the models that finished before this one, for rank-aware rules
     * @throws IllegalArgumentException when epoch or accuracy is not finite
     */
    ModelState observe(ModelState state, double epoch, double accuracy, FinishedFitness finished);

    /**
     * Feeds one evaluation with all a policy may know about the model's search. Policies that learn
     * only from the model's own curve (and the finished fitness) need not override it.
     */
    default ModelState observe(ModelState state, double epoch, double accuracy, SearchView search) {
        return observe(state, epoch, accuracy, search.finished());
    }

    /**
     * How many finished curves per budget this policy learns from ({@link SearchView#population()}),
     * so callers keep that many; 0 for a policy that reads only the model's own curve.
     */
    default int populationCapacity() {
        return 0;
    }

    /**
     * Whether the model that started {@code ordinal}-th in its search (0-based) trains to its full
     * budget whatever its curve shows, so a policy that learns from the search keeps seeing whole
     * curves. Its epochs count as used like any other model's.
     */
    default boolean calibrationRun(int ordinal) {
        return false;
    }

    /**
     * Whether {@link #observe} reads its finished-fitness argument. The streaming predictor keeps
     * the fitness of finished models only for policies that do, so rank-blind policies pay nothing for it.
     */
    default boolean usesFinishedFitness() {
        return false;
    }
}
