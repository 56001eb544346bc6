package org.peng4nn.predictor;

import java.util.List;
import org.peng4nn.engine.A4nnCurves;
import org.peng4nn.engine.evaluation.LabeledCurve;

/** The 100 real A4NN curves as the evaluator and the replay take them. */
final class A4nnLabeledCurves {

    private A4nnLabeledCurves() {
    }

    static List<LabeledCurve> load() {
        return A4nnCurves.load().stream()
                .map(m -> new LabeledCurve(m.id(), m.epochs(), m.accuracies(), 0)).toList();
    }
}
