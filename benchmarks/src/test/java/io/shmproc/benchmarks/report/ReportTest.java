package io.shmproc.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    @TempDir
    Path dir;

    private static Report sample(final double shmprocRate, final double p50) {
        final Report report = new Report();
        report.add(new Figure("pipe-tput-32", "shmproc", "msgs_per_s", shmprocRate, "msgs/s"));
        report.add(new Figure("pipe-tput-32", "agrona-spsc", "msgs_per_s", 20_000_000, "msgs/s"));
        report.add(new Figure("pipe-rtt-32", "shmproc", "p50_ns", p50, "ns"));
        report.add(new Figure("pipe-rtt-32", "shmproc", "p99_ns", 900, "ns"));
        report.add(new Figure("pipe-rtt-32", "agrona-spsc", "p50_ns", 350, "ns"));
        return report;
    }

    @Test
    void shouldParseFigureLinesAndIgnoreOthers() {
        final Figure f = Figure.parse("FIGURE queue-tput-32 shmproc msgs_per_s 123.500 msgs/s");
        assertEquals(new Figure("queue-tput-32", "shmproc", "msgs_per_s", 123.5, "msgs/s"), f);
        assertEquals(f, Figure.parse(f.toLine()));
        assertNull(Figure.parse("warming up"));
        assertNull(Figure.parse("FIGURE too few fields"));
    }

    @Test
    void shouldRoundTripJson() throws Exception {
        final Report report = sample(25_000_000, 400);
        report.writeJson(dir.resolve("report.json"));
        assertEquals(report.figures(), Report.readJson(dir.resolve("report.json")).figures());
    }

    @Test
    void shouldCollapseRepeatedFiguresToTheirMedianInFirstMeasuredOrder() {
        final Report runs = new Report();
        runs.add(new Figure("pipe-tput-32", "shmproc", "msgs_per_s", 30, "msgs/s"));
        runs.add(new Figure("pipe-tput-32", "agrona-spsc", "msgs_per_s", 50, "msgs/s"));
        runs.add(new Figure("pipe-tput-32", "shmproc", "msgs_per_s", 10, "msgs/s"));
        runs.add(new Figure("pipe-tput-32", "shmproc", "msgs_per_s", 20, "msgs/s"));
        runs.add(new Figure("pipe-tput-32", "agrona-spsc", "msgs_per_s", 70, "msgs/s"));
        runs.note("pool", "python3 missing");
        final Report medians = runs.medians();
        assertEquals(2, medians.figures().size());
        assertEquals("shmproc", medians.figures().get(0).impl());
        assertEquals(20, medians.figures().get(0).value());
        assertEquals(60, medians.figures().get(1).value());
        assertEquals("python3 missing", medians.notes().get("pool"));
    }

    @Test
    void shouldFlagFiguresMoreThanTenPercentWorseInTheRightDirection() {
        final List<String> flagged = Regressions.find(sample(25_000_000, 400), sample(20_000_000, 500), 0.10);
        assertEquals(2, flagged.size(), flagged.toString());
        assertTrue(flagged.get(0).contains("pipe-tput-32 shmproc msgs_per_s"), flagged.toString());
        assertTrue(flagged.get(1).contains("pipe-rtt-32 shmproc p50_ns"), flagged.toString());
        assertEquals(List.of(), Regressions.find(sample(25_000_000, 400), sample(30_000_000, 380), 0.10));
    }

    @Test
    void shouldRenderTablesWithRatiosAndSpliceThemIntoAPage() throws Exception {
        final String md = ReportMarkdown.render(sample(25_000_000, 400), "header", Map.of(), Map.of(), List.of());
        assertTrue(md.contains("| shmproc | 25.00 M | — |"), md);
        assertTrue(md.contains("| agrona-spsc | 20.00 M | 1.25x |"), md);
        assertTrue(md.contains("| agrona-spsc | 350 | — | 0.88x |"), md);
        final Path page = dir.resolve("benchmarks.md");
        Files.writeString(page, "# Benchmarks\n\nintro\n");
        ReportMarkdown.splice(page, "first\n");
        ReportMarkdown.splice(page, "second\n");
        final String text = Files.readString(page);
        assertTrue(text.startsWith("# Benchmarks\n\nintro\n") && text.contains("second") && !text.contains("first"),
            text);
    }

    @Test
    void shouldDrawChartsForThroughputAndLatency() throws Exception {
        final Map<String, Path> charts = ReportCharts.draw(sample(25_000_000, 400), dir);
        assertEquals(2, charts.size());
        for (final Path chart : charts.values()) {
            assertTrue(Files.size(chart) > 1000, chart.toString());
        }
    }
}
