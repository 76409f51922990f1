package io.shmproc.cluster;

import io.shmproc.memory.SharedDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the media-driver directories of cluster clients that died without closing (a SIGKILLed JVM cannot
 * delete its own): a directory {@code shmproc-client-<pid>-<n>}, or its pipes' {@code shmproc-client-<pid>-<n>-pipes},
 * whose process is gone. Run by every client before
 * it creates its own, as the local contexts reclaim dead owners' directories.
 */
final class StaleDriverDirs {
    private static final Pattern NAME = Pattern.compile("shmproc-client-(\\d+)-\\d+(" + PipeDriver.SUFFIX + ")?");

    private StaleDriverDirs() {
    }

    /**
     * Deletes the directories of dead clients under {@code base}.
     *
     * @param base the directory client driver directories are made in
     * @return how many were deleted
     */
    static int reap(final Path base) {
        int reaped = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, "shmproc-client-*")) {
            for (final Path entry : entries) {
                final Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1))) && Files.isWritable(entry)) {
                    SharedDirectory.deleteTree(entry);
                    reaped++;
                }
            }
        } catch (final IOException | RuntimeException e) {
            // nothing to reap, or not ours to reap: a stale directory only costs space
        }
        return reaped;
    }

    private static boolean alive(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
