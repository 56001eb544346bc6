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
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        chart.getStyler().setMarkerSize(8);
        // explicit ranges with a margin: automatic ones put extreme points, the reference often, on the frame
        List<TuneCommand.Trial> everything = new java.util.ArrayList<>(trials);
        everything.add(reference);
        double maxSaved = everything.stream().mapToDouble(t -> 100 * t.report().epochsSaved()).max().orElse(100);
        double minSaved = everything.stream().mapToDouble(t -> 100 * t.report().epochsSaved()).min().orElse(0);
        double maxError = everything.stream().mapToDouble(t -> mae(t)).max().orElse(1);
        chart.getStyler().setXAxisMin(Math.max(0, minSaved - 5)).setXAxisMax(Math.min(100, maxSaved + 5));
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(maxError * 1.1 + 0.1);

        add(chart, "all settings", trials, XYSeries.XYSeriesRenderStyle.Scatter, java.awt.Color.GRAY);
        add(chart, "Pareto front", front, XYSeries.XYSeriesRenderStyle.Line, new java.awt.Color(0, 90, 200));
        add(chart, "reference (" + reference.policy() + ")", List.of(reference), XYSeries.XYSeriesRenderStyle.Scatter,
                java.awt.Color.RED).setMarker(SeriesMarkers.DIAMOND);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** A setting that stopped nothing early has no error: plotted at 0. */
    private static double mae(TuneCommand.Trial t) {
        return Double.isNaN(t.report().mae()) ? 0 : t.report().mae();
    }

    private static XYSeries add(XYChart chart, String name, List<TuneCommand.Trial> trials,
                                XYSeries.XYSeriesRenderStyle style, java.awt.Color color) {
        double[] x = trials.stream().mapToDouble(t -> 100 * t.report().epochsSaved()).toArray();
        double[] y = trials.stream().mapToDouble(ParetoPlot::mae).toArray();
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
