package io.shmproc.exceptions;

import java.nio.file.Path;

/**
 * A shared file whose bytes cannot be trusted: truncated, not written by shmproc, or never initialised.
 */
public final class CorruptRegionException extends RegionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file    the shared file
     * @param problem what is wrong and what to do
     */
    public CorruptRegionException(final Path file, final String problem) {
        super(file, problem);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file    the shared file
     * @param problem what is wrong and what to do
     * @param cause   the underlying failure
     */
    public CorruptRegionException(final Path file, final String problem, final Throwable cause) {
        super(file, problem, cause);
    }
}
