package io.shmproc.state;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.sync.SyncOptions;
import io.shmproc.sync.WordLock;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The files of one shared dict or list: the control file with its lock and generation word, and the live
 * {@link Generation}, re-mapped whenever the generation word moves.
 *
 * <p><b>Readers</b> call {@link #view()} (one volatile read when the generation is unchanged) and retry their
 * operation when a file of a superseded generation has disappeared ({@link #superseded}). <b>Writers</b> call
 * {@link #lock()}, which first repairs the store when the previous owner died: it removes the files of every
 * other generation (half built or superseded) and lets the owner recount its counters from the slots.
 * <b>Rebuilds</b> build generation g+1 completely, then {@link #publish} it with one release store of the
 * generation word and remove generation g's files.
 */
final class Store implements AutoCloseable {
    private static final long CREATION_WAIT_MILLIS = 5_000;
    private static final long REPAIR_WAIT_MILLIS = 200;

    private final Path directory;
    private final RegionKind kind;
    private final MappedRegion controlRegion;
    private final AtomicBuffer control;
    private final WordLock mutex;
    private final long maxEntryBytes;
    private final long firstSegmentBytes;
    private Consumer<Generation> recount = generation -> { };
    private volatile Generation current;
    /**
     * Generations this handle mapped and then saw superseded: still mapped while a reader may finish on one, so
     * left to the garbage collector while the handle lives, and unmapped by {@link #close()}.
     */
    private final List<WeakReference<Generation>> superseded = new ArrayList<>();
    private volatile boolean closed;

    private Store(final Path directory, final RegionKind kind, final MappedRegion controlRegion) {
        this.directory = directory;
        this.kind = kind;
        this.controlRegion = controlRegion;
        this.control = controlRegion.detachPayload();
        this.mutex = WordLock.of(control, StoreLayout.CONTROL_LOCK_OFFSET, directory.toAbsolutePath().getParent(),
            SyncOptions.defaults());
        this.maxEntryBytes = control.getLong(StoreLayout.CONTROL_MAX_ENTRY_OFFSET);
        this.firstSegmentBytes = control.getLong(StoreLayout.CONTROL_FIRST_SEGMENT_OFFSET);
        if (maxEntryBytes < 64 || maxEntryBytes > StoreLayout.MAX_SEGMENT_BYTES - 64 || firstSegmentBytes < 64
            || firstSegmentBytes > StoreLayout.MAX_SEGMENT_BYTES) {
            throw new CorruptRegionException(directory.resolve(StoreLayout.controlName()), "has damaged constants"
                + " (max entry " + maxEntryBytes + ", first segment " + firstSegmentBytes + ")");
        }
    }

    /**
     * Creates the store's directory and first generation, or attaches when it exists.
     *
     * @param directory         the store's directory
     * @param kind              {@link RegionKind#DICT} or {@link RegionKind#LIST}
     * @param maxEntryBytes     the largest encoded key plus value, for a new store
     * @param firstSegmentBytes the first segment's size, for a new store
     * @param initialCapacity   the first index's slots, for a new store
     * @return the store
     */
    static Store open(final Path directory, final RegionKind kind, final long maxEntryBytes,
                      final long firstSegmentBytes, final int initialCapacity) {
        final Path controlFile = directory.resolve(StoreLayout.controlName());
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
                Generation.create(directory, kind, 1, initialCapacity, firstSegmentBytes).close();
                final MappedRegion region = MappedRegion.create(controlFile, kind, StoreLayout.VERSION,
                    StoreLayout.CONTROL_LENGTH, payload -> {
                        payload.putLong(StoreLayout.CONTROL_GENERATION_OFFSET, 1);
                        payload.putLong(StoreLayout.CONTROL_MAX_ENTRY_OFFSET, maxEntryBytes);
                        payload.putLong(StoreLayout.CONTROL_FIRST_SEGMENT_OFFSET, firstSegmentBytes);
                    });
                return attached(directory, kind, region);
            } catch (final FileAlreadyExistsException e) {
                // another process is creating it: attach below
            } catch (final IOException e) {
                throw new RegionException(directory, "cannot create the store directory: " + e, e);
            }
        }
        return attach(directory, kind);
    }

    /**
     * Attaches to an existing store, waiting briefly for a creator that is still initialising it.
     *
     * @throws RegionException when it is missing, damaged or of another kind
     */
    static Store attach(final Path directory, final RegionKind kind) {
        if (Files.isSymbolicLink(directory)) {
            throw new CorruptRegionException(directory, "is a symbolic link; shmproc never follows links");
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                throw new io.shmproc.exceptions.IncompatibleRegionException(directory, "is a single file (another kind"
                    + " of shared object), not the directory of a shared " + kind);
            }
            throw new MissingRegionException(directory, "no such shared " + kind);
        }
        final Path controlFile = directory.resolve(StoreLayout.controlName());
        final long deadline = System.currentTimeMillis() + CREATION_WAIT_MILLIS;
        while (!Files.exists(controlFile, LinkOption.NOFOLLOW_LINKS)) {
            if (System.currentTimeMillis() > deadline) {
                throw new CorruptRegionException(directory, "has no control file after "
                    + CREATION_WAIT_MILLIS + " ms: its creator died while creating it; remove the directory");
            }
            try {
                Thread.sleep(5);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegionException(directory, "interrupted while waiting for its creator");
            }
        }
        return attached(directory, kind, MappedRegion.attach(controlFile, kind, StoreLayout.VERSION));
    }

    private static Store attached(final Path directory, final RegionKind kind, final MappedRegion region) {
        final Store store;
        try {
            store = new Store(directory, kind, region);
        } catch (final RuntimeException e) {
            region.close();
            throw e;
        }
        store.view();
        return store;
    }

    /** Sets what recounts the counters of a generation after its writer died; called once by the owner. */
    void onRecount(final Consumer<Generation> recounter) {
        this.recount = recounter;
    }

    Path directory() {
        return directory;
    }

    long maxEntryBytes() {
        return maxEntryBytes;
    }

    long generation() {
        return control.getLongVolatile(StoreLayout.CONTROL_GENERATION_OFFSET);
    }

    /**
     * The live generation, mapped; lock-free.
     *
     * @throws CorruptRegionException when the live generation's index is missing or damaged
     */
    Generation view() {
        if (closed) {
            throw new io.shmproc.exceptions.ClosedException(directory + ": handle is closed");
        }
        while (true) {
            final long number = generation();
            final Generation cached = current;
            if (cached != null && cached.number() == number) {
                return cached;
            }
            try {
                final Generation fresh = Generation.attach(directory, kind, number);
                current = fresh;
                retire(cached);
                return fresh;
            } catch (final MissingRegionException e) {
                if (generation() == number) {
                    throw new CorruptRegionException(directory, "names generation " + number + " but "
                        + StoreLayout.indexName(number) + " is missing: the store was damaged", e);
                }
            }
        }
    }

    /**
     * Whether a missing file means the reader's generation was superseded (retry) rather than damage.
     *
     * @param generation the generation the reader used
     * @param missing    the failure
     * @return {@code true} to retry
     * @throws CorruptRegionException when the generation is still live, so the file should exist
     */
    boolean superseded(final Generation generation, final MissingRegionException missing) {
        if (generation() != generation.number()) {
            return true;
        }
        throw new CorruptRegionException(directory, "generation " + generation.number()
            + " is live but one of its files is missing: the store was damaged", missing);
    }

    /** Takes the writers' lock, repairing the store first when the previous owner died holding it. */
    void lock() {
        if (closed) {
            throw new io.shmproc.exceptions.ClosedException(directory + ": handle is closed");
        }
        mutex.lock();
        if (mutex.previousOwnerDied()) {
            try {
                recover();
            } catch (final RuntimeException | Error e) {
                mutex.unlock();
                throw e;
            }
        }
    }

    void unlock() {
        mutex.unlock();
    }

    /**
     * Runs the repair when a dead process holds the lock, so counters read lock-free are exact again: when the
     * lock is held, waits briefly for it (a dead holder's lock is taken over), repairs if the holder had died,
     * and releases it. Gives up silently after {@value #REPAIR_WAIT_MILLIS} ms behind a live holder.
     */
    void repairIfOwnerDied() {
        if (!mutex.isLocked()) {
            return;
        }
        try {
            if (mutex.tryLock(REPAIR_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                try {
                    if (mutex.previousOwnerDied()) {
                        recover();
                    }
                } finally {
                    mutex.unlock();
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void recover() {
        final Generation live = view();
        removeOtherGenerations(live.number(), true);
        recount.accept(live);
    }

    /** Builds the next generation (unpublished); lock holder only. */
    Generation nextGeneration(final int capacity, final long expectedBytes) {
        final long bytes = Math.min(StoreLayout.MAX_SEGMENT_BYTES, Math.max(firstSegmentBytes,
            Long.highestOneBit(Math.max(1, expectedBytes + expectedBytes / 2)) << 1));
        return Generation.create(directory, kind, view().number() + 1, capacity, bytes);
    }

    /**
     * Builds the next generation (unpublished) with a new index of the given capacity over the live generation's
     * data segments, linked, not copied; lock holder only.
     */
    Generation nextGenerationAdopting(final Generation live, final int capacity) {
        return Generation.adopting(live, capacity);
    }

    /** Makes a fully built generation live with one release store, then removes the old one's files. */
    void publish(final Generation next) {
        // Publishes the whole new generation: its index, counters and entries were written before this store.
        control.putLongRelease(StoreLayout.CONTROL_GENERATION_OFFSET, next.number());
        final Generation old = current;
        current = next;
        if (old != next) {
            retire(old);
        }
        removeOtherGenerations(next.number(), false);
    }

    /** Remembers a generation this handle no longer serves, to unmap it at {@link #close()}. */
    private void retire(final Generation old) {
        if (old == null) {
            return;
        }
        synchronized (superseded) {
            superseded.removeIf(ref -> ref.get() == null);
            superseded.add(new WeakReference<>(old));
        }
    }

    private void removeOtherGenerations(final long live, final boolean temporaries) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (final Path file : files) {
                final String name = file.getFileName().toString();
                final long generation = generationOf(name);
                if ((generation > 0 && generation != live)
                    || (temporaries && (name.startsWith(".index.") || name.startsWith(".data.")))) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (final IOException e) {
            throw new RegionException(directory, "cannot remove files of old generations: " + e, e);
        }
    }

    private static long generationOf(final String name) {
        final String rest;
        if (name.startsWith("index.")) {
            rest = name.substring("index.".length());
        } else if (name.startsWith("data.")) {
            final int dot = name.indexOf('.', "data.".length());
            rest = dot < 0 ? "" : name.substring("data.".length(), dot);
        } else {
            return -1;
        }
        try {
            return Long.parseLong(rest);
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Closes this handle: unmaps the control file, the live generation as this handle last saw it, and every
     * generation it saw superseded that the garbage collector has not unmapped yet (a reader still on one then
     * gets {@code ClosedException}, as with any closed handle).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        final Generation live = current;
        if (live != null) {
            live.close();
        }
        synchronized (superseded) {
            for (final WeakReference<Generation> ref : superseded) {
                final Generation old = ref.get();
                if (old != null) {
                    old.close();
                }
            }
            superseded.clear();
        }
        controlRegion.close();
    }

    boolean unlink() {
        final boolean existed = Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
        io.shmproc.memory.SharedDirectory.deleteTree(directory);
        return existed;
    }

    @Override
    public String toString() {
        return directory + " generation " + generation();
    }
}
