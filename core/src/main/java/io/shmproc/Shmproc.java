package io.shmproc;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.JvmFlags;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The front door of shmproc: a context that owns a private directory of shared files and hands out every
 * primitive, like Python's {@code multiprocessing} context.
 *
 * <pre>{@code
 * try (Shmproc mp = Shmproc.open()) {
 *     // mp.queue("jobs"), mp.process(...), mp.lock("l"), ...
 * }
 * }</pre>
 *
 * <p><b>Ownership.</b> {@link #open()} creates {@code /dev/shm/shmproc-<user>-<pid>-<id>/} (mode 0700) and owns
 * it; first it reclaims the directories of this user's contexts whose owners died. {@link #attach(Path)} opens
 * another process's context without owning it. Closing the owner closes every object it handed out, and
 * removes the directory; closing an attached context only closes this process's handles.
 *
 * <p>A context is thread-safe.
 */
public final class Shmproc implements AutoCloseable {
    private final SharedDirectory directory;
    private final ShmprocOptions options;
    private final boolean owner;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private boolean closed;

    private Shmproc(final SharedDirectory directory, final ShmprocOptions options, final boolean owner) {
        this.directory = directory;
        this.options = options;
        this.owner = owner;
    }

    /**
     * Opens a new context with the default options.
     *
     * @return the owning context
     */
    public static Shmproc open() {
        return open(ShmprocOptions.defaults());
    }

    /**
     * Opens a new context.
     *
     * @param options the options
     * @return the owning context
     */
    public static Shmproc open(final ShmprocOptions options) {
        JvmFlags.requireUnsafeAccess();
        SharedDirectory.reclaimStale(options.baseDirectory());
        return new Shmproc(SharedDirectory.create(options.baseDirectory()), options, true);
    }

    /**
     * Attaches to a context another process opened.
     *
     * @param directory the context's directory
     * @return a context that does not own the directory
     */
    public static Shmproc attach(final Path directory) {
        JvmFlags.requireUnsafeAccess();
        return new Shmproc(SharedDirectory.attach(directory), ShmprocOptions.defaults(), false);
    }

    /**
     * The context's directory.
     *
     * @return its path
     */
    public Path directory() {
        return directory.path();
    }

    /**
     * The shared directory.
     *
     * @return the directory handle
     */
    SharedDirectory sharedDirectory() {
        return directory;
    }

    /**
     * The options this context was opened with.
     *
     * @return the options
     */
    public ShmprocOptions options() {
        return options;
    }

    /**
     * Whether this process owns the context.
     *
     * @return {@code true} for the context that created the directory
     */
    public boolean isOwner() {
        return owner;
    }

    /**
     * Registers something to close when this context closes, newest first.
     *
     * @param resource the resource
     * @param <T>      its type
     * @return the same resource
     */
    synchronized <T extends AutoCloseable> T register(final T resource) {
        ensureOpen();
        resources.push(resource);
        return resource;
    }

    synchronized void ensureOpen() {
        if (closed) {
            throw new ClosedException("context " + directory.path() + " is closed");
        }
    }

    // ---- durable queues ----

    /**
     * Opens (creating if needed) a durable queue in a directory of the caller's choosing, with the default
     * object codec; closed with this context (its files stay). See {@link DurableQueue}.
     *
     * @param directory the queue's directory; prefer a disk-backed file system, not {@code /dev/shm}
     * @param <E>       the element type
     * @return the queue
     * @throws io.shmproc.exceptions.MissingDependencyException when Chronicle Queue is not on the class path
     * @throws io.shmproc.exceptions.MissingJvmFlagException    when the JVM lacks Chronicle's options
     */
    public <E> DurableQueue<E> durableQueue(final Path directory) {
        return durableQueue(directory, Codecs.object(), DurableQueueOptions.defaults());
    }

    /**
     * Opens (creating if needed) a durable queue in a directory; closed with this context (its files stay).
     *
     * @param directory the queue's directory; prefer a disk-backed file system, not {@code /dev/shm}
     * @param codec     the element codec (every process must use the same)
     * @param options   roll period, retention, largest message, default consumer
     * @param <E>       the element type
     * @return the queue
     * @throws IllegalArgumentException                         when an argument is null or invalid
     * @throws io.shmproc.exceptions.MissingDependencyException when Chronicle Queue is not on the class path
     * @throws io.shmproc.exceptions.MissingJvmFlagException    when the JVM lacks Chronicle's options
     */
    public <E> DurableQueue<E> durableQueue(final Path directory, final Codec<E> codec,
                                            final DurableQueueOptions options) {
        ensureOpen();
        return register(DurableQueue.open(directory, codec, options));
    }

    /**
     * Closes every object this context handed out (newest first) and, for the owner, removes the directory
     * and every shared file in it. Idempotent.
     */
    @Override
    public void close() {
        final Deque<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayDeque<>(resources);
            resources.clear();
        }
        RuntimeException failure = null;
        for (final AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (final Exception e) {
                if (failure == null) {
                    failure = new ShmprocException("closing " + directory.path() + " failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (owner) {
            SharedDirectory.deleteTree(directory.path());
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Shmproc[" + directory.path() + (owner ? ", owner" : ", attached") + (closed ? ", closed" : "") + "]";
    }
}
