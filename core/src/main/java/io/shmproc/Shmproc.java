package io.shmproc;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.JvmFlags;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.SharedMemory;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;

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
    private static final AtomicLong PIPE_COUNTER = new AtomicLong();
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

    // ---- memory ----

    /**
     * Creates a named, zero-filled block of raw shared memory (Python's {@code SharedMemory(name, create=True,
     * size=n)}); closed with this context, and removed with its directory by the owner.
     *
     * @param name a valid name (see {@link io.shmproc.memory.Names})
     * @param size bytes
     * @return the block
     */
    public SharedMemory sharedMemory(final String name, final int size) {
        ensureOpen();
        return register(SharedMemory.create(directory.resolve(name), size));
    }

    /**
     * Attaches to a named block of raw shared memory of this context (Python's {@code SharedMemory(name)}).
     *
     * @param name the block's name
     * @return a new handle
     */
    public SharedMemory attachSharedMemory(final String name) {
        ensureOpen();
        return register(SharedMemory.attach(directory.resolve(name)));
    }

    // ---- pipe ----

    /**
     * Creates a duplex pipe in this context (Python's {@code Pipe()}): two connected ends with the default
     * object codec; closed with this context.
     *
     * @return the pipe; pass one end to another process by serializing it
     */
    public Pipe<Object> pipe() {
        return pipe(PipeOptions.duplex());
    }

    /**
     * Creates a pipe in this context (Python's {@code Pipe(duplex)}); closed with this context.
     *
     * @param options {@link PipeOptions#duplex()} or {@link PipeOptions#simplex()}, sizes, waiting
     * @return the pipe
     */
    public Pipe<Object> pipe(final PipeOptions options) {
        return pipe(options, Codecs.object());
    }

    /**
     * Creates a pipe with a codec in this context; closed with this context.
     *
     * @param options {@link PipeOptions#duplex()} or {@link PipeOptions#simplex()}, sizes, waiting
     * @param codec   the codec of the messages
     * @param <T>     the type of the messages
     * @return the pipe
     */
    public <T> Pipe<T> pipe(final PipeOptions options, final Codec<T> codec) {
        ensureOpen();
        final String name = "pipe-" + ProcessHandle.current().pid() + "-" + PIPE_COUNTER.incrementAndGet();
        return register(Pipe.open(directory.resolve(name), options, codec));
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
