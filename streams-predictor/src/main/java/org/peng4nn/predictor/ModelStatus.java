package org.peng4nn.predictor;

/** Where one model's run stands, as the predictor sees it. */
public enum ModelStatus {
    /** Evaluations are arriving; no final decision yet. */
    TRAINING,
    /** The policy stopped it early: a StopCommand and a STOPPED_EARLY result were sent. */
    STOPPED,
    /** The evaluation at its last epoch arrived without an early stop: a COMPLETED result was sent. */
    COMPLETED;

    public boolean finished() {
        return this != TRAINING;
    }
}
