package io.shmproc.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one comparison run, and their JSON form ({@code report.json}: one object per row with the fields
 * {@code scenario}, {@code impl}, {@code metric}, {@code value}, {@code unit}).
 */
public final class Report {
    private static final Pattern ROW = Pattern.compile("\\{\\s*\"scenario\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"impl\"\\s*:\\s*"
        + "\"([^\"]*)\"\\s*,\\s*\"metric\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"value\"\\s*:\\s*([-0-9.eE+]+)\\s*,\\s*\"unit\""
        + "\\s*:\\s*\"([^\"]*)\"\\s*}");

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    /**
     * Adds a figure.
     *
     * @param figure the figure
     */
    public synchronized void add(final Figure figure) {
        figures.add(figure);
    }

    /**
     * Records a note about a scenario (a skipped peer, a failure).
     *
     * @param scenario the scenario or harness
     * @param note     what happened
     */
    public synchronized void note(final String scenario, final String note) {
        notes.merge(scenario, note, (a, b) -> a + "; " + b);
    }

    /**
     * The figures in the order they were added.
     *
     * @return an unmodifiable view
     */
    public synchronized List<Figure> figures() {
        return Collections.unmodifiableList(new ArrayList<>(figures));
    }

    /**
     * The notes.
     *
     * @return scenario to note
     */
    public synchronized Map<String, String> notes() {
        return Map.copyOf(notes);
    }

    /**
     * Finds one figure.
     *
     * @param scenario the scenario
     * @param impl     the implementation
     * @param metric   the metric
     * @return the figure, if measured
     */
    public synchronized Optional<Figure> find(final String scenario, final String impl, final String metric) {
        return figures.stream().filter(f -> f.scenario().equals(scenario) && f.impl().equals(impl)
            && f.metric().equals(metric)).findFirst();
    }

    /**
     * Collapses repeated measurements: one figure per scenario, impl and metric, in the order first measured,
     * whose value is the median of the repeats (the mean of the middle two for an even count). Notes are kept.
     *
     * @return a new report
     */
    public synchronized Report medians() {
        final Map<String, List<Figure>> groups = new LinkedHashMap<>();
        for (final Figure f : figures) {
            groups.computeIfAbsent(f.scenario() + '\u0000' + f.impl() + '\u0000' + f.metric(), k -> new ArrayList<>())
                .add(f);
        }
        final Report result = new Report();
        for (final List<Figure> group : groups.values()) {
            final double[] values = group.stream().mapToDouble(Figure::value).sorted().toArray();
            final int n = values.length;
            final double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
            final Figure first = group.get(0);
            result.add(new Figure(first.scenario(), first.impl(), first.metric(), median, first.unit()));
        }
        result.notes.putAll(notes);
        return result;
    }

    /**
     * Writes {@code report.json}.
     *
     * @param file where
     * @throws IOException when it cannot be written
     */
    public synchronized void writeJson(final Path file) throws IOException {
        final StringBuilder json = new StringBuilder("[\n");
        for (int i = 0; i < figures.size(); i++) {
            final Figure f = figures.get(i);
            json.append(String.format(Locale.ROOT,
                "  {\"scenario\": \"%s\", \"impl\": \"%s\", \"metric\": \"%s\", \"value\": %.3f, \"unit\": \"%s\"}%s%n",
                f.scenario(), f.impl(), f.metric(), f.value(), f.unit(), i + 1 < figures.size() ? "," : ""));
        }
        json.append("]\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /**
     * Reads a {@code report.json} written by {@link #writeJson(Path)}.
     *
     * @param file the file
     * @return the report
     * @throws IOException when it cannot be read
     */
    public static Report readJson(final Path file) throws IOException {
        final Report report = new Report();
        final Matcher m = ROW.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
            report.add(new Figure(m.group(1), m.group(2), m.group(3), Double.parseDouble(m.group(4)), m.group(5)));
        }
        return report;
    }
}
