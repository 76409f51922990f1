package io.shmproc.pool;

import java.util.List;
import java.util.function.Consumer;

/**
 * The options of one {@code map}, {@code imap} or {@code starmap} call: chunk size, progress listener, and
 * the callbacks of the asynchronous forms (Python's {@code chunksize}, {@code callback}, {@code error_callback}).
 *
 * <pre>{@code
 * pool.mapAsync(f, items, MapOptions.defaults().chunksize(100).progress(new ConsoleProgressBar("f")));
 * }</pre>
 */
public final class MapOptions {
    /** {@link #chunksize(int)} value meaning "choose like Python": {@code ceil(items / (4 * processes))}. */
    public static final int AUTO_CHUNKSIZE = 0;

    private int chunksize = AUTO_CHUNKSIZE;
    private ProgressListener progress;
    private Consumer<? super List<?>> callback;
    private Consumer<? super Throwable> errorCallback;

    private MapOptions() {
    }

    /**
     * No progress listener, no callbacks, automatic chunk size.
     *
     * @return new options
     */
    public static MapOptions defaults() {
        return new MapOptions();
    }

    /**
     * How many items travel to a worker in one message (and count as one task). Chunks are also cut short so
     * that one message fits in a ring.
     *
     * @param items 1 or more, or {@link #AUTO_CHUNKSIZE}
     * @return these options
     * @throws IllegalArgumentException when negative
     */
    public MapOptions chunksize(final int items) {
        if (items < 0) {
            throw new IllegalArgumentException("chunksize=" + items + " is negative; expected 1 or more, or 0 for"
                + " automatic");
        }
        this.chunksize = items;
        return this;
    }

    /**
     * A listener told after every finished chunk.
     *
     * @param listener the listener, or {@code null}
     * @return these options
     */
    public MapOptions progress(final ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    /**
     * Run with the whole result list when the map succeeds (asynchronous forms), on the callback thread.
     *
     * @param callback the callback, or {@code null}
     * @return these options
     */
    public MapOptions callback(final Consumer<? super List<?>> callback) {
        this.callback = callback;
        return this;
    }

    /**
     * Run with the failure when the map fails (asynchronous forms), on the callback thread.
     *
     * @param callback the callback, or {@code null}
     * @return these options
     */
    public MapOptions errorCallback(final Consumer<? super Throwable> callback) {
        this.errorCallback = callback;
        return this;
    }

    int chunksize() {
        return chunksize;
    }

    ProgressListener progress() {
        return progress;
    }

    Consumer<? super List<?>> callback() {
        return callback;
    }

    Consumer<? super Throwable> errorCallback() {
        return errorCallback;
    }
}
