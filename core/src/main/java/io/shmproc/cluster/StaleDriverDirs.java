package io.shmproc.cluster;

import io.shmproc.memory.SharedDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the directories that processes killed before they closed left (a SIGKILLed JVM cannot delete its own),
 * as the local contexts reclaim dead owners' directories: a cluster client's media-driver directory
 * {@code shmproc-client-<pid>-<n>}, or its pipes' {@code shmproc-client-<pid>-<n>-pipes}, whose process is gone (by
 * every client before it creates its own), and a {@link LocalCluster}'s {@code shmproc-cluster-<pid>-<n>} whose
 * creator and members are gone (by every local cluster before it starts).
 */
final class StaleDriverDirs {
    private static final Pattern NAME = Pattern.compile("shmproc-client-(\\d+)-\\d+(" + PipeDriver.SUFFIX + ")?");
    private static final Pattern CLUSTER = Pattern.compile("shmproc-cluster-(\\d+)-\\d+");
    /** The file of a {@link LocalCluster}'s directory listing its members' pids, one per line. */
    static final String MEMBER_PIDS = "member-pids";

    private StaleDriverDirs() {
    }

    /**
     * Deletes the directories of dead clients under {@code base}.
     *
     * @param base the directory client driver directories are made in
     * @return how many were deleted
     */
    static int reap(final Path base) {
        return reapDead(base, "shmproc-client-*", NAME, entry -> true);
    }

    /**
     * Deletes the directories of {@link LocalCluster}s under {@code base} whose creating process is gone and
     * whose members (listed in {@value #MEMBER_PIDS}) have all exited: a JVM killed before it closed its local
     * cluster left them.
     *
     * @param base the directory local clusters are made in
     * @return how many were deleted
     */
    static int reapClusters(final Path base) {
        return reapDead(base, "shmproc-cluster-*", CLUSTER, entry -> !anyMemberAlive(entry.resolve(MEMBER_PIDS)));
    }

    /** What else must hold of a dead creator's directory before it goes. */
    @FunctionalInterface
    private interface Unused {
        boolean test(Path entry) throws IOException;
    }

    /**
     * Deletes each directory under {@code base} matching {@code glob} whose name's pid (group 1 of {@code name}) is
     * gone, that this process may write, and that is {@code unused}.
     */
    private static int reapDead(final Path base, final String glob, final Pattern name, final Unused unused) {
        int reaped = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, glob)) {
            for (final Path entry : entries) {
                final Matcher m = name.matcher(entry.getFileName().toString());
                if (m.matches() && !alive(Long.parseLong(m.group(1))) && Files.isWritable(entry)
                    && unused.test(entry)) {
                    SharedDirectory.deleteTree(entry);
                    reaped++;
                }
            }
        } catch (final IOException | RuntimeException e) {
            // nothing to reap, or not ours to reap: a stale directory only costs space
        }
        return reaped;
    }

    private static boolean anyMemberAlive(final Path pids) throws IOException {
        if (!Files.isRegularFile(pids)) {
            return false;
        }
        for (final String line : Files.readAllLines(pids)) {
            if (!line.isBlank() && alive(Long.parseLong(line.trim()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean alive(final long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
