package io.shmproc.exceptions;

/**
 * A cluster refused this client's credentials: the key it presented is not the members' key. Check that the
 * client's key and the members' key ({@code --key-file} or {@code SHMPROC_CLUSTER_KEY}) are the same bytes.
 */
public final class AuthenticationException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public AuthenticationException(final String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what happened and what to do
     * @param cause   the underlying failure
     */
    public AuthenticationException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
