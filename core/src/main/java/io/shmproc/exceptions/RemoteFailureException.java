package io.shmproc.exceptions;

/**
 * A failure that happened in another process: the cause, where it could be carried across, is the
 * remote exception itself with the remote stack trace.
 *
 * <p>{@link #pid()} names the process the failure came from, or {@code -1} when unknown.
 */
public final class RemoteFailureException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    private final long pid;

    /**
     * Creates the exception.
     *
     * @param pid     the process the failure came from, or -1
     * @param message what happened
     * @param cause   the remote exception, or {@code null} when it could not be carried
     */
    public RemoteFailureException(final long pid, final String message, final Throwable cause) {
        super(message, cause);
        this.pid = pid;
    }

    /**
     * The process that failed.
     *
     * @return its pid, or -1 when unknown
     */
    public long pid() {
        return pid;
    }
}
