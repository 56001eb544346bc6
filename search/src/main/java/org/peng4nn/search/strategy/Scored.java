package org.peng4nn.search.strategy;

import java.util.Objects;
import org.peng4nn.search.genome.Genome;

/**
 * A genome a strategy proposed, with the objective values its training earned.
 *
 * @param genome     as proposed by the strategy
 * @param objectives the values to minimize, or infeasible when training failed or no result came
 */
public record Scored(Genome genome, Objectives objectives) {
    public Scored {
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(objectives, "objectives");
    }
}
