package org.peng4nn.producers.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the lines of a trainer's metrics log into {@link LogPoint}s, one line at a time.
 * <p>
 * Stateful but free of I/O: it remembers the CSV header and, under {@link AccuracyScale#AUTO}, the
 * scale decided by the first accuracy. Columns and keys are matched case-insensitively. Without an
 * explicit metric name the validation accuracy is the first of {@link #METRIC_CANDIDATES} present;
 * training accuracy and loss are picked up likewise when the log has them.
 */
public final class MetricLogParser {

    /** Names trainers commonly give the validation accuracy, in order of preference. */
    public static final List<String> METRIC_CANDIDATES = List.of("val_acc", "val_accuracy", "val/acc",
            "val/accuracy", "val_acc_epoch", "val/acc_epoch", "valid_acc", "valid_accuracy", "validation_accuracy",
            "val_top1", "test_acc");
    private static final List<String> TRAIN_ACCURACY_CANDIDATES = List.of("accuracy", "acc", "train_acc",
            "train_accuracy", "train/acc", "train_acc_epoch", "train/acc_epoch");
    private static final List<String> LOSS_CANDIDATES = List.of("loss", "train_loss", "train/loss",
            "train_loss_epoch", "train/loss_epoch");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Epochs at or above this are refused: no run trains 100,000 epochs, so such a cell is corrupt (or a step
     * count), and a point there would be taken for the end of training.
     */
    public static final double MAX_EPOCH = 100_000;

    private final LogFormat format;
    private final String metric;
    private final int epochBase;
    private AccuracyScale scale;
    private LogFormat decided;
    private CsvColumns columns;

    /**
     * @param metric    the validation accuracy's column or key, or null to detect it
     * @param epochBase the epoch number the log gives the first evaluation (0 for Keras and Lightning)
     */
    public MetricLogParser(LogFormat format, String metric, AccuracyScale scale, int epochBase) {
        this.format = Objects.requireNonNull(format, "format");
        this.metric = metric == null || metric.isBlank() ? null : metric.toLowerCase(Locale.ROOT);
        this.scale = Objects.requireNonNull(scale, "scale");
        if (epochBase < 0) {
            throw new IllegalArgumentException("epoch base must be 0 or more, not " + epochBase);
        }
        this.epochBase = epochBase;
        this.decided = format == LogFormat.AUTO ? null : format;
    }

    /** The file starts over (rotated or rewritten): the next line is a header again. The scale stays decided. */
    public void restart() {
        columns = null;
        decided = format == LogFormat.AUTO ? null : format;
    }

    /** The scale in use: {@link AccuracyScale#AUTO} until the first accuracy decided it. */
    public AccuracyScale scale() {
        return scale;
    }

    /** Reads one complete line (without its line break). */
    public LineOutcome parse(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return new LineOutcome.Ignored("blank line");
        }
        if (decided == null) {
            decided = text.startsWith("{") ? LogFormat.JSONL : LogFormat.KERAS;
        }
        return decided == LogFormat.JSONL ? parseJson(text) : parseCsv(text);
    }

    private LineOutcome parseCsv(String text) {
        List<String> cells = CsvLine.split(text);
        if (columns == null) {
            if (text.startsWith("{")) {
                return new LineOutcome.Malformed("a JSON object where a CSV header was expected (try --format jsonl)");
            }
            List<String> names = cells.stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            if (!names.contains("epoch")) {
                return new LineOutcome.Malformed("CSV header without an 'epoch' column: " + text);
            }
            columns = new CsvColumns(names, names.indexOf("epoch"), find(names, metric, METRIC_CANDIDATES),
                    find(names, null, TRAIN_ACCURACY_CANDIDATES), find(names, null, LOSS_CANDIDATES));
            return new LineOutcome.Header(List.copyOf(cells),
                    columns.metric < 0 ? null : columns.names.get(columns.metric));
        }
        if (columns.metric < 0) {
            return new LineOutcome.Ignored("the header has no validation accuracy column");
        }
        if (cells.size() != columns.names.size()) {
            return new LineOutcome.Malformed(cells.size() + " fields where the header has " + columns.names.size());
        }
        return point(columns.names.get(columns.metric), cells.get(columns.epoch), cells.get(columns.metric),
                cell(cells, columns.trainAccuracy), cell(cells, columns.loss));
    }

    private LineOutcome parseJson(String text) {
        JsonNode object;
        try {
            object = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return new LineOutcome.Malformed("not a JSON object: " + e.getOriginalMessage());
        }
        if (object == null || !object.isObject()) {
            return new LineOutcome.Malformed("not a JSON object");
        }
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        List<String> names = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
        int metricAt = find(names, metric, METRIC_CANDIDATES);
        if (metricAt < 0 || object.get(keys.get(metricAt)).isNull()) {
            return new LineOutcome.Ignored("no validation accuracy on this line");
        }
        int epochAt = names.indexOf("epoch");
        if (epochAt < 0) {
            return new LineOutcome.Malformed("no \"epoch\" key");
        }
        int trainAt = find(names, null, TRAIN_ACCURACY_CANDIDATES);
        int lossAt = find(names, null, LOSS_CANDIDATES);
        return point(keys.get(metricAt), object.get(keys.get(epochAt)).asText(), object.get(keys.get(metricAt)).asText(),
                trainAt < 0 ? "" : object.get(keys.get(trainAt)).asText(""),
                lossAt < 0 ? "" : object.get(keys.get(lossAt)).asText(""));
    }

    private LineOutcome point(String metricName, String epochText, String metricText, String trainText, String lossText) {
        if (metricText.isBlank()) {
            return new LineOutcome.Ignored("no validation accuracy on this line");   // Lightning's train-only rows
        }
        Double epoch = number(epochText);
        Double value = number(metricText);
        if (epoch == null) {
            return new LineOutcome.Malformed("epoch '" + epochText.strip() + "' is not a number");
        }
        if (!Double.isFinite(epoch) || epoch >= MAX_EPOCH) {
            return new LineOutcome.Malformed("epoch '" + epochText.strip() + "' is not plausible (epochs must be "
                    + "finite and below " + (long) MAX_EPOCH + ")");
        }
        if (value == null || !Double.isFinite(value)) {
            return new LineOutcome.Malformed(metricName + " '" + metricText.strip() + "' is not a finite number");
        }
        if (epoch < epochBase) {
            return new LineOutcome.Malformed("epoch " + epochText.strip() + " is below the first epoch, " + epochBase
                    + " (see --epoch-base)");
        }
        AccuracyScale lineScale = scale == AccuracyScale.AUTO
                ? value <= 1.0 ? AccuracyScale.FRACTION : AccuracyScale.PERCENT : scale;
        double max = lineScale == AccuracyScale.FRACTION ? 1.0 : 100.0;
        // published, such a value would be dead-lettered by the predictor without the trainer's operator knowing
        if (value < 0 || value > max) {
            return new LineOutcome.Malformed(metricName + " " + metricText.strip() + " is outside 0-" + (int) max
                    + (lineScale == AccuracyScale.FRACTION ? " (a fraction; --scale percent for 0-100 values)"
                            : " (percent)"));
        }
        scale = lineScale;
        Double train = number(trainText);
        Double loss = number(lossText);
        return new LineOutcome.Point(new LogPoint(epoch - epochBase, percent(value),
                train == null || !Double.isFinite(train) ? null : percent(train),
                loss == null || !Double.isFinite(loss) ? null : loss));
    }

    private double percent(double value) {
        return scale == AccuracyScale.FRACTION ? value * 100.0 : value;
    }

    /** The index of the wanted name, or of the first candidate present; -1 if none. */
    private static int find(List<String> names, String wanted, List<String> candidates) {
        if (wanted != null) {
            return names.indexOf(wanted);
        }
        return candidates.stream().mapToInt(names::indexOf).filter(i -> i >= 0).findFirst().orElse(-1);
    }

    private static String cell(List<String> cells, int index) {
        return index < 0 ? "" : cells.get(index);
    }

    private static Double number(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Where the wanted values are in the rows under the current header; -1 = absent. */
    private record CsvColumns(List<String> names, int epoch, int metric, int trainAccuracy, int loss) {
    }
}
