package org.peng4nn.cli.curves;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.producers.bridge.CsvLine;

/**
 * Reads learning curves from CSV, checking every row: the first bad row stops the read with an
 * error that names the file, the line and the problem; writes them in the long format it reads.
 */
public final class CurveFile {

    /** How accuracy values are written in the file. */
    public enum Scale {
        PERCENT(100.0, 1.0),
        FRACTION(1.0, 100.0);

        final double max;
        final double toPercent;

        Scale(double max, double toPercent) {
            this.max = max;
            this.toPercent = toPercent;
        }
    }

    /**
     * Epochs at or above this are refused: no training run lasts 100,000 epochs, so such a value is a corrupt
     * cell (or a step count), and the evaluation would otherwise size its budget by it.
     */
    public static final double MAX_EPOCH = 100_000;

    /** What an undecodable byte sequence becomes, so that the line holding it can be named. */
    private static final char UNDECODABLE = '\uFFFD';

    private final CurveFormat format;
    private final Scale scale;

    public CurveFile(CurveFormat format, Scale scale) {
        this.format = format;
        this.scale = scale;
    }

    /**
     * Writes {@code curves} in the long format ({@code model_id,epoch,val_acc}, accuracy in percent), which
     * {@code evaluate}, {@code tune} and {@code replay} read back as they are.
     */
    public static Path writeLong(List<LabeledCurve> curves, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("model_id,epoch,val_acc\n");
        for (LabeledCurve curve : curves) {
            for (int i = 0; i < curve.epochs().length; i++) {
                csv.append(curve.modelId()).append(',').append(curve.epochs()[i]).append(',')
                        .append(curve.accuracies()[i]).append('\n');
            }
        }
        Files.writeString(file, csv);
        return file;
    }

    /** The models in order of first appearance, each with its evaluations sorted by epoch. */
    public List<LabeledCurve> read(Path file) throws CurveFileException {
        // replace rather than report bad bytes: the decoder reads ahead by blocks, so only the decoded line
        // can say where they were
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), utf8))) {
            return read(file, in);
        } catch (NoSuchFileException e) {
            throw new CurveFileException(file, 0, "no such file");
        } catch (IOException e) {
            throw new CurveFileException(file, 0, "cannot read: " + e.getMessage());
        }
    }

    List<LabeledCurve> read(Path file, BufferedReader in) throws IOException, CurveFileException {
        String header = in.readLine();
        if (header == null) {
            throw new CurveFileException(file, 1, "empty file, expected a header line");
        }
        checkDecoded(file, 1, header);
        Columns columns = Columns.of(format, CsvLine.split(stripBom(header)), file);

        Map<String, Builder> models = new LinkedHashMap<>();
        String line;
        long lineNumber = 1;
        String a4nnKey = null;
        String a4nnId = null;
        double a4nnEpoch = Double.NaN;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            checkDecoded(file, lineNumber, line);
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = CsvLine.split(line);
            if (cells.size() < columns.width) {
                throw new CurveFileException(file, lineNumber,
                        "expected at least " + columns.width + " columns, found " + cells.size());
            }
            double epoch = number(file, lineNumber, cells.get(columns.epoch), "epoch");
            if (epoch < 0) {
                throw new CurveFileException(file, lineNumber, "negative epoch " + cells.get(columns.epoch).trim());
            }
            if (epoch >= MAX_EPOCH) {
                throw new CurveFileException(file, lineNumber, "epoch " + cells.get(columns.epoch).trim()
                        + " is not plausible (epochs must be below " + (long) MAX_EPOCH + ")");
            }
            String modelId;
            if (format == CurveFormat.A4NN) {
                // A4NN logs have no id column: a model is an (arch, genome) pair whose rows are grouped
                // in training order, so a new pair, or an epoch that does not advance, starts a new model
                String key = cells.get(columns.arch).trim() + "|" + cells.get(columns.genome).trim();
                if (!key.equals(a4nnKey) || epoch <= a4nnEpoch) {
                    a4nnId = String.format("m%03d-arch%s", models.size(), cells.get(columns.arch).trim());
                    a4nnKey = key;
                }
                a4nnEpoch = epoch;
                modelId = a4nnId;
            } else {
                modelId = cells.get(columns.model).trim();
                if (modelId.isEmpty()) {
                    throw new CurveFileException(file, lineNumber, "empty model_id");
                }
            }
            double value = number(file, lineNumber, cells.get(columns.accuracy), columns.accuracyName);
            if (value < 0 || value > scale.max) {
                throw new CurveFileException(file, lineNumber, columns.accuracyName + " " + cells.get(columns.accuracy).trim()
                        + " outside 0-" + (scale == Scale.PERCENT ? "100 (percent; use --scale fraction for 0-1 values)" : "1 (--scale fraction)"));
            }
            final long rowLine = lineNumber;
            Builder model = models.computeIfAbsent(modelId, id -> new Builder(id, rowLine));
            Long earlier = model.lineOfEpoch.putIfAbsent(epoch, lineNumber);
            if (earlier != null) {
                throw new CurveFileException(file, lineNumber,
                        "duplicate epoch " + cells.get(columns.epoch).trim() + " for model " + modelId + " (first on line " + earlier + ")");
            }
            model.add(epoch, value * scale.toPercent);
        }
        if (models.isEmpty()) {
            throw new CurveFileException(file, 2, "no data rows after the header");
        }
        List<LabeledCurve> curves = new ArrayList<>(models.size());
        for (Builder model : models.values()) {
            if (model.size < 2) {
                throw new CurveFileException(file, model.firstLine,
                        "model " + model.id + " has " + model.size + " point; at least two are needed to fit a curve");
            }
            curves.add(model.build());
        }
        return curves;
    }

    private static double number(Path file, long line, String cell, String column) throws CurveFileException {
        String text = cell.trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CurveFileException(file, line, column + " is not a number: '" + text + "'");
        }
        if (!Double.isFinite(value)) {
            throw new CurveFileException(file, line, column + " is not a finite number: '" + text + "'");
        }
        return value;
    }

    private static void checkDecoded(Path file, long line, String text) throws CurveFileException {
        if (text.indexOf(UNDECODABLE) >= 0) {
            throw new CurveFileException(file, line, "not UTF-8 text (bytes that do not decode as UTF-8); "
                    + "expected a UTF-8 CSV file");
        }
    }

    private static String stripBom(String header) {
        return header.startsWith("\uFEFF") ? header.substring(1) : header;
    }

    /** Where the needed values sit in a row. */
    private record Columns(int model, int epoch, int accuracy, int arch, int genome, int width, String accuracyName) {

        static Columns of(CurveFormat format, List<String> header, Path file) throws CurveFileException {
            List<String> names = header.stream().map(String::trim).toList();
            if (format == CurveFormat.A4NN) {
                int epoch = required(names, "epoch", file, format);
                int acc = required(names, "val_accs", file, format);
                int arch = required(names, "arch", file, format);
                int genome = required(names, "genome", file, format);
                return new Columns(-1, epoch, acc, arch, genome, 1 + max(epoch, acc, arch, genome), "val_accs");
            }
            int model = required(names, "model_id", file, format);
            int epoch = required(names, "epoch", file, format);
            int acc = required(names, "val_acc", file, format);
            return new Columns(model, epoch, acc, -1, -1, 1 + max(model, epoch, acc), "val_acc");
        }

        private static int required(List<String> names, String name, Path file, CurveFormat format) throws CurveFileException {
            int i = names.indexOf(name);
            if (i < 0) {
                throw new CurveFileException(file, 1, "header has no '" + name + "' column (format "
                        + format.name().toLowerCase() + " expects " + (format == CurveFormat.A4NN
                        ? "epoch,...,val_accs,...,genome,arch" : "model_id,epoch,val_acc") + "; found " + String.join(",", names) + ")");
            }
            return i;
        }

        private static int max(int... values) {
            return Arrays.stream(values).max().orElseThrow();
        }
    }

    /** Collects one model's rows; sorts them once at the end since rows may come in any order. */
    private static final class Builder {
        final String id;
        final long firstLine;
        final Map<Double, Long> lineOfEpoch = new HashMap<>();
        double[] epochs = new double[32];
        double[] values = new double[32];
        int size;

        Builder(String id, long firstLine) {
            this.id = id;
            this.firstLine = firstLine;
        }

        void add(double epoch, double value) {
            if (size == epochs.length) {
                epochs = Arrays.copyOf(epochs, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            epochs[size] = epoch;
            values[size] = value;
            size++;
        }

        LabeledCurve build() {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(epochs[x], epochs[y]));
            double[] e = new double[size];
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                e[i] = epochs[order[i]];
                v[i] = values[order[i]];
            }
            return new LabeledCurve(id, e, v, firstLine);
        }
    }
}
