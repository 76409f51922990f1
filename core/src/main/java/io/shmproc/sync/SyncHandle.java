package io.shmproc.sync;

import io.shmproc.exceptions.ClosedException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * What every handle on a sync primitive's own file shares: the file, the options its waiters use, this
 * handle's closed flag, and the serialized form that re-attaches to the same file in the receiving process.
 */
abstract class SyncHandle implements AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;

    private final SyncRegion region;
    private final SyncOptions options;
    private final String noun;
    private volatile boolean closed;

    /**
     * Wraps an attached region.
     *
     * @param region  the primitive's file, attached
     * @param options how waiters wait; copied
     * @param noun    what the primitive is called in messages ({@code "lock"}, {@code "semaphore"}, ...)
     */
    SyncHandle(final SyncRegion region, final SyncOptions options, final String noun) {
        this.region = region;
        this.options = options.copy();
        this.noun = noun;
    }

    public Path file() {
        return region.file();
    }

    /** Releases this process's handle; the primitive and other handles are unaffected. Idempotent. */
    @Override
    public void close() {
        closed = true;
        region.close();
    }

    public boolean unlink() {
        return region.unlink();
    }

    final SyncRegion region() {
        return region;
    }

    final SyncOptions options() {
        return options;
    }

    /**
     * Throws when this handle is closed.
     *
     * @throws ClosedException when {@link #close()} was called
     */
    final void checkOpen() {
        if (closed) {
            throw new ClosedException(region.file() + ": " + noun + " handle is closed");
        }
    }

    /**
     * The serialized form: the file, its type and the options.
     *
     * @return what is written in place of this handle
     */
    Object writeReplace() {
        return new Ref(region.type(), region.file().toString(), options);
    }

    /** Whether handles of a type travel as their file, type and options (a barrier has a form of its own). */
    static boolean attachable(final SyncType type) {
        return type == SyncType.LOCK || type == SyncType.RLOCK || type == SyncType.SEMAPHORE
            || type == SyncType.BOUNDED_SEMAPHORE || type == SyncType.EVENT;
    }

    /** Opens a handle of an {@linkplain #attachable attachable} type on a file, as the serialized form does. */
    static Object attach(final SyncType type, final Path path, final SyncOptions options) {
        switch (type) {
            case LOCK:
                return Lock.attach(path, options);
            case RLOCK:
                return RLock.attach(path, options);
            case SEMAPHORE:
                return Semaphore.attach(path, options);
            case BOUNDED_SEMAPHORE:
                return BoundedSemaphore.attach(path, options);
            case EVENT:
                return Event.attach(path, options);
            default:
                throw new IllegalArgumentException(path + ": a " + type + " handle is not opened from its file alone");
        }
    }

    /** The serialized form: the file, its type and the options; re-attaches when read. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SyncType type;
        private final String file;
        private final SyncOptions options;

        Ref(final SyncType type, final String file, final SyncOptions options) {
            this.type = type;
            this.file = file;
            this.options = options;
        }

        private Object readResolve() throws ObjectStreamException {
            if (!attachable(type)) {
                throw new InvalidObjectException(file + ": a " + type + " handle is not serialized as a file");
            }
            return attach(type, Path.of(file), options);
        }
    }
}
