package org.peng4nn.producers.bridge;

/**
 * The metrics logs the bridge reads. Keras' {@code CSVLogger} and PyTorch Lightning's
 * {@code CSVLogger} ({@code metrics.csv}) are both a header line then one row per log call, and are
 * parsed alike; the names document what is supported and choose the help text's examples.
 */
public enum LogFormat {
    /** Decided by the first line: {@code {} starts JSON lines, anything else is a CSV header. */
    AUTO,
    /** Keras {@code CSVLogger}: {@code epoch,accuracy,loss,val_accuracy,val_loss}, accuracies as fractions. */
    KERAS,
    /** Lightning {@code CSVLogger}: {@code epoch,step,...}; train-only rows leave the validation columns empty. */
    LIGHTNING,
    /** One JSON object per line, e.g. {@code {"epoch":3,"val_acc":71.2}}. */
    JSONL;

    boolean isCsv() {
        return this == KERAS || this == LIGHTNING;
    }
}
