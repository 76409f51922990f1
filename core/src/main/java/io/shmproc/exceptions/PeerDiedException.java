package io.shmproc.exceptions;

/**
 * A call that could only complete through another process, which died.
 */
public final class PeerDiedException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public PeerDiedException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public PeerDiedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
