package org.peng4nn.engine.population;

import org.peng4nn.engine.policy.FinishedFitness;

/**
 * What one model's policy may know about the rest of its search when an evaluation arrives: the
 * fitness of the models that finished, the finished full-budget curves of its budget, its own
 * place in the search and its learning-rate schedule. Built by the caller (evaluate, the streaming
 * predictor) from the events seen so far, so a decision stays a function of those events.
 *
 * @param finished    fitness of the finished models of the search
 * @param population  finished full-budget curves of this model's budget, or null when none are kept
 * @param ordinal     0-based order in which this model started within its search
 * @param milestones  0-based epochs that first train at a new learning rate, in any order; empty when unknown
 */
public record SearchView(FinishedFitness finished, Population population, int ordinal, double[] milestones) {

    public SearchView {
        if (finished == null || milestones == null || ordinal < 0) {
            throw new IllegalArgumentException("a search view needs the finished fitness, milestones and an ordinal >= 0");
        }
        milestones = milestones.clone();
    }

    /** A view with only the finished fitness, for callers that keep nothing else. */
    public static SearchView of(FinishedFitness finished) {
        return new SearchView(finished, null, 0, new double[0]);
    }

    @Override
    public double[] milestones() {
        return milestones.clone();
    }
}
