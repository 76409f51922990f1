package io.shmproc.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the report's charts with XChart: throughput bars per scenario, latency percentile curves. */
public final class ReportCharts {
    private static final String[] PERCENTILES = {"p50_ns", "p90_ns", "p99_ns", "p999_ns"};
    private static final String[] PERCENTILE_LABELS = {"p50", "p90", "p99", "p99.9"};

    private ReportCharts() {
    }

    /**
     * Draws one chart per scenario into {@code dir}.
     *
     * @param report the figures
     * @param dir    the directory for the PNG files
     * @return scenario id to chart file name
     * @throws IOException when a chart cannot be written
     */
    public static Map<String, Path> draw(final Report report, final Path dir) throws IOException {
        Files.createDirectories(dir);
        final Map<String, Path> charts = new LinkedHashMap<>();
        final Set<String> scenarios = new LinkedHashSet<>();
        report.figures().forEach(f -> scenarios.add(f.scenario()));
        for (final String scenario : scenarios) {
            final List<Figure> rows = new ArrayList<>();
            report.figures().stream().filter(f -> f.scenario().equals(scenario)).forEach(rows::add);
            final Path file;
            if (rows.stream().anyMatch(f -> f.metric().equals("p50_ns"))) {
                file = latency(scenario, rows, dir);
            } else {
                file = bars(scenario, rows, dir);
            }
            if (file != null) {
                charts.put(scenario, file);
            }
        }
        return charts;
    }

    private static Path bars(final String scenario, final List<Figure> rows, final Path dir) throws IOException {
        final String metric = rows.get(0).metric();
        final List<String> impls = new ArrayList<>();
        final List<Double> values = new ArrayList<>();
        for (final Figure f : rows) {
            if (f.metric().equals(metric)) {
                impls.add(f.impl());
                // whole numbers above 100: the bar labels show no meaningless decimals
                values.add(f.value() >= 100 ? Math.rint(f.value()) : f.value());
            }
        }
        final CategoryChart chart = new CategoryChartBuilder().width(900).height(400).title(scenario)
            .xAxisTitle("implementation").yAxisTitle(metric + (rows.get(0).higherIsBetter() ? " (higher is better)"
                : " (lower is better)")).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisDecimalPattern("#,###.##");
        chart.getStyler().setDecimalPattern("#,###");
        final double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        final double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        if (min > 0 && max / min > 50) {
            // a peer 100x away would flatten the others' bars to nothing on a linear axis
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            chart.setYAxisTitle(chart.getYAxisTitle() + ", log scale");
        }
        chart.addSeries(metric, impls, values);
        final Path file = dir.resolve(scenario + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static Path latency(final String scenario, final List<Figure> rows, final Path dir) throws IOException {
        final XYChart chart = new XYChartBuilder().width(720).height(400).title(scenario + " round trip")
            .xAxisTitle("percentile (one step per nine)").yAxisTitle("ns (lower is better)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            final long step = Math.round(x);
            return Math.abs(x - step) < 1e-6 && step >= 0 && step < PERCENTILE_LABELS.length
                ? PERCENTILE_LABELS[(int) step] : "";
        });
        final Set<String> impls = new LinkedHashSet<>();
        rows.forEach(f -> impls.add(f.impl()));
        int series = 0;
        for (final String impl : impls) {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (int i = 0; i < PERCENTILES.length; i++) {
                final String metric = PERCENTILES[i];
                final int index = i;
                rows.stream().filter(f -> f.impl().equals(impl) && f.metric().equals(metric) && f.value() > 0)
                    .findFirst().ifPresent(f -> {
                        x.add((double) index);
                        y.add(f.value());
                    });
            }
            if (!x.isEmpty()) {
                chart.addSeries(impl, x, y).setMarker(SeriesMarkers.CIRCLE);
                series++;
            }
        }
        if (series == 0) {
            return null;
        }
        final Path file = dir.resolve(scenario + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
