package org.peng4nn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.peng4nn.cli.curves.CurveFile;
import org.peng4nn.cli.curves.CurveFormat;
import org.peng4nn.engine.evaluation.LabeledCurve;

/** The real learning curves that ship with the project (a copy of the shared A4NN file), which the benchmarks run. */
public final class BundledCurves {

    private BundledCurves() {
    }

    static Path path() {
        return Path.of(System.getProperty("peng4nn.home", "."), "data", "a4nn", "1gpu_1e16_training_data.csv");
    }

    public static List<LabeledCurve> read() throws Exception {
        Path file = path();
        if (!Files.exists(file)) {
            throw new BadInputException(file + ": bundled curves not found (run from a checkout of the project)");
        }
        return new CurveFile(CurveFormat.A4NN, CurveFile.Scale.PERCENT).read(file);
    }
}
