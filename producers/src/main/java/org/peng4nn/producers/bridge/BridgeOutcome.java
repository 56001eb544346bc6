package org.peng4nn.producers.bridge;

/** How a bridge session ended, with the exit status {@code ./peng4nn bridge} gives it. */
public enum BridgeOutcome {
    /** A stop command came; the stop file was written and/or the signal sent. */
    STOPPED(3),
    /**
     * A stop command came but the signal could not be sent (kill failed: the process is gone or not ours...):
     * the trainer may still be training. The stop file, if any, was written.
     */
    STOP_FAILED(4),
    /** The log reached the last epoch of the budget without a stop command. */
    COMPLETED(0),
    /** The trainer's process ended before the last epoch; its log was read to the end first. */
    TRAINER_EXITED(0);

    private final int exitCode;

    BridgeOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
