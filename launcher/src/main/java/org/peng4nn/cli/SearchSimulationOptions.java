package org.peng4nn.cli;

import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.policy.StoppingPolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How offline commands simulate the search the curves came from: workers in parallel, the learning-rate schedule. */
final class SearchSimulationOptions {

    /** The demo's trainer count: evaluate simulates the search the product runs by default. */
    static final int DEFAULT_WORKERS = 2;

    @Option(names = "--workers", defaultValue = "" + DEFAULT_WORKERS, paramLabel = "W",
            description = "Models trained at once, in file order, their evaluations interleaved as W GPUs would "
                    + "report them; a policy that learns from the search sees only models that had finished. "
                    + "Default: ${DEFAULT-VALUE}, the demo's worker count.")
    int workers;

    @Mixin
    LrMilestonesOption milestones;

    /** Fails naming the option when a value is out of range. */
    void check() throws BadInputException {
        if (workers < 1) {
            throw new BadInputException("--workers must be at least 1, got " + workers);
        }
    }

    /** An evaluator for {@code policy} under these options, after {@link #check()}. */
    Evaluator evaluator(StoppingPolicy policy) throws BadInputException {
        check();
        return evaluatorOf(policy);
    }

    /** The same, for options already checked. */
    Evaluator evaluatorOf(StoppingPolicy policy) {
        return new Evaluator(policy, workers, milestones.get().toArray(), System::nanoTime);
    }
}
