package org.peng4nn.cli.curves;

/** Layouts of learning-curve files that {@link CurveFile} understands. */
public enum CurveFormat {
    /** {@code model_id,epoch,val_acc}, one evaluation per row, models may interleave. */
    LONG,
    /** The A4NN workflow's training log: one model is one (arch, genome) pair, {@code val_accs} in percent. */
    A4NN
}
