package io.shmproc.exceptions;

/**
 * A value that a codec cannot encode, or bytes it cannot decode. Thrown before anything is written to
 * shared memory, so the queue, pipe or map it was meant for is unchanged.
 */
public final class CodecException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be encoded or decoded, and why
     * @param cause   the underlying failure, or {@code null}
     */
    public CodecException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
