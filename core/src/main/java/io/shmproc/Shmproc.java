package io.shmproc;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.JvmFlags;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.queue.JoinableQueue;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.queue.SimpleQueue;
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

    // ---- queues ----

    /**
     * The named queue of this context (Python's {@code mp.Queue()}), created with the default
     * {@link QueueOptions} if it does not exist yet, else attached; another process attached to this context
     * gets the same queue by the same name. Closed when this context closes.
     *
     * @param name a file name: letters, digits, {@code .-_}
     * @param <E>  the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    public <E> SharedQueue<E> queue(final String name) {
        return queue(name, QueueOptions.defaults());
    }

    /**
     * The named queue of this context, created with {@code options} if it does not exist yet.
     *
     * @param name    a file name
     * @param options capacity, bounds, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    public <E> SharedQueue<E> queue(final String name, final QueueOptions options) {
        ensureOpen();
        final SharedQueue<E> q = SharedQueue.open(directory.resolve(name), options);
        register(q::close);
        return q;
    }

    /**
     * A new anonymous queue (pass its handle to children; the file has a generated name).
     *
     * @param options capacity, bounds, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    public <E> SharedQueue<E> queue(final QueueOptions options) {
        return queue(anonymousName("queue"), options);
    }

    /**
     * The named simple queue of this context (Python's {@code mp.SimpleQueue()}).
     *
     * @param name a file name
     * @param <E>  the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    public <E> SimpleQueue<E> simpleQueue(final String name) {
        return simpleQueue(name, QueueOptions.defaults());
    }

    /**
     * The named simple queue of this context, created with {@code options} if it does not exist yet.
     *
     * @param name    a file name
     * @param options capacity, codec and idle mode ({@code maxItems} must be 0)
     * @param <E>     the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid or the options set an item bound
     * @throws ClosedException          when this context is closed
     */
    public <E> SimpleQueue<E> simpleQueue(final String name, final QueueOptions options) {
        ensureOpen();
        final SimpleQueue<E> q = SimpleQueue.open(directory.resolve(name), options);
        register(q::close);
        return q;
    }

    /**
     * A new anonymous simple queue.
     *
     * @param options capacity, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    public <E> SimpleQueue<E> simpleQueue(final QueueOptions options) {
        return simpleQueue(anonymousName("simplequeue"), options);
    }

    /**
     * The named joinable queue of this context (Python's {@code mp.JoinableQueue()}).
     *
     * @param name a file name
     * @param <E>  the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    public <E> JoinableQueue<E> joinableQueue(final String name) {
        return joinableQueue(name, QueueOptions.defaults());
    }

    /**
     * The named joinable queue of this context, created with {@code options} if it does not exist yet.
     *
     * @param name    a file name
     * @param options capacity, bounds, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    public <E> JoinableQueue<E> joinableQueue(final String name, final QueueOptions options) {
        ensureOpen();
        final JoinableQueue<E> q = JoinableQueue.open(directory.resolve(name), options);
        register(q::close);
        return q;
    }

    /**
     * A new anonymous joinable queue.
     *
     * @param options capacity, bounds, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    public <E> JoinableQueue<E> joinableQueue(final QueueOptions options) {
        return joinableQueue(anonymousName("joinablequeue"), options);
    }

    private static String anonymousName(final String kind) {
        return kind + "-" + ProcessHandle.current().pid() + "-" + ANONYMOUS_COUNTER.incrementAndGet();
    }

    private static final java.util.concurrent.atomic.AtomicLong ANONYMOUS_COUNTER =
        new java.util.concurrent.atomic.AtomicLong();

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
