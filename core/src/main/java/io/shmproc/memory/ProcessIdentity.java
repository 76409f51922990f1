package io.shmproc.memory;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/**
 * A process named by its pid and its start time, so that a recycled pid is never mistaken for the
 * process that once had it.
 *
 * <p>The start time is the operating system's (milliseconds since the epoch, as reported by
 * {@link ProcessHandle.Info#startInstant()}), the same value whichever process asks.
 *
 * @param pid         the process id
 * @param startMillis the start time in epoch milliseconds, or -1 when the system does not report it
 */
public record ProcessIdentity(long pid, long startMillis) implements Serializable {

    private static final ProcessIdentity CURRENT = of(ProcessHandle.current());

    /**
     * This process.
     *
     * @return the identity of the running JVM
     */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /**
     * The identity of a live process.
     *
     * @param handle a process handle
     * @return its pid and start time
     */
    public static ProcessIdentity of(final ProcessHandle handle) {
        return new ProcessIdentity(handle.pid(), startMillisOf(handle));
    }

    /**
     * Whether this very process (same pid and same start time) is still running.
     *
     * @return {@code true} while the process lives; {@code false} once it has exited or its pid was reused
     */
    public boolean isAlive() {
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        final long start = startMillisOf(handle.get());
        return startMillis < 0 || start < 0 || start == startMillis;
    }

    private static long startMillisOf(final ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    @Override
    public String toString() {
        return "pid " + pid + (isAlive() ? " (alive)" : " (dead)");
    }
}
