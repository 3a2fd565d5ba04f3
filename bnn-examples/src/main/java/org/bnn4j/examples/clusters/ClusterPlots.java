package org.bnn4j.examples.clusters;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bnn4j.data.Dataset;
import org.bnn4j.datasets.Cluster;
import org.bnn4j.datasets.ClusterData;
import org.bnn4j.examples.io.AtomicFiles;
import org.bnn4j.nn.internal.Arrays2;
import org.bnn4j.predictive.PredictiveDistribution;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The four PNG plots of the cluster experiment, drawn with XChart (headless): the training data, sampled predictive
 * mean functions, the predictive mean with aleatoric and total ±2 std bands, and the aleatoric and epistemic std
 * along x against the true noise std of each cluster.
 */
public final class ClusterPlots {

    /** File names, in the order the plots are described. */
    public static final List<String> FILE_NAMES = List.of("data.png", "functions.png", "predictive.png",
            "uncertainty.png");

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;
    private static final Color DATA = new Color(0, 0, 0, 110);
    private static final Color TRUTH = new Color(20, 120, 20);
    private static final Color MEAN = new Color(25, 70, 200);
    private static final Color TOTAL_BAND = new Color(255, 140, 0, 120);
    private static final Color ALEATORIC_BAND = new Color(60, 120, 230, 160);
    private static final Color EPISTEMIC = new Color(220, 60, 30);

    private ClusterPlots() {
    }

    /**
     * Writes the four plots into {@code dir} (atomically, one file each).
     *
     * @param dir          output directory, created if absent
     * @param title        a prefix for the chart titles (e.g. the inference method)
     * @param data         the experiment data
     * @param grid         the predictive distribution over {@code data.grid()}
     * @param numFunctions how many sampled mean functions to draw, {@code >= 1}
     * @return the files written
     * @throws IOException if a file cannot be written
     */
    public static List<Path> write(Path dir, String title, ClusterData data, PredictiveDistribution grid,
            int numFunctions) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] gx = data.grid().xArray();
        double[] gf = data.grid().yArray();
        double[] mean = Arrays2.toDoubles(grid.mean());
        double[] ale = Arrays2.toDoubles(grid.aleatoricStd());
        double[] epi = Arrays2.toDoubles(grid.epistemicStd());
        double[] tot = Arrays2.toDoubles(grid.totalStd());
        List<XYChart> charts = List.of(
                dataChart(title, data, gx, gf),
                functionsChart(title, data, gx, gf, grid, numFunctions),
                predictiveChart(title, data, gx, gf, mean, ale, tot),
                uncertaintyChart(title, data, gx, ale, epi));
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            Path p = dir.resolve(FILE_NAMES.get(i));
            AtomicFiles.write(p, BitmapEncoder.getBitmapBytes(charts.get(i), BitmapEncoder.BitmapFormat.PNG));
            out.add(p);
        }
        return out;
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("x").yAxisTitle(yTitle)
                .build();
        c.getStyler().setLegendPosition(LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        c.getStyler().setYAxisDecimalPattern("0.00");
        c.getStyler().setXAxisDecimalPattern("0.0");
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    private static void addData(XYChart c, Dataset train) {
        XYSeries s = c.addSeries("training data", train.xArray(), train.yArray());
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(DATA);
        c.getStyler().setMarkerSize(4);
    }

    private static void addLine(XYChart c, String name, double[] x, double[] y, Color color, float width) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(width);
    }

    private static XYChart dataChart(String title, ClusterData data, double[] gx, double[] gf) {
        XYChart c = chart(title + ": training data", "y");
        addLine(c, "true f(x)", gx, gf, TRUTH, 2f);
        addData(c, data.train());
        return c;
    }

    private static XYChart functionsChart(String title, ClusterData data, double[] gx, double[] gf,
            PredictiveDistribution grid, int numFunctions) {
        int n = Math.min(numFunctions, grid.numSamples());
        XYChart c = chart(title + ": " + (n == 1 ? "the predictive mean function (point estimate)"
                : n + " sampled predictive mean functions"), "y");
        double[] means = Arrays2.toDoubles(grid.sampleMeans()); // [N, G, 1]
        int g = gx.length;
        for (int s = 0; s < n; s++) {
            double[] f = new double[g];
            System.arraycopy(means, s * g, f, 0, g);
            addLine(c, s == 0 ? "sampled mean functions" : "sample " + s, gx, f, new Color(25, 70, 200, 90), 1f);
            if (s > 0) {
                c.getSeriesMap().get("sample " + s).setShowInLegend(false);
            }
        }
        addLine(c, "true f(x)", gx, gf, TRUTH, 2f);
        addData(c, data.train());
        return c;
    }

    private static XYChart predictiveChart(String title, ClusterData data, double[] gx, double[] gf,
            double[] mean, double[] ale, double[] tot) {
        XYChart c = chart(title + ": predictive mean with ±2 std bands", "y");
        addBand(c, "±2 total std (aleatoric + epistemic)", gx, mean, tot, TOTAL_BAND);
        addBand(c, "±2 aleatoric std", gx, mean, ale, ALEATORIC_BAND);
        addLine(c, "true f(x)", gx, gf, TRUTH, 2f);
        addLine(c, "predictive mean", gx, mean, MEAN, 2f);
        addData(c, data.train());
        return c;
    }

    /** A closed polygon: upper edge left to right, lower edge right to left. */
    private static void addBand(XYChart c, String name, double[] x, double[] mean, double[] std, Color color) {
        int g = x.length;
        double[] px = new double[2 * g];
        double[] py = new double[2 * g];
        for (int i = 0; i < g; i++) {
            px[i] = x[i];
            py[i] = mean[i] + 2 * std[i];
            px[2 * g - 1 - i] = x[i];
            py[2 * g - 1 - i] = mean[i] - 2 * std[i];
        }
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(color);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(0f));
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static XYChart uncertaintyChart(String title, ClusterData data, double[] gx, double[] ale,
            double[] epi) {
        boolean log = min(ale) > 0 && min(epi) > 0; // a point estimate has zero epistemic std: keep it linear
        XYChart c = chart(title + ": predictive std along x", "standard deviation" + (log ? " (log scale)" : ""));
        if (log) {
            c.getStyler().setYAxisLogarithmic(true);
            c.getStyler().setYAxisDecimalPattern("0.###");
        }
        addLine(c, "aleatoric std sqrt(E[sigma^2])", gx, ale, MEAN, 2f);
        addLine(c, "epistemic std sqrt(Var[mu])", gx, epi, EPISTEMIC, 2f);
        boolean first = true;
        for (Cluster cl : data.clusters()) {
            String name = first ? "true noise std (per cluster)" : "true std, cluster " + cl.index();
            addLine(c, name, new double[] {cl.lo(), cl.hi()}, new double[] {cl.trueStd(), cl.trueStd()}, TRUTH, 4f);
            c.getSeriesMap().get(name).setShowInLegend(first);
            first = false;
        }
        return c;
    }
}
