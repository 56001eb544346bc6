package org.peng4nn.trainer;

import java.util.Optional;

/** How a training run ended. */
public sealed interface TrainingOutcome {

    /** Epochs actually trained (fractional when stopped or failed between evaluations). */
    double epochsTrained();

    /** The last evaluation, if any step completed. */
    Optional<Evaluation> last();

    /** Trained the whole budget. */
    record Completed(double epochsTrained, Optional<Evaluation> last) implements TrainingOutcome {
    }

    /** Stopped on request (a StopCommand) before the budget was spent. */
    record Stopped(double epochsTrained, Optional<Evaluation> last) implements TrainingOutcome {
    }

    /** Training broke: NaN or infinite loss, out of memory, a network DL4J could not run. */
    record Failed(double epochsTrained, Optional<Evaluation> last, String message) implements TrainingOutcome {
    }
}
