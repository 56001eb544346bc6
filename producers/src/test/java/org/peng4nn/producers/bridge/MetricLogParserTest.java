package org.peng4nn.producers.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricLogParserTest {

    private static List<LineOutcome> parseAll(MetricLogParser parser, String... lines) {
        return java.util.Arrays.stream(lines).map(parser::parse).toList();
    }

    private static List<LogPoint> points(List<LineOutcome> outcomes) {
        return outcomes.stream().filter(LineOutcome.Point.class::isInstance)
                .map(o -> ((LineOutcome.Point) o).point()).toList();
    }

    @Test
    void kerasCsvLoggerFractionsBecomePercentWithTrainAccuracyAndLoss() {
        MetricLogParser parser = new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.AUTO, 0);

        List<LineOutcome> out = parseAll(parser,
                "epoch,accuracy,loss,val_accuracy,val_loss",
                "0,0.35,1.9,0.412,1.7",
                "1,0.52,1.3,0.5525,1.2");

        assertThat(out.get(0)).isEqualTo(new LineOutcome.Header(
                List.of("epoch", "accuracy", "loss", "val_accuracy", "val_loss"), "val_accuracy"));
        assertThat(points(out)).hasSize(2);
        LogPoint first = points(out).get(0);
        assertThat(first.epoch()).isEqualTo(0.0);
        assertThat(first.valAccuracy()).isCloseTo(41.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.trainAccuracy()).isCloseTo(35.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(first.loss()).isEqualTo(1.9);
        assertThat(points(out).get(1).valAccuracy()).isCloseTo(55.25, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(parser.scale()).isEqualTo(AccuracyScale.FRACTION);
    }

    @Test
    void lightningTrainOnlyRowsAreIgnoredAndColumnOrderDoesNotMatter() {
        MetricLogParser parser = new MetricLogParser(LogFormat.LIGHTNING, null, AccuracyScale.PERCENT, 0);

        List<LineOutcome> out = parseAll(parser,
                "train_loss,epoch,step,val/acc,val_loss",
                "2.1,0,49,,",
                ",0,99,38.5,1.8",
                "1.7,1,149,,",
                ",1,199,47.0,1.5");

        assertThat(((LineOutcome.Header) out.get(0)).metricColumn()).isEqualTo("val/acc");
        assertThat(out.get(1)).isInstanceOf(LineOutcome.Ignored.class);
        assertThat(points(out)).extracting(LogPoint::epoch, LogPoint::valAccuracy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0.0, 38.5),
                        org.assertj.core.groups.Tuple.tuple(1.0, 47.0));
    }

    @Test
    void jsonLinesWithANamedMetricAndOneBasedEpochs() {
        MetricLogParser parser = new MetricLogParser(LogFormat.AUTO, "top1", AccuracyScale.PERCENT, 1);

        List<LineOutcome> out = parseAll(parser,
                "{\"epoch\": 1, \"TOP1\": 30.5, \"val_acc\": 99}",
                "{\"epoch\": 2, \"loss\": 0.9}",
                "",
                "{\"epoch\": 2, \"top1\": 44.25, \"loss\": 0.8}");

        assertThat(points(out)).extracting(LogPoint::epoch).containsExactly(0.0, 1.0);
        assertThat(points(out)).extracting(LogPoint::valAccuracy).containsExactly(30.5, 44.25);
        assertThat(points(out).get(1).loss()).isEqualTo(0.8);
        assertThat(out.get(1)).isInstanceOf(LineOutcome.Ignored.class);
        assertThat(out.get(2)).isInstanceOf(LineOutcome.Ignored.class);
    }

    @Test
    void autoDetectsJsonLinesAndTheScaleFromTheFirstValue() {
        MetricLogParser parser = new MetricLogParser(LogFormat.AUTO, null, AccuracyScale.AUTO, 0);

        LogPoint point = points(parseAll(parser, "{\"epoch\":3,\"val_acc\":71.2}")).get(0);

        assertThat(point).isEqualTo(new LogPoint(3.0, 71.2, null, null));
        assertThat(parser.scale()).isEqualTo(AccuracyScale.PERCENT);
    }

    @Test
    void badLinesAreMalformedWithAReasonAndDoNotStopTheNextOnes() {
        MetricLogParser parser = new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.PERCENT, 1);

        List<LineOutcome> out = parseAll(parser,
                "epoch,val_acc",
                "1,abc",
                "x,50",
                "1,nan",
                "0,50",
                "1,2,3",
                "1,\"60.5\"");

        assertThat(out.subList(1, 6)).allMatch(LineOutcome.Malformed.class::isInstance);
        assertThat(((LineOutcome.Malformed) out.get(1)).why()).contains("val_acc", "abc");
        assertThat(((LineOutcome.Malformed) out.get(4)).why()).contains("--epoch-base");
        assertThat(((LineOutcome.Malformed) out.get(5)).why()).contains("3 fields", "2");
        assertThat(points(out)).containsExactly(new LogPoint(0.0, 60.5, null, null));
    }

    @Test
    void absurdEpochsAndAccuraciesOutsideTheScaleAreMalformedNotPublished() {
        MetricLogParser fraction = new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.FRACTION, 0);
        List<LineOutcome> out = parseAll(fraction, "epoch,val_acc", "1e9,0.5", "Infinity,0.5", "100000,0.5",
                "1,1.5", "2,-0.1", "3,0.6");

        assertThat(out.subList(1, 6)).allMatch(LineOutcome.Malformed.class::isInstance);
        assertThat(((LineOutcome.Malformed) out.get(1)).why()).contains("1e9", "below 100000");
        assertThat(((LineOutcome.Malformed) out.get(2)).why()).contains("Infinity");
        assertThat(((LineOutcome.Malformed) out.get(4)).why()).contains("1.5", "outside 0-1");
        assertThat(((LineOutcome.Malformed) out.get(5)).why()).contains("-0.1", "outside 0-1");
        assertThat(points(out)).containsExactly(new LogPoint(3.0, 60.0, null, null));

        MetricLogParser percent = new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.PERCENT, 0);
        List<LineOutcome> pct = parseAll(percent, "epoch,val_acc", "0,100.5", "1,-1", "2,99.5");
        assertThat(((LineOutcome.Malformed) pct.get(1)).why()).contains("outside 0-100");
        assertThat(pct.get(2)).isInstanceOf(LineOutcome.Malformed.class);
        assertThat(points(pct)).containsExactly(new LogPoint(2.0, 99.5, null, null));

        MetricLogParser auto = new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.AUTO, 0);
        List<LineOutcome> decided = parseAll(auto, "epoch,val_acc", "0,-0.1", "1,0.4", "2,1.5");
        assertThat(decided.get(1)).as("a refused line decides no scale").isInstanceOf(LineOutcome.Malformed.class);
        assertThat(auto.scale()).isEqualTo(AccuracyScale.FRACTION);
        assertThat(((LineOutcome.Malformed) decided.get(3)).why()).contains("outside 0-1", "--scale percent");
    }

    @Test
    void aHeaderWithoutTheMetricIgnoresRowsUntilARestartBringsOneWithIt() {
        MetricLogParser parser = new MetricLogParser(LogFormat.AUTO, null, AccuracyScale.PERCENT, 0);

        LineOutcome header = parser.parse("epoch,step,train_loss");
        LineOutcome row = parser.parse("0,10,2.0");
        parser.restart();
        parser.parse("epoch,step,train_loss,val_acc");
        LineOutcome point = parser.parse("0,20,,40");

        assertThat(((LineOutcome.Header) header).metricColumn()).isNull();
        assertThat(row).isInstanceOf(LineOutcome.Ignored.class);
        assertThat(point).isEqualTo(new LineOutcome.Point(new LogPoint(0.0, 40.0, null, null)));
    }

    @Test
    void csvWithoutAnEpochColumnOrJsonWhereCsvIsExpectedIsMalformed() {
        assertThat(new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.AUTO, 0).parse("step,val_acc"))
                .isInstanceOf(LineOutcome.Malformed.class);
        assertThat(new MetricLogParser(LogFormat.KERAS, null, AccuracyScale.AUTO, 0).parse("{\"epoch\":0}"))
                .isInstanceOf(LineOutcome.Malformed.class);
        assertThat(new MetricLogParser(LogFormat.JSONL, null, AccuracyScale.AUTO, 0).parse("epoch,val_acc"))
                .isInstanceOf(LineOutcome.Malformed.class);
    }

    @Test
    void csvCellsMayBeQuoted() {
        assertThat(CsvLine.split("1,\"[0.1, 0.2]\",\"say \"\"hi\"\"\",")).containsExactly(
                "1", "[0.1, 0.2]", "say \"hi\"", "");
    }
}
