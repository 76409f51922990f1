package io.shmproc.sync;

/**
 * How a thread waits for a shared word to change: every waiter first tries the word, then idles with one of
 * these until it changes, its timeout passes, or it is interrupted.
 */
public enum WaitStrategy {
    /**
     * Spin, then yield, then park with exponential backoff up to {@link SyncOptions#maxParkMicros(long)}; with
     * kernel wake-up on (the default), sleep in the kernel instead of parking, woken at once by the unlock,
     * release, set, signal or trip ({@link io.shmproc.memory.KernelWakeup}).
     */
    BACKOFF,
    /** Yield the processor between checks: low latency, one busy core per waiter. */
    YIELD,
    /** Busy-spin: the lowest latency, one full core per waiter. */
    BUSY_SPIN
}
