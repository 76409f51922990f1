package io.shmproc.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Compares a report with an earlier one and flags every figure that got more than a threshold worse. */
public final class Regressions {
    /** The default threshold: 5 %, the largest slowdown of a hot path the project accepts. */
    public static final double DEFAULT_THRESHOLD = 0.05;

    private Regressions() {
    }

    /**
     * The figures of {@code current} more than {@code threshold} worse than the same figure in {@code baseline}.
     *
     * @param baseline  the earlier report
     * @param current   this run
     * @param threshold the relative threshold, e.g. 0.10
     * @return one human-readable line per regression
     */
    public static List<String> find(final Report baseline, final Report current, final double threshold) {
        final List<String> flagged = new ArrayList<>();
        for (final Figure now : current.figures()) {
            final Optional<Figure> before = baseline.find(now.scenario(), now.impl(), now.metric());
            if (before.isEmpty() || before.get().value() <= 0) {
                continue;
            }
            final double ratio = now.value() / before.get().value();
            final double worse = now.higherIsBetter() ? 1 - ratio : ratio - 1;
            if (worse > threshold) {
                flagged.add(String.format(Locale.ROOT, "REGRESSION %s %s %s: %.1f -> %.1f %s (%.0f%% worse)",
                    now.scenario(), now.impl(), now.metric(), before.get().value(), now.value(), now.unit(), worse * 100));
            }
        }
        return flagged;
    }
}
