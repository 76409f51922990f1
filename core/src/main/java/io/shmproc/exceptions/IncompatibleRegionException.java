package io.shmproc.exceptions;

import java.nio.file.Path;

/**
 * A well-formed shared file of another kind or layout version than the caller expects.
 */
public final class IncompatibleRegionException extends RegionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file    the shared file
     * @param problem what is wrong and what to do
     */
    public IncompatibleRegionException(final Path file, final String problem) {
        super(file, problem);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file    the shared file
     * @param problem what is wrong and what to do
     * @param cause   the underlying failure
     */
    public IncompatibleRegionException(final Path file, final String problem, final Throwable cause) {
        super(file, problem, cause);
    }
}
