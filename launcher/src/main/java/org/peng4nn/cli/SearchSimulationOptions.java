package org.peng4nn.cli;

import java.util.List;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.policy.StoppingPolicy;
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

    @Option(names = "--lr-milestones", split = ",", paramLabel = "E1,E2,...",
            description = "Learning-rate milestones of every model: the 0-based epochs that first train at a new "
                    + "rate. No policy stops a model before a milestone it has not learned the effect of.")
    List<Double> milestones = List.of();

    /** Fails naming the option when a value is out of range. */
    void check() throws BadInputException {
        if (workers < 1) {
            throw new BadInputException("--workers must be at least 1, got " + workers);
        }
        for (double m : milestones) {
            if (!(m >= 0) || !Double.isFinite(m)) {
                throw new BadInputException("--lr-milestones: each milestone is a 0-based epoch >= 0, got " + m);
            }
        }
    }

    /** An evaluator for {@code policy} under these options, after {@link #check()}. */
    Evaluator evaluator(StoppingPolicy policy) throws BadInputException {
        check();
        return evaluatorOf(policy);
    }

    /** The same, for options already checked. */
    Evaluator evaluatorOf(StoppingPolicy policy) {
        return new Evaluator(policy, workers, milestones.stream().mapToDouble(Double::doubleValue).toArray(),
                System::nanoTime);
    }
}
