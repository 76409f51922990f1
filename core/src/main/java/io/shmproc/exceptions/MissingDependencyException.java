package io.shmproc.exceptions;

/**
 * An optional library that a feature needs is not on the class path (for example Chronicle Queue for durable
 * queues); the message names the library and the Maven coordinates to add.
 */
public final class MissingDependencyException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is missing and how to add it
     * @param cause   the class-loading failure
     */
    public MissingDependencyException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
