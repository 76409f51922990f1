package io.shmproc.exceptions;

import java.nio.file.Path;

/**
 * A write failed because the file system holding a shared file has no space left. Nothing half-written is
 * visible to readers; free space (or move the files to a larger file system) and retry.
 */
public final class DiskFullException extends RegionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file    the file (or directory) whose file system is full
     * @param problem what failed, how much space is left, and what to do
     * @param cause   the underlying failure, or {@code null}
     */
    public DiskFullException(final Path file, final String problem, final Throwable cause) {
        super(file, problem, cause);
    }
}
