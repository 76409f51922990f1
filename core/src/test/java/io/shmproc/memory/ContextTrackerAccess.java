package io.shmproc.memory;

/** Test access to the running tracker. */
public final class ContextTrackerAccess {
    private ContextTrackerAccess() {
    }

    /**
     * The tracker's pid.
     *
     * @return the pid, or -1 when none runs
     */
    public static long pid() {
        return ContextTracker.trackerPid();
    }
}
