package org.peng4nn.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.LeaderboardRow;

/**
 * curves.png: every network's validation accuracy per epoch; a network stopped early goes on as a dashed line at
 * the final accuracy the predictor gave it, to the end of its budget.
 */
final class CurvesPlot {

    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    private CurvesPlot() {
    }

    /** @param searchId prefix of the model ids, left out of the legend */
    static void write(Path png, String title, String searchId, List<LabeledCurve> curves, List<LeaderboardRow> rows)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(600).title(title)
                .xAxisTitle("epoch (0-based)").yAxisTitle("validation accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(4);
        Map<String, LeaderboardRow> byModel = rows.stream()
                .collect(Collectors.toMap(LeaderboardRow::modelId, Function.identity(), (a, b) -> a));
        int i = 0;
        for (LabeledCurve curve : curves) {
            if (curve.epochs().length == 0) {
                continue;
            }
            Color color = PALETTE[i++ % PALETTE.length];
            String name = curve.modelId().startsWith(searchId + "-")
                    ? curve.modelId().substring(searchId.length() + 1) : curve.modelId();
            XYSeries observed = chart.addSeries(name, curve.epochs(), curve.accuracies());
            observed.setLineColor(color);
            observed.setMarkerColor(color);
            observed.setMarker(SeriesMarkers.CIRCLE);
            LeaderboardRow row = byModel.get(curve.modelId());
            if (row != null && row.status() == CandidateStatus.STOPPED_EARLY && !Double.isNaN(row.fitness())) {
                double stop = curve.epochs()[curve.epochs().length - 1];
                XYSeries predicted = chart.addSeries(name + " stopped, predicted",
                        new double[] {stop, Math.max(stop, row.maxEpochs() - 1)},
                        new double[] {row.fitness(), row.fitness()});
                predicted.setLineColor(color);
                predicted.setLineStyle(SeriesLines.DASH_DASH);
                predicted.setMarker(SeriesMarkers.NONE);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
