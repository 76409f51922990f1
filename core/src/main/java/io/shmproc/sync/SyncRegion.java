package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.IncompatibleRegionException;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.LivenessTable;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.Sleepers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One process's handle on a sync file: the mapped region, its typed payload, and the directory's liveness
 * table. Checks the primitive type and parameter at attach time and records this process in the file's
 * attach table.
 */
final class SyncRegion implements AutoCloseable {
    private static final int OPEN_ATTEMPTS = 20;
    /** Open handles per sync file in this process: the last one to close takes the process off the table. */
    private static final ConcurrentHashMap<Path, Integer> HANDLES = new ConcurrentHashMap<>();

    private final MappedRegion region;
    private final AtomicBuffer buffer;
    private final LivenessTable liveness;
    private final SyncType type;
    private final Sleepers sleepers;
    private final Path key;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SyncRegion(final MappedRegion region, final SyncType type) {
        this.region = region;
        this.key = region.file().toAbsolutePath();
        this.buffer = region.payload();
        this.type = type;
        final Path parent = region.file().toAbsolutePath().getParent();
        this.liveness = LivenessTable.forDirectory(parent);
        this.sleepers = new Sleepers(buffer, SyncLayout.SLEEPERS_OFFSET, parent);
        registerAttach();
    }

    static SyncRegion create(final Path file, final SyncType type, final int param, final int waiters) {
        requireFile(file);
        final MappedRegion region = MappedRegion.create(file, RegionKind.SYNC, SyncLayout.VERSION,
            SyncLayout.payloadLength(waiters), payload -> {
                payload.putInt(SyncLayout.TYPE_OFFSET, type.code());
                payload.putInt(SyncLayout.PARAM_OFFSET, param);
                payload.putInt(SyncLayout.WAITER_CAPACITY_OFFSET, waiters);
                payload.putInt(SyncLayout.ATTACH_CAPACITY_OFFSET, SyncLayout.ATTACH_CAPACITY);
                if (type == SyncType.SEMAPHORE || type == SyncType.BOUNDED_SEMAPHORE) {
                    payload.putLong(SyncLayout.STATE_A_OFFSET, param);
                } else if (type == SyncType.BARRIER) {
                    payload.putLong(SyncLayout.STATE_A_OFFSET, 1);
                }
            });
        return wrap(region, type);
    }

    static SyncRegion attach(final Path file, final SyncType type) {
        requireFile(file);
        final MappedRegion region = MappedRegion.attach(file, RegionKind.SYNC, SyncLayout.VERSION);
        final SyncType found = SyncType.ofCode(region.payload().getInt(SyncLayout.TYPE_OFFSET));
        if (found != type) {
            region.close();
            throw new IncompatibleRegionException(file, "holds a " + found + ", not a " + type);
        }
        return wrap(region, type);
    }

    static SyncRegion open(final Path file, final SyncType type, final int param, final int waiters) {
        requireFile(file);
        RegionException last = null;
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    final SyncRegion attached = attach(file, type);
                    final int existing = attached.param();
                    if (existing != param) {
                        attached.close();
                        throw new IllegalArgumentException(type + " " + file + " exists with "
                            + paramName(type) + "=" + existing + ", not " + paramName(type) + "=" + param);
                    }
                    return attached;
                } catch (final MissingRegionException e) {
                    last = e;
                }
            }
            try {
                return create(file, type, param, waiters);
            } catch (final RegionException e) {
                last = e; // another process created it first: attach next round
            }
        }
        throw last;
    }

    private static String paramName(final SyncType type) {
        return type == SyncType.BARRIER ? "parties" : "permits";
    }

    private static SyncRegion wrap(final MappedRegion region, final SyncType type) {
        try {
            return new SyncRegion(region, type);
        } catch (final RuntimeException e) {
            region.close();
            throw e;
        }
    }

    private static void requireFile(final Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file is null; give the path of the primitive's shared file");
        }
        if (file.toAbsolutePath().getParent() == null) {
            throw new IllegalArgumentException("file=" + file + " has no parent directory");
        }
    }

    private void registerAttach() {
        HANDLES.merge(key, 1, Integer::sum);
        final int self = liveness.selfToken();
        final int capacity = buffer.getInt(SyncLayout.ATTACH_CAPACITY_OFFSET);
        for (int i = 0; i < capacity; i++) {
            if (buffer.getIntVolatile(SyncLayout.attachOffset(i)) == self) {
                return;
            }
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < capacity; i++) {
                final int offset = SyncLayout.attachOffset(i);
                final int token = buffer.getIntVolatile(offset);
                final boolean reusable = token == LivenessTable.NO_TOKEN || (pass == 1 && !liveness.isAlive(token));
                if (reusable && buffer.compareAndSetInt(offset, token, self)) {
                    return;
                }
            }
        }
        // the table is full of live processes: this one goes unrecorded (dead-peer detection is weaker)
    }

    /**
     * Takes this process out of the attach table when its last open handle on the file closes (the table lists
     * the processes that hold the file open; a process that died is recognised by its dead token instead).
     */
    private void unregisterAttach() {
        final int self = liveness.selfToken();
        final int capacity = buffer.getInt(SyncLayout.ATTACH_CAPACITY_OFFSET);
        for (int i = 0; i < capacity; i++) {
            buffer.compareAndSetInt(SyncLayout.attachOffset(i), self, LivenessTable.NO_TOKEN);
        }
    }

    /** The primitive's table of waiters asleep in the kernel. */
    Sleepers sleepers() {
        return sleepers;
    }

    AtomicBuffer buffer() {
        if (region.isClosed()) {
            throw new ClosedException(region.file() + ": " + type + " handle is closed");
        }
        return buffer;
    }

    LivenessTable liveness() {
        return liveness;
    }

    SyncType type() {
        return type;
    }

    int param() {
        return buffer.getInt(SyncLayout.PARAM_OFFSET);
    }

    int waiterCapacity() {
        return buffer.getInt(SyncLayout.WAITER_CAPACITY_OFFSET);
    }

    Path file() {
        return region.file();
    }

    boolean isClosed() {
        return region.isClosed();
    }

    boolean unlink() {
        return region.unlink();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        final Integer left = HANDLES.computeIfPresent(key, (file, n) -> n == 1 ? null : n - 1);
        if (left == null && !region.isClosed()) {
            unregisterAttach();
        }
        region.close();
    }
}
