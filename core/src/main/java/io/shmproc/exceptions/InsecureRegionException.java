package io.shmproc.exceptions;

import java.nio.file.Path;

/**
 * A shared directory or file that another local user could read, change or own: owned by another uid, or
 * readable or writable by group or others. shmproc refuses to attach to it; the message says what is wrong and
 * the command that fixes it ({@code chmod 700 DIR}, {@code chmod 600 FILE}).
 */
public final class InsecureRegionException extends RegionException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file    the directory or shared file
     * @param problem what is wrong and what to do
     */
    public InsecureRegionException(final Path file, final String problem) {
        super(file, problem);
    }
}
