package io.shmproc.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Runs each of {@link MappedBuffer}'s read-modify-write methods often enough for HotSpot to compile it, on a
 * private mapping: part of the JVM's warm-up (the facade's {@code Warmup}).
 *
 * <p>On Java 17 to 20 each of these methods checks its file's size (a system call) for its first
 * {@link MappedBuffer#EARLY_CHECKS} calls in a JVM, while it may still run interpreted (see the "Early size
 * checks" comment in {@code MappedBuffer}); a message path that runs rarely, such as a sleeper's wake-up,
 * otherwise pays those calls for a long time. Here the calls go to a file that was unlinked before anyone else
 * could open it, which nobody can truncate, so they cost no system call and count towards compilation all the
 * same.
 *
 * <p>Files: the scratch file (0600) exists for the few microseconds between its creation and its unlinking, under a
 * hidden name in the configured base ({@link SharedDirectory#configuredBase()}, {@code .shmproc-warmup-<pid>-<n>}).
 */
public final class ReadModifyWriteWarmup {
    /** Calls of each method when the JVM has fewer early checks to use up: enough for the optimizing compiler. */
    static final int COMPILE_CALLS = 20_000;
    private static final int LENGTH = 4096;

    private ReadModifyWriteWarmup() {
    }

    /**
     * Runs the warm-up in the calling thread (about 10-50 ms).
     *
     * @throws IOException when the scratch file cannot be made
     */
    public static void run() throws IOException {
        final Path file = SharedDirectory.configuredBase().resolve(".shmproc-warmup-" + ProcessHandle.current().pid()
            + "-" + System.nanoTime());
        final Mapping mapping;
        // 0600 whatever the umask: no other user can open it for writing in the moment before it is unlinked
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            try {
                channel.write(ByteBuffer.allocate(1), LENGTH - 1);
            } finally {
                Files.delete(file);
            }
            mapping = Mapping.mapUnlinked(file, channel, LENGTH);
        }
        try {
            exercise(mapping.view(0, LENGTH), Math.max(COMPILE_CALLS, MappedBuffer.earlyChecksPerMethod()));
        } finally {
            mapping.close();
        }
    }

    private static void exercise(final MappedBuffer buffer, final int calls) {
        for (int i = 0; i < calls; i++) {
            buffer.addLongRelease(0, 1);
            buffer.compareAndSetLong(8, i - 1L, i);
            buffer.compareAndExchangeLong(16, i - 1L, i);
            buffer.getAndSetLong(24, i);
            buffer.getAndAddLong(32, 1);
            buffer.addIntRelease(40, 1);
            buffer.compareAndSetInt(44, i - 1, i);
            buffer.compareAndExchangeInt(48, i - 1, i);
            buffer.getAndSetInt(52, i);
            buffer.getAndAddInt(56, 1);
        }
    }
}
