package io.shmproc.sync;

/** What a {@link Condition} needs from the lock it is bound to. */
interface OwnedLock {
    /**
     * Whether the calling thread holds the lock.
     *
     * @return {@code true} for the owner thread
     */
    boolean isHeldByCurrentThread();

    /**
     * Releases the lock completely before a condition wait.
     *
     * @return the hold count to restore
     * @throws IllegalMonitorStateException when the calling thread does not hold it
     */
    int releaseForWait();

    /**
     * Re-acquires the lock after a condition wait, uninterruptibly, and restores the hold count.
     *
     * @param holds what {@link #releaseForWait()} returned
     */
    void reacquireAfterWait(int holds);

    /**
     * The file the lock lives in, for messages.
     *
     * @return its path
     */
    java.nio.file.Path file();
}
