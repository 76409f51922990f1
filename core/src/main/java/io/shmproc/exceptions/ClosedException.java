package io.shmproc.exceptions;

/**
 * An operation on a handle, or a shared object, that has been closed.
 */
public final class ClosedException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public ClosedException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public ClosedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
