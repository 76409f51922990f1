package io.shmproc.channel;

/**
 * A check that a blocking channel call runs every {@link MessageChannel#WAIT_CHECK_INTERVAL_NANOS} while it
 * waits, so that an upper layer can end the wait when the other side is gone.
 *
 * <p>The check throws (an unchecked exception of its choice) to abort the wait; the exception leaves the
 * blocking call unchanged. It is never called on the fast path, only while waiting.
 */
@FunctionalInterface
public interface WaitCheck {
    /** Never aborts. */
    WaitCheck NONE = () -> { };

    /**
     * Throws to abort the current wait; returns to keep waiting.
     */
    void check();
}
