package org.peng4nn.producers.bridge;

/** How the log writes accuracies; the events carry percent (0-100). */
public enum AccuracyScale {
    /**
     * Decided once, by the first accuracy read: at most 1.0 means {@link #FRACTION}. A curve in percent
     * that starts at or below 1% would be misread: give {@link #PERCENT} for such a trainer.
     */
    AUTO,
    /** Already 0-100. */
    PERCENT,
    /** 0.0-1.0, as Keras and torchmetrics write them: multiplied by 100. */
    FRACTION
}
