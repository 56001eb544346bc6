package org.peng4nn.producers.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * Garbage in a trainer's metrics log, mixed with good lines: the parser never throws, every line it
 * cannot use says why, nothing implausible comes out as a point, and every good line still does.
 * Fixed seeds; the tries are in docs/RELIABILITY.md.
 */
class MetricLogParserFuzzProperties {

    static final int TRIES = 500;
    private static final String KERAS_HEADER = "epoch,accuracy,loss,val_accuracy,val_loss";

    /** A log line, and the point it must give when the test built it to be good (else null). */
    record Line(String text, LogPoint expected) {
    }

    @Property(tries = TRIES, seed = "16031", shrinking = ShrinkingMode.OFF)
    void jsonLinesGarbageIsRefusedWithAReasonAndGoodLinesArePublished(@ForAll("jsonLogs") List<Line> log) {
        check(new MetricLogParser(LogFormat.JSONL, null, AccuracyScale.PERCENT, 0), log);
    }

    @Property(tries = TRIES, seed = "16032", shrinking = ShrinkingMode.OFF)
    void kerasCsvGarbageIsRefusedWithAReasonAndGoodRowsArePublished(@ForAll("kerasLogs") List<Line> log) {
        MetricLogParser parser = new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.FRACTION, 0);
        assertThat(parser.parse(KERAS_HEADER)).isInstanceOf(LineOutcome.Header.class);
        check(parser, log);
    }

    @Property(tries = TRIES, seed = "16033", shrinking = ShrinkingMode.OFF)
    void anyTextAtAllNeverThrowsUnderAutoDetection(@ForAll("anyText") List<String> lines) {
        MetricLogParser parser = new MetricLogParser(LogFormat.AUTO, null, AccuracyScale.AUTO, 0);
        lines.forEach(line -> checkOutcome(line, parser.parse(line)));
    }

    private static void check(MetricLogParser parser, List<Line> log) {
        for (Line line : log) {
            LineOutcome outcome = parser.parse(line.text());
            checkOutcome(line.text(), outcome);
            if (line.expected() != null) {
                assertThat(outcome).as("good line %s", line.text()).isInstanceOf(LineOutcome.Point.class);
                LogPoint point = ((LineOutcome.Point) outcome).point();
                assertThat(point.epoch()).as(line.text()).isEqualTo(line.expected().epoch());
                assertThat(point.valAccuracy()).as(line.text()).isCloseTo(line.expected().valAccuracy(),
                        org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    private static void checkOutcome(String line, LineOutcome outcome) {
        assertThat(outcome).as(line).isNotNull();
        if (outcome instanceof LineOutcome.Malformed m) {
            assertThat(m.why()).as("reason for %s", line).isNotBlank();
        } else if (outcome instanceof LineOutcome.Ignored i) {
            assertThat(i.why()).as("reason for %s", line).isNotBlank();
        } else if (outcome instanceof LineOutcome.Point p) {
            // what would be published: the predictor accepts exactly this range
            assertThat(p.point().epoch()).as(line).isFinite().isBetween(0.0, MetricLogParser.MAX_EPOCH);
            assertThat(p.point().valAccuracy()).as(line).isFinite().isBetween(0.0, 100.0);
        }
    }

    @Provide
    Arbitrary<List<Line>> jsonLogs() {
        Arbitrary<String> values = Arbitraries.oneOf(numbers(), Arbitraries.strings().ofMaxLength(8).map(s -> quote(s)),
                Arbitraries.of("null", "true", "[]", "{}", "\"NaN\"", "\"Infinity\""));
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("epoch", "val_acc", "val_accuracy", "loss", "accuracy",
                "EPOCH", "Val_Acc"), Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> objects = Combinators.combine(keys, values).as((k, v) -> quote(k) + ":" + v)
                .list().ofMaxSize(5).map(pairs -> "{" + String.join(",", pairs) + "}");
        Arbitrary<Line> garbage = Arbitraries.oneOf(objects, anyLine(), objects.map(o -> o.substring(0, o.length() / 2)))
                .map(text -> new Line(text, null));
        Arbitrary<Line> good = Combinators.combine(Arbitraries.integers().between(0, 500), Arbitraries.doubles().between(0, 100))
                .as((epoch, value) -> new Line(String.format(Locale.ROOT, "{\"epoch\": %d, \"val_acc\": %s}", epoch, value),
                        new LogPoint(epoch, value, null, null)));
        return Arbitraries.frequencyOf(Tuple.of(3, garbage), Tuple.of(1, good)).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Line>> kerasLogs() {
        Arbitrary<String> cell = Arbitraries.oneOf(numbers(), Arbitraries.strings().ofMaxLength(6),
                Arbitraries.of("", "\"", "\"1,2\"", " 0.5 "));
        Arbitrary<Line> rows = cell.list().ofMinSize(0).ofMaxSize(7).map(cells -> new Line(String.join(",", cells), null));
        Arbitrary<Line> garbage = Arbitraries.oneOf(rows, anyLine().map(text -> new Line(text, null)));
        Arbitrary<Line> good = Combinators.combine(Arbitraries.integers().between(0, 500), Arbitraries.doubles().between(0, 1))
                .as((epoch, value) -> new Line(String.format(Locale.ROOT, "%d,0.5,0.9,%s,1.1", epoch, value),
                        new LogPoint(epoch, value * 100, null, null)));
        return Arbitraries.frequencyOf(Tuple.of(3, garbage), Tuple.of(1, good)).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<String>> anyText() {
        return anyLine().list().ofMaxSize(20);
    }

    /** Any characters (controls, surrogates, BOMs included), but no line break: the tailer has split lines. */
    private static Arbitrary<String> anyLine() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789 NaInfity\uFEFF").ofMaxLength(60))
                .map(s -> s.replace('\n', ' ').replace('\r', ' '));
    }

    private static Arbitrary<String> numbers() {
        return Arbitraries.oneOf(Arbitraries.doubles().map(d -> Double.toString(d)),
                Arbitraries.integers().map(i -> Integer.toString(i)),
                Arbitraries.of("NaN", "Infinity", "-Infinity", "1e9", "1e308", "-0", "0x10", "1_000", "٣", "1.5", "-0.1"));
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
