package org.peng4nn.search;

import java.util.Objects;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.search.genome.Genome;

/**
 * A network the search sent to be trained.
 *
 * @param modelId        {@code <search id>-g<generation>-m<index>}, unique within and across searches
 * @param generation     0-based generation
 * @param genome         as proposed by the strategy
 * @param architecture   the genome decoded
 * @param parameterCount trainable parameters for the search's input shape
 */
public record Candidate(String modelId, int generation, Genome genome, Architecture architecture,
                        long parameterCount) {

    public Candidate {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(genome, "genome");
        Objects.requireNonNull(architecture, "architecture");
    }

    /** The model id of candidate {@code index} (0-based) of a generation. */
    public static String modelId(String searchId, int generation, int index) {
        return searchId + "-g" + generation + "-m" + index;
    }
}
