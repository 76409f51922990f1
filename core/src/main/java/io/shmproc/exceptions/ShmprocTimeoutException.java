package io.shmproc.exceptions;

/**
 * A timed call that ran out of time where its return value cannot say so.
 */
public final class ShmprocTimeoutException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public ShmprocTimeoutException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public ShmprocTimeoutException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
