package io.shmproc.benchmarks.report;

import java.util.Locale;

/**
 * One measured figure of the comparison report: one row of {@code report.json}.
 *
 * <p>Harnesses print figures on standard output as one line each, {@link #toLine()}:
 * {@code FIGURE <scenario> <impl> <metric> <value> <unit>}; the report runner collects those lines, so a harness in
 * any language (the Python peers too) takes part by printing them.
 *
 * @param scenario a stable scenario id such as {@code pipe-tput-32}
 * @param impl     {@code shmproc} or the peer's name, such as {@code agrona-spsc}
 * @param metric   {@code msgs_per_s}, {@code ops_per_s}, {@code many_ops_per_s}, {@code tasks_per_s},
 *                 {@code ns_per_op}, {@code p50_ns}, {@code p90_ns}, {@code p99_ns}, {@code p999_ns} or {@code ms}
 * @param value    the value
 * @param unit     the unit, as shown in tables
 */
public record Figure(String scenario, String impl, String metric, double value, String unit) {
    /** The prefix of a figure line. */
    public static final String LINE_PREFIX = "FIGURE ";

    /**
     * The line a harness prints for this figure.
     *
     * @return {@code FIGURE scenario impl metric value unit}
     */
    public String toLine() {
        return String.format(Locale.ROOT, "%s%s %s %s %.3f %s", LINE_PREFIX, scenario, impl, metric, value, unit);
    }

    /**
     * Prints this figure's line on standard output; a value that is not a finite number is reported as missing.
     */
    public void print() {
        if (Double.isFinite(value)) {
            System.out.println(toLine());
        } else {
            System.out.println("no figure for " + scenario + " " + impl + " " + metric + " (not measured)");
        }
    }

    /**
     * Parses a figure line.
     *
     * @param line a line of harness output
     * @return the figure, or {@code null} when the line is not a figure line
     */
    public static Figure parse(final String line) {
        if (!line.startsWith(LINE_PREFIX)) {
            return null;
        }
        final String[] f = line.substring(LINE_PREFIX.length()).trim().split("\\s+");
        if (f.length != 5) {
            return null;
        }
        try {
            return new Figure(f[0], f[1], f[2], Double.parseDouble(f[3]), f[4]);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    /**
     * Whether a larger value is better for this metric.
     *
     * @return {@code true} for rates, {@code false} for times
     */
    public boolean higherIsBetter() {
        return metric.endsWith("_per_s");
    }
}
