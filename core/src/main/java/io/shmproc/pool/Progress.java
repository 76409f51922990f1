package io.shmproc.pool;

import java.time.Duration;

/**
 * A snapshot of a long map's progress, given to a {@link ProgressListener}.
 */
public final class Progress {
    private final long done;
    private final long total;
    private final long elapsedNanos;

    /**
     * Creates a snapshot.
     *
     * @param done         items finished (successfully or not)
     * @param total        items in the map
     * @param elapsedNanos time since the map was submitted
     */
    public Progress(final long done, final long total, final long elapsedNanos) {
        this.done = done;
        this.total = total;
        this.elapsedNanos = elapsedNanos;
    }

    /**
     * Items finished so far.
     *
     * @return the count
     */
    public long done() {
        return done;
    }

    /**
     * Items in the map.
     *
     * @return the count
     */
    public long total() {
        return total;
    }

    /**
     * Time since the map was submitted.
     *
     * @return the duration
     */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /**
     * Items finished per second since the map was submitted.
     *
     * @return the rate, 0 before any time has passed
     */
    public double ratePerSecond() {
        return elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
    }

    /**
     * The fraction done.
     *
     * @return 0 to 1 (1 for an empty map)
     */
    public double fraction() {
        return total == 0 ? 1 : (double) done / total;
    }

    /**
     * Whether every item is finished.
     *
     * @return {@code done == total}
     */
    public boolean isComplete() {
        return done >= total;
    }

    @Override
    public String toString() {
        return "Progress[" + done + "/" + total + ", " + String.format("%.1f", ratePerSecond()) + "/s]";
    }
}
