package io.shmproc.pool;

import java.io.PrintStream;
import java.util.Objects;

/**
 * A ready-made {@link ProgressListener} that draws a one-line bar on a console:
 * {@code work [##########----------]  50% 5/10  2.5/s}. It redraws the line in place with a carriage return and
 * ends it with a newline when the map completes.
 */
public final class ConsoleProgressBar implements ProgressListener {
    private static final int WIDTH = 30;

    private final String label;
    private final PrintStream out;

    /**
     * A bar on {@link System#out}.
     *
     * @param label printed before the bar
     */
    public ConsoleProgressBar(final String label) {
        this(label, System.out);
    }

    /**
     * A bar on a stream.
     *
     * @param label printed before the bar
     * @param out   where to draw
     */
    public ConsoleProgressBar(final String label, final PrintStream out) {
        this.label = Objects.requireNonNull(label, "label");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void onProgress(final Progress progress) {
        out.print("\r" + render(progress));
        if (progress.isComplete()) {
            out.println();
        }
        out.flush();
    }

    /**
     * The line for a snapshot, without the carriage return.
     *
     * @param progress the snapshot
     * @return the line
     */
    public String render(final Progress progress) {
        final int filled = (int) Math.round(progress.fraction() * WIDTH);
        final StringBuilder line = new StringBuilder(label.length() + WIDTH + 40).append(label).append(" [");
        for (int i = 0; i < WIDTH; i++) {
            line.append(i < filled ? '#' : '-');
        }
        return line.append("] ").append(String.format("%3d%% %d/%d  %.1f/s", Math.round(progress.fraction() * 100),
            progress.done(), progress.total(), progress.ratePerSecond())).toString();
    }
}
