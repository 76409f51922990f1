package io.shmproc.exceptions;

import java.nio.file.Path;

/**
 * A shared file that cannot be created, attached or used; the message and {@link #file()} name it.
 */
public class RegionException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    private final String file;

    /**
     * Creates an exception about one file.
     *
     * @param file    the shared file
     * @param problem what is wrong with it
     */
    public RegionException(final Path file, final String problem) {
        this(file, problem, null);
    }

    /**
     * Creates an exception about one file, with a cause.
     *
     * @param file    the shared file
     * @param problem what is wrong with it
     * @param cause   the underlying failure, or {@code null}
     */
    public RegionException(final Path file, final String problem, final Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = String.valueOf(file);
    }

    /**
     * The file this exception is about.
     *
     * @return the path of the shared file
     */
    public Path file() {
        return Path.of(file);
    }
}
