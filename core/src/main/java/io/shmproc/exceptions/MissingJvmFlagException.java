package io.shmproc.exceptions;

/**
 * The running JVM lacks an option that shmproc needs; the message names the exact flag.
 */
public final class MissingJvmFlagException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public MissingJvmFlagException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public MissingJvmFlagException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
