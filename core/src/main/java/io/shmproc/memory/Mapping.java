package io.shmproc.memory;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.ref.Cleaner;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One mapping of a file and every {@link MappedBuffer} created over it; closing it invalidates the buffers and
 * then unmaps the file at once: through {@link Unmapper} on Java 17 to 23, by closing the mapping's own arena
 * ({@link ArenaMapper}) on Java 24 and later. An arena mapping nobody closed is closed when it becomes
 * unreachable, as a plain mapping is unmapped by the garbage collector.
 */
final class Mapping {
    /** Attempts to close an arena a thread still held, 20 ms apart, before it is left to its cleaner. */
    private static final int ARENA_CLOSE_ATTEMPTS = 50;

    private final Path file;
    private final long length;
    private final List<MappedBuffer> views = new ArrayList<>();
    /** Closes the arena (arena mappings only), at {@link #close()} or once this mapping is unreachable. */
    private final Cleaner.Cleanable arenaCloser;
    /** Whether the file was unlinked before anyone else could open it: then nobody can truncate it. */
    private final boolean unlinked;
    private MappedByteBuffer mapped;
    private volatile boolean closed;
    /**
     * The file, opened read-only at the first {@link #checkNotTruncated()} for the checks that follow: its length is
     * one {@code fstat} of the descriptor, a native call with no Java code around it (about 0.4 us, compiled or
     * not), where a stat of the path through {@code Files.size} costs 1.4 us compiled and 5.5 us interpreted, which
     * is when the checks run. A {@code RandomAccessFile}, not a channel: an interrupted thread does not close it.
     * {@code null} before the first check, and while the checks go to the path instead ({@link #probeFailed},
     * {@link #descriptorless}).
     */
    private volatile RandomAccessFile sizeProbe;
    /** Whether the probe could not be opened: the checks stat the path (until {@link #linkedIntoPlace()}). */
    private boolean probeFailed; // guarded by this
    /** Whether this mapping must hold no descriptor of its own ({@link #withoutSizeProbe()}): for good. */
    private boolean descriptorless; // guarded by this

    private Mapping(final Path file, final MappedByteBuffer mapped, final Object arena, final boolean unlinked) {
        this.file = file;
        this.unlinked = unlinked;
        this.mapped = mapped;
        this.length = mapped.capacity();
        this.arenaCloser = arena == null ? null : ArenaCleaner.CLEANER.register(this, new ArenaCloser(arena));
    }

    /**
     * Maps {@code length} bytes of a file from its start, read-write, into an arena where
     * {@link ArenaMapper#isOn()}.
     *
     * @param file    the file's name, for messages
     * @param channel the open file
     * @param length  the bytes to map
     * @return the mapping
     * @throws IOException as {@code FileChannel.map}
     */
    static Mapping map(final Path file, final FileChannel channel, final long length) throws IOException {
        return map(file, channel, length, false);
    }

    /**
     * As {@link #map(Path, FileChannel, long)}, for a file this process unlinked right after creating it, before
     * anyone else could open it: nobody can truncate it, so {@link #checkNotTruncated()} has nothing to check.
     *
     * @param file    the file's former name, for messages
     * @param channel the open file
     * @param length  the bytes to map
     * @return the mapping
     * @throws IOException as {@code FileChannel.map}
     */
    static Mapping mapUnlinked(final Path file, final FileChannel channel, final long length) throws IOException {
        return map(file, channel, length, true);
    }

    private static Mapping map(final Path file, final FileChannel channel, final long length,
                               final boolean unlinked) throws IOException {
        if (ArenaMapper.isOn()) {
            final Object arena = ArenaMapper.openArena();
            try {
                return new Mapping(file, ArenaMapper.map(channel, length, arena), arena, unlinked);
            } catch (final IOException | RuntimeException | Error e) {
                ArenaMapper.close(arena);
                throw e;
            }
        }
        return new Mapping(file, channel.map(FileChannel.MapMode.READ_WRITE, 0, length), null, unlinked);
    }

    Path file() {
        return file;
    }

    boolean isClosed() {
        return closed;
    }

    synchronized MappedBuffer view(final int offset, final int viewLength) {
        if (closed) {
            throw closed(null);
        }
        final MappedBuffer view = new MappedBuffer(this, mapped.slice(offset, viewLength), offset);
        views.add(view);
        return view;
    }

    /**
     * The exception of an access to a closed mapping.
     *
     * @param cause what the access ran into, or {@code null}
     * @return the exception, naming the file
     */
    ClosedException closed(final Throwable cause) {
        return new ClosedException(file + ": region handle is closed", cause);
    }

    /**
     * The exception of a file found shorter than its mapping: another process truncated it.
     *
     * @param size the file's size now
     * @return the exception, naming the file
     */
    CorruptRegionException truncated(final long size) {
        return new CorruptRegionException(file, "is now " + size + " bytes but was mapped as " + length
            + ": another process truncated it; the shared object is lost");
    }

    /**
     * Throws when the mapped file is shorter than the mapping (another process truncated it). The first call opens
     * the file for the calls that follow ({@link #sizeProbe}); where that fails, each call checks the file at this
     * mapping's path, and a file that is gone from there (unlinked, or not yet linked into place) is not checked.
     *
     * @throws CorruptRegionException when the file was truncated
     * @throws ClosedException        when the mapping was closed meanwhile
     */
    void checkNotTruncated() {
        if (unlinked) {
            return;
        }
        final long size = currentSize();
        if (size >= 0 && size < length) {
            if (closed) {
                throw closed(null); // the probe's descriptor was closed under the check, and its number maybe reused
            }
            throw truncated(size);
        }
    }

    /** The file's length now, or -1 when it cannot be read (the file is gone from the path). */
    private long currentSize() {
        final RandomAccessFile open = sizeProbe;
        final RandomAccessFile probe = open != null ? open : openSizeProbe();
        if (probe != null) {
            try {
                return probe.length();
            } catch (final IOException e) {
                // closed by close() or withoutSizeProbe() meanwhile: ask the path
            }
        }
        try {
            return java.nio.file.Files.size(file);
        } catch (final IOException e) {
            return -1;
        }
    }

    private synchronized RandomAccessFile openSizeProbe() {
        if (sizeProbe == null && !probeFailed && !descriptorless && !closed) {
            try {
                sizeProbe = new RandomAccessFile(file.toFile(), "r");
            } catch (final IOException | SecurityException e) {
                probeFailed = true; // not at its path yet, or gone: the path it is, as before the probe
            }
        }
        return sizeProbe;
    }

    /**
     * Tells this mapping its file is now at its path (a region's creator maps it under a temporary name first):
     * a probe that could not be opened before is tried again at the next check.
     */
    synchronized void linkedIntoPlace() {
        if (sizeProbe == null && !closed) {
            probeFailed = false;
        }
    }

    /**
     * Closes the size probe's descriptor, if open, and has later checks stat the path instead: for owners of many
     * regions that hold no descriptor for each ({@code MappedRegion#detachPayload}).
     */
    synchronized void withoutSizeProbe() {
        descriptorless = true;
        closeSizeProbe();
    }

    private synchronized void closeSizeProbe() {
        final RandomAccessFile probe = sizeProbe;
        sizeProbe = null;
        if (probe != null) {
            try {
                probe.close();
            } catch (final IOException e) {
                // a read-only descriptor: nothing was buffered
            }
        }
    }

    CorruptRegionException lost(final InternalError e) {
        return new CorruptRegionException(file, "lost part of its memory: another process truncated the file"
            + " (mapped as " + length + " bytes); the shared object is lost", e);
    }

    /**
     * Invalidates every buffer, then unmaps. Idempotent.
     *
     * @return whether this call closed the mapping
     */
    boolean close() {
        final MappedByteBuffer toUnmap;
        synchronized (this) {
            if (closed) {
                return false;
            }
            closed = true;
            for (final MappedBuffer view : views) {
                view.invalidate();
            }
            views.clear();
            toUnmap = mapped;
            mapped = null;
            closeSizeProbe();
        }
        if (arenaCloser != null) {
            arenaCloser.clean();
        } else {
            Unmapper.unmap(toUnmap);
        }
        return true;
    }

    /** The cleaner of arena mappings (Java 24+), made at the first: its thread costs a plain mapping nothing. */
    private static final class ArenaCleaner {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** Closes an arena; while a thread holds it, tries again later. Holds no reference to the mapping. */
    private static final class ArenaCloser implements Runnable {
        private final Object arena;
        private int attempts;

        ArenaCloser(final Object arena) {
            this.arena = arena;
        }

        @Override
        public void run() {
            if (!ArenaMapper.close(arena) && ++attempts < ARENA_CLOSE_ATTEMPTS) {
                Unmapper.later(this, Unmapper.GRACE_MILLIS);
            }
        }
    }
}
