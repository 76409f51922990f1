package io.shmproc;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.JvmFlags;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.process.ProcessGroup;
import io.shmproc.process.ProcessTask;
import io.shmproc.process.SerializableRunnable;
import io.shmproc.process.ShmProcess;
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

    // ---- pool ----

    /**
     * Starts a process pool (Python's {@code ctx.Pool(...)}) whose control file lives in this context's directory
     * and whose workers get this context's child JVM options before the pool's own worker options. Closing the
     * context terminates the pool (like leaving Python's {@code with Pool() as p:} block); close the pool first
     * to let submitted tasks finish.
     *
     * <pre>{@code
     * try (Shmproc mp = Shmproc.open(); ProcessPool pool = mp.pool(PoolOptions.defaults().processes(2))) {
     *     System.out.println(pool.map(x -> x * x, List.of(1, 2, 3)));
     * }
     * }</pre>
     *
     * @param options the pool's options (copied; its directory is replaced by this context's)
     * @return the running pool
     * @throws io.shmproc.exceptions.ClosedException when this context is closed
     */
    public io.shmproc.pool.ProcessPool pool(final io.shmproc.pool.PoolOptions options) {
        ensureOpen();
        final java.util.List<String> jvmOptions = new java.util.ArrayList<>(this.options.childJvmOptions());
        jvmOptions.addAll(options.workerJvmOptions());
        final io.shmproc.pool.ProcessPool pool = io.shmproc.pool.ProcessPool.create(options.copy()
            .directory(directory.path()).workerJvmOptions(jvmOptions));
        register(pool::terminate);
        return pool;
    }

    // ---- processes ----

    private ProcessGroup processes;

    private synchronized ProcessGroup processGroup() {
        ensureOpen();
        if (processes == null) {
            processes = register(ProcessGroup.create(directory.path(), options.childJvmOptions()));
        }
        return processes;
    }

    /**
     * A new, unstarted child JVM that will run a serializable lambda, like Python's {@code ctx.Process(target=f)}.
     * The child gets this context's {@link ShmprocOptions#childJvmOptions(java.util.List) child JVM options}; when the
     * context closes, its daemon children still running are terminated and every child is joined.
     *
     * <pre>{@code
     * ShmProcess p = mp.process(() -> System.out.println("hello")).name("worker").start();
     * p.join();
     * }</pre>
     *
     * @param target the code to run in the child; what it captures travels with it and must be serializable
     * @return the unstarted process: configure it, then {@link ShmProcess#start()}
     * @throws IllegalArgumentException when the target is null
     * @throws ClosedException          when the context is closed
     */
    public ShmProcess process(final SerializableRunnable target) {
        return processGroup().process(target);
    }

    /**
     * A new, unstarted child JVM that will instantiate a task class and run it with arguments, like Python's
     * {@code ctx.Process(target=f, args=(...))}.
     *
     * @param task a class with a public no-argument constructor
     * @param args its arguments, each serializable or {@code null}
     * @return the unstarted process
     * @throws IllegalArgumentException when the class has no public no-argument constructor or an argument is not
     *                                  serializable
     * @throws ClosedException          when the context is closed
     */
    public ShmProcess process(final Class<? extends ProcessTask> task, final Object... args) {
        return processGroup().process(task, args);
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
