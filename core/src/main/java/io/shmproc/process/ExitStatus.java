package io.shmproc.process;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns a child JVM's raw exit value into Python's {@code exitcode}, with the help of the small exit record the
 * child writes when it shuts down in an orderly way.
 *
 * <p><b>The ambiguity.</b> Java reports a child killed by signal N as exit value 128 + N, which is also what
 * {@code System.exit(128 + N)} gives. <b>The record.</b> The child's bootstrap installs a shutdown hook that writes
 * one word to the exit-record file when the JVM shuts down in an orderly way: {@code exit} after a normal return,
 * an uncaught exception or {@code System.exit}; {@code signal N} when the shutdown was started by SIGTERM, SIGINT
 * or SIGHUP (which the JVM turns into an orderly exit with status 128 + N). SIGKILL, and a crash, write nothing.
 *
 * <p><b>The rule</b> ({@link #decode(int, String)}):
 * <ul>
 *   <li>an exit value from 0 to 128 is the exit code as it is;</li>
 *   <li>an exit value 128 + N with the record {@code exit} is the exit code 128 + N (it called
 *       {@code System.exit(128 + N)});</li>
 *   <li>an exit value 128 + N with the record {@code signal N}, or with no record, is -N (killed by signal N).</li>
 * </ul>
 * A child that could not write its record (its directory was removed, the disk is full) and that called
 * {@code System.exit(n)} with n above 128 is therefore reported as killed by signal n - 128.
 */
final class ExitStatus {
    /** The record of an orderly exit that no signal started. */
    static final String ORDERLY = "exit";
    /** The prefix of the record of an orderly exit started by a signal. */
    static final String SIGNAL_PREFIX = "signal ";

    private static final int SIGNAL_BASE = 128;
    private static final String[] SIGNAL_NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
        "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
        "SIGTERM"};

    private ExitStatus() {
    }

    /**
     * Python's exit code of a child.
     *
     * @param exitValue the raw value from {@link Process#exitValue()}
     * @param record    the child's exit record, or {@code null} when it wrote none
     * @return the exit code: {@code n >= 0} for an exit with status n, {@code -N} for death by signal N
     */
    static int decode(final int exitValue, final String record) {
        if (exitValue <= SIGNAL_BASE) {
            return exitValue;
        }
        if (ORDERLY.equals(record)) {
            return exitValue;
        }
        return -(exitValue - SIGNAL_BASE);
    }

    /**
     * Describes an exit code for {@code toString()}.
     *
     * @param exitCode a decoded exit code
     * @return e.g. {@code 0}, {@code 3} or {@code -15 (SIGTERM)}
     */
    static String describe(final int exitCode) {
        if (exitCode >= 0) {
            return Integer.toString(exitCode);
        }
        final int signal = -exitCode;
        return exitCode + " (" + (signal < SIGNAL_NAMES.length ? SIGNAL_NAMES[signal] : "signal " + signal) + ")";
    }

    /**
     * Writes the exit record; in the child, from its shutdown hook. Failures are ignored: without a record the
     * parent reads an exit value above 128 as a signal, as documented.
     *
     * @param file   the record file the parent named
     * @param record {@link #ORDERLY} or {@code signal N}
     */
    static void write(final String file, final String record) {
        try (FileOutputStream out = new FileOutputStream(file)) {
            out.write(record.getBytes(StandardCharsets.US_ASCII));
        } catch (final IOException | RuntimeException e) {
            // the parent's rule covers a missing record
        }
    }

    /**
     * Reads and removes the exit record; in the parent, once the child has exited.
     *
     * @param file the record file
     * @return the record, or {@code null} when the child wrote none
     */
    static String readAndDelete(final Path file) {
        try {
            final String record = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
            Files.deleteIfExists(file);
            return record;
        } catch (final NoSuchFileException e) {
            return null;
        } catch (final IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (final IOException ignored) {
                // the directory goes with its owner
            }
            return null;
        }
    }
}
