package org.peng4nn.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.peng4nn.cli.curves.CurveFileException;
import org.peng4nn.cli.curves.CurveFile;
import org.peng4nn.cli.curves.CurveFormat;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.SyntheticCurves;
import picocli.CommandLine.Option;

/** Where learning curves come from, shared by the commands that replay curve files. */
final class CurveInputOptions {

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "CSV of learning curves (see --format), or synthetic:KIND[:SEED] for generated curves "
                    + "of known shape and noise (KIND: power_law, step_decay, overfit, sub_epoch).")
    Path input;

    @Option(names = "--format", defaultValue = "long", paramLabel = "long|a4nn",
            converter = FormatConverter.class,
            description = "long: header model_id,epoch,val_acc (0-based epochs below 100000, fractions allowed). "
                    + "a4nn: the A4NN training log (epoch,...,val_accs,...,genome,arch). Default: ${DEFAULT-VALUE}.")
    CurveFormat format;

    @Option(names = "--epochs", paramLabel = "E",
            description = "Training budget in epochs; curves are cut to their first E epochs. "
                    + "Default: each curve's own length.")
    Double epochs;

    @Option(names = "--scale", defaultValue = "percent", paramLabel = "percent|fraction",
            converter = ScaleConverter.class,
            description = "Accuracy unit in the file: percent (0-100) or fraction (0-1). Default: ${DEFAULT-VALUE}.")
    CurveFile.Scale scale;

    private static final String SYNTHETIC = "synthetic:";

    private List<LabeledCurve> synthetic() throws CurveFileException {
        String[] parts = input.toString().substring(SYNTHETIC.length()).split(":");
        try {
            long seed = parts.length > 1 ? Long.parseLong(parts[1]) : SyntheticCurves.DEFAULT_SEED;
            return SyntheticCurves.generate(SyntheticCurves.Kind.of(parts[0]), SyntheticCurves.DEFAULT_MODELS, seed);
        } catch (IllegalArgumentException e) {
            throw new CurveFileException(input, 0, e.getMessage());
        }
    }

    /** Reads and checks the file (or generates the synthetic set), then applies the budget. */
    List<LabeledCurve> load() throws CurveFileException {
        List<LabeledCurve> curves = input.toString().startsWith(SYNTHETIC) ? synthetic() : new CurveFile(format, scale).read(input);
        if (epochs == null) {
            return curves;
        }
        if (!(epochs > 0)) {
            throw new CurveFileException(input, 0, "--epochs must be positive, got " + epochs);
        }
        List<LabeledCurve> cut = new ArrayList<>(curves.size());
        for (LabeledCurve curve : curves) {
            double budget = epochs / curve.interval();
            int n = (int) Math.round(budget);
            if (Math.abs(budget - n) > 1e-9 || n < 2) {
                throw new CurveFileException(input, curve.firstLine(), "--epochs " + epochs
                        + " is not a whole number (>= 2) of evaluations for model " + curve.modelId()
                        + " (evaluated every " + curve.interval() + " epochs)");
            }
            if (curve.size() < n) {
                throw new CurveFileException(input, curve.firstLine(), "model " + curve.modelId() + " has "
                        + curve.size() + " evaluations, fewer than the " + n + " that --epochs " + epochs + " needs");
            }
            cut.add(curve.truncate(n));
        }
        return cut;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<CurveFormat> {
        @Override
        public CurveFormat convert(String value) {
            return named(CurveFormat.class, value);
        }
    }

    static final class ScaleConverter implements picocli.CommandLine.ITypeConverter<CurveFile.Scale> {
        @Override
        public CurveFile.Scale convert(String value) {
            return named(CurveFile.Scale.class, value);
        }
    }

    /** A conversion error, not Enum.valueOf's message, so the user sees the values that would do. */
    private static <E extends Enum<E>> E named(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.trim())) {
                return constant;
            }
        }
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
                        .collect(java.util.stream.Collectors.joining(", ")));
    }
}
