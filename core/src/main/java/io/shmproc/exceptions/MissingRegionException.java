package io.shmproc.exceptions;

import java.nio.file.Path;

/**
 * There is no shared file at the path (never created, or already unlinked).
 */
public final class MissingRegionException extends RegionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file    the shared file
     * @param problem what is wrong and what to do
     */
    public MissingRegionException(final Path file, final String problem) {
        super(file, problem);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file    the shared file
     * @param problem what is wrong and what to do
     * @param cause   the underlying failure
     */
    public MissingRegionException(final Path file, final String problem, final Throwable cause) {
        super(file, problem, cause);
    }
}
