package io.shmproc.exceptions;

/**
 * The root of every exception that shmproc throws.
 *
 * <p>Unchecked, like the exceptions of {@code java.util.concurrent}: a blocking call still declares
 * {@link InterruptedException} where the JDK interface it implements does.
 */
public class ShmprocException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong and what to do about it
     */
    public ShmprocException(final String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong and what to do about it
     * @param cause   the underlying failure
     */
    public ShmprocException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
