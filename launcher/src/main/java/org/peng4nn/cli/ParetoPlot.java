package org.peng4nn.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** pareto.png: every tuned setting, its Pareto front, and the reference policy, epochs saved against MAE. */
final class ParetoPlot {
    private final String policy;
    private final String dataset;

    ParetoPlot(String policy, String dataset) {
        this.policy = policy;
        this.dataset = dataset;
    }

    void write(Path png, List<TuneCommand.Trial> trials, List<TuneCommand.Trial> front, TuneCommand.Trial reference)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(600)
                .title("Tuning " + policy + " on " + dataset + " (" + trials.size() + " settings)")
                .xAxisTitle("epochs saved (%)").yAxisTitle("MAE of predicted final accuracy (pp)").build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setMarkerSize(8);

        add(chart, "all settings", trials, XYSeries.XYSeriesRenderStyle.Scatter, java.awt.Color.GRAY);
        add(chart, "Pareto front", front, XYSeries.XYSeriesRenderStyle.Line, new java.awt.Color(0, 90, 200));
        add(chart, "reference (" + reference.policy() + ")", List.of(reference), XYSeries.XYSeriesRenderStyle.Scatter,
                java.awt.Color.RED).setMarker(SeriesMarkers.DIAMOND);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYSeries add(XYChart chart, String name, List<TuneCommand.Trial> trials,
                                XYSeries.XYSeriesRenderStyle style, java.awt.Color color) {
        double[] x = trials.stream().mapToDouble(t -> 100 * t.report().epochsSaved()).toArray();
        double[] y = trials.stream().mapToDouble(t -> Double.isNaN(t.report().mae()) ? 0 : t.report().mae()).toArray();
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(style);
        series.setMarkerColor(color);
        series.setLineColor(color);
        if (style == XYSeries.XYSeriesRenderStyle.Line) {
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return series;
    }
}
