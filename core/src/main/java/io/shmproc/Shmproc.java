package io.shmproc;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.ContextTracker;
import io.shmproc.memory.LivenessTable;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.SharedMemory;
import io.shmproc.process.ProcessGroup;
import io.shmproc.process.ProcessTask;
import io.shmproc.process.SerializableRunnable;
import io.shmproc.process.ShmProcess;
import io.shmproc.sync.Barrier;
import io.shmproc.sync.BoundedSemaphore;
import io.shmproc.sync.Condition;
import io.shmproc.sync.Event;
import io.shmproc.sync.Lock;
import io.shmproc.sync.RLock;
import io.shmproc.sync.Semaphore;
import io.shmproc.sync.SyncOptions;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.queue.JoinableQueue;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.queue.SimpleQueue;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
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
 * <p><b>When the owner dies.</b> An owner killed without closing (even by SIGKILL) leaves its directory to a
 * small {@linkplain ContextTracker tracker process} that the first context of the JVM started: the directory
 * is removed within about a second once no process attached to it is alive any more, never while one is.
 *
 * <p>A context is thread-safe.
 */
public final class Shmproc implements AutoCloseable {
    private static final AtomicLong PIPE_COUNTER = new AtomicLong();
    private final SharedDirectory directory;
    private final ShmprocOptions options;
    private final boolean owner;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Path livenessKey;
    private boolean closed;

    private Shmproc(final SharedDirectory directory, final ShmprocOptions options, final boolean owner) {
        this.directory = directory;
        this.options = options;
        this.owner = owner;
        this.livenessKey = LivenessTable.retain(directory.path());
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
        SharedDirectory.reclaimStale(options.baseDirectory());
        final SharedDirectory directory = SharedDirectory.create(options.baseDirectory());
        ContextTracker.watch(directory.path());
        return new Shmproc(directory, options, true);
    }

    /**
     * Attaches to a context another process opened.
     *
     * @param directory the context's directory
     * @return a context that does not own the directory
     */
    public static Shmproc attach(final Path directory) {
        final Shmproc context = new Shmproc(SharedDirectory.attach(directory), ShmprocOptions.defaults(), false);
        // A slot in the directory's liveness table: the owner's tracker sees this process use the context.
        LivenessTable.forDirectory(context.directory());
        return context;
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
     * Creates a zero-filled block of raw shared memory with a generated unique name (Python's
     * {@code SharedMemory(create=True, size=n)} without a name); its {@link SharedMemory#name()} is what another
     * process passes to {@link #attachSharedMemory}. Closed with this context, and removed with its directory by
     * the owner; {@link SharedMemory#unlink()} removes it sooner.
     *
     * @param size bytes
     * @return the block
     */
    public SharedMemory sharedMemory(final int size) {
        while (true) {
            final String name = "psm-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
            if (!java.nio.file.Files.exists(directory.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try {
                    return sharedMemory(name, size);
                } catch (final io.shmproc.exceptions.RegionException e) {
                    if (!java.nio.file.Files.exists(directory.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        throw e;
                    }
                    // another process took the same name in between: draw again
                }
            }
        }
    }

    /**
     * A scope whose blocks, lists and arrays get unique names and are unlinked when it closes (Python's
     * {@code SharedMemoryManager}); also closed with this context.
     *
     * @return a new scope
     */
    public SharedMemoryScope sharedMemoryScope() {
        ensureOpen();
        return register(new SharedMemoryScope(this));
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
        processGroup(); // the context's group owns warm spares of its pools' workers until the context closes
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

    // ---- synchronization ----

    private final java.util.concurrent.atomic.AtomicLong syncNames = new java.util.concurrent.atomic.AtomicLong();

    private String uniqueSyncName(final String kind) {
        return kind + "-" + ProcessHandle.current().pid() + "-" + syncNames.incrementAndGet();
    }

    /**
     * The named cross-process {@link Lock} of this context (Python's {@code Lock()}), created if missing; a
     * holder's death releases it (see {@link Lock}).
     *
     * @param name the lock's name in the context directory
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid
     */
    public Lock lock(final String name) {
        ensureOpen();
        return register(Lock.open(directory.resolve(name), SyncOptions.defaults()));
    }

    /**
     * A new cross-process {@link Lock} with a generated unique name; pass the handle to children.
     *
     * @return a handle this context closes when it closes
     */
    public Lock lock() {
        return lock(uniqueSyncName("lock"));
    }

    /**
     * The named reentrant lock of this context (Python's {@code RLock()}), created if missing.
     *
     * @param name the lock's name
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid
     */
    public RLock rlock(final String name) {
        ensureOpen();
        return register(RLock.open(directory.resolve(name), SyncOptions.defaults()));
    }

    /**
     * A new reentrant lock with a generated unique name.
     *
     * @return a handle this context closes when it closes
     */
    public RLock rlock() {
        return rlock(uniqueSyncName("rlock"));
    }

    /**
     * The named condition of this context (Python's {@code Condition()}): the condition of a reentrant lock
     * of that name, created if missing; {@link Condition#lock()} is its lock.
     *
     * @param name the name of the condition's lock
     * @return the condition; its lock is closed when this context closes
     * @throws IllegalArgumentException when the name is not valid
     */
    public Condition condition(final String name) {
        return rlock(name).newCondition();
    }

    /**
     * A new condition over a new reentrant lock, with a generated unique name.
     *
     * @return the condition
     */
    public Condition condition() {
        return condition(uniqueSyncName("condition"));
    }

    /**
     * A named semaphore with one initial permit, Python's {@code Semaphore()} default.
     *
     * @param name the semaphore's name in this context's directory
     * @return the handle
     * @throws IllegalArgumentException when it exists with another number of permits
     */
    public Semaphore semaphore(final String name) {
        return semaphore(name, 1);
    }

    /**
     * The named semaphore of this context (Python's {@code Semaphore(permits)}), created if missing.
     *
     * @param name    the semaphore's name
     * @param permits its initial permits (must match if it exists)
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, or the permits are negative or differ
     */
    public Semaphore semaphore(final String name, final int permits) {
        ensureOpen();
        return register(Semaphore.open(directory.resolve(name), permits, SyncOptions.defaults()));
    }

    /**
     * A new semaphore with a generated unique name.
     *
     * @param permits its initial permits
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the permits are negative
     */
    public Semaphore semaphore(final int permits) {
        return semaphore(uniqueSyncName("semaphore"), permits);
    }

    /**
     * The named bounded semaphore of this context (Python's {@code BoundedSemaphore(permits)}).
     *
     * @param name    the semaphore's name
     * @param permits its initial (and largest) permits
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, or the permits are negative or differ
     */
    public BoundedSemaphore boundedSemaphore(final String name, final int permits) {
        ensureOpen();
        return register(BoundedSemaphore.open(directory.resolve(name), permits, SyncOptions.defaults()));
    }

    /**
     * A new bounded semaphore with a generated unique name.
     *
     * @param permits its initial (and largest) permits
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the permits are negative
     */
    public BoundedSemaphore boundedSemaphore(final int permits) {
        return boundedSemaphore(uniqueSyncName("bsemaphore"), permits);
    }

    /**
     * The named event of this context (Python's {@code Event()}), created clear if missing.
     *
     * @param name the event's name
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid
     */
    public Event event(final String name) {
        ensureOpen();
        return register(Event.open(directory.resolve(name), SyncOptions.defaults()));
    }

    /**
     * A new event with a generated unique name.
     *
     * @return a handle this context closes when it closes
     */
    public Event event() {
        return event(uniqueSyncName("event"));
    }

    /**
     * The named barrier of this context (Python's {@code Barrier(parties, action)}), created if missing.
     *
     * @param name    the barrier's name
     * @param parties the number of parties (must match if it exists)
     * @param action  run by this process's thread when it arrives last in a generation, or {@code null}
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, or the parties are out of range or differ
     */
    public Barrier barrier(final String name, final int parties, final Runnable action) {
        ensureOpen();
        return register(Barrier.open(directory.resolve(name), parties, action, SyncOptions.defaults()));
    }

    /**
     * The named barrier of this context, without an action.
     *
     * @param name    the barrier's name
     * @param parties the number of parties
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, or the parties are out of range or differ
     */
    public Barrier barrier(final String name, final int parties) {
        return barrier(name, parties, null);
    }

    /**
     * A new barrier with a generated unique name.
     *
     * @param parties the number of parties
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the parties are out of range
     */
    public Barrier barrier(final int parties) {
        return barrier(uniqueSyncName("barrier"), parties, null);
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
     * A new anonymous SharedQueue with the default options (Python's {@code mp.Queue()}); pass its handle to the
     * processes that use it.
     *
     * @param <E> the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    public <E> SharedQueue<E> queue() {
        return queue(QueueOptions.defaults());
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
     * A new anonymous SimpleQueue with the default options (Python's {@code mp.SimpleQueue()}); pass its handle to the
     * processes that use it.
     *
     * @param <E> the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    public <E> SimpleQueue<E> simpleQueue() {
        return simpleQueue(QueueOptions.defaults());
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
     * A new anonymous JoinableQueue with the default options (Python's {@code mp.JoinableQueue()}); pass its handle
     * to the processes that use it.
     *
     * @param <E> the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    public <E> JoinableQueue<E> joinableQueue() {
        return joinableQueue(QueueOptions.defaults());
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

    // ---- shared state ----

    /**
     * A shared {@code long} (Python's {@code Value('l', initial)}), created with {@code initial} or attached when
     * the name exists.
     *
     * @param name    the value's name in this context
     * @param initial the initial value of a new value
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.SharedLong sharedLong(final String name, final long initial) {
        return register(io.shmproc.state.SharedLong.open(stateFile(name), initial));
    }

    /**
     * A shared {@code int} (Python's {@code Value('i', initial)}), created or attached.
     *
     * @param name    the value's name in this context
     * @param initial the initial value of a new value
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.SharedInt sharedInt(final String name, final int initial) {
        return register(io.shmproc.state.SharedInt.open(stateFile(name), initial));
    }

    /**
     * A shared {@code double} (Python's {@code Value('d', initial)}), created or attached.
     *
     * @param name    the value's name in this context
     * @param initial the initial value of a new value
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.SharedDouble sharedDouble(final String name, final double initial) {
        return register(io.shmproc.state.SharedDouble.open(stateFile(name), initial));
    }

    /**
     * A zero-filled shared {@code long[]} of fixed length (Python's {@code Array('l', length)}), created or
     * attached.
     *
     * @param name   the array's name in this context
     * @param length the number of elements, at least 1
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name or length is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.SharedLongArray sharedLongArray(final String name, final int length) {
        return register(io.shmproc.state.SharedLongArray.open(stateFile(name), length));
    }

    /**
     * A zero-filled shared {@code int[]} of fixed length (Python's {@code Array('i', length)}), created or attached.
     *
     * @param name   the array's name in this context
     * @param length the number of elements, at least 1
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name or length is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.SharedIntArray sharedIntArray(final String name, final int length) {
        return register(io.shmproc.state.SharedIntArray.open(stateFile(name), length));
    }

    /**
     * A zero-filled shared {@code double[]} of fixed length (Python's {@code Array('d', length)}), created or
     * attached.
     *
     * @param name   the array's name in this context
     * @param length the number of elements, at least 1
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name or length is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.SharedDoubleArray sharedDoubleArray(final String name, final int length) {
        return register(io.shmproc.state.SharedDoubleArray.open(stateFile(name), length));
    }

    /**
     * A zero-filled shared {@code byte[]} of fixed length (Python's {@code Array('b', length)}), created or
     * attached.
     *
     * @param name   the array's name in this context
     * @param length the number of elements, at least 1
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name or length is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.SharedByteArray sharedByteArray(final String name, final int length) {
        return register(io.shmproc.state.SharedByteArray.open(stateFile(name), length));
    }

    /**
     * A shared dict with the default object codec (Python's {@code Manager().dict()}), created or attached.
     * It also serves as Python's {@code Manager().Namespace()}: {@code ns.put("x", 1)} for {@code ns.x = 1}.
     *
     * @param name the dict's name in this context
     * @param <K>  the key type
     * @param <V>  the value type
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public <K, V> io.shmproc.state.SharedDict<K, V> dict(final String name) {
        return dict(name, io.shmproc.state.DictOptions.defaults());
    }

    /**
     * A shared dict with the given codecs and limits, created or attached.
     *
     * @param name    the dict's name in this context
     * @param options codecs and limits (the limits apply when the dict is created)
     * @param <K>     the key type
     * @param <V>     the value type
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public <K, V> io.shmproc.state.SharedDict<K, V> dict(final String name,
                                                         final io.shmproc.state.DictOptions<K, V> options) {
        return register(io.shmproc.state.SharedDict.open(stateFile(name), options));
    }

    /**
     * A shared list with the default object codec (Python's {@code Manager().list()}), created or attached.
     *
     * @param name the list's name in this context
     * @param <E>  the element type
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public <E> io.shmproc.state.SharedList<E> list(final String name) {
        return list(name, io.shmproc.state.ListOptions.defaults());
    }

    /**
     * A shared list with the given codec and limits, created or attached.
     *
     * @param name    the list's name in this context
     * @param options codec and limits (the limits apply when the list is created)
     * @param <E>     the element type
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public <E> io.shmproc.state.SharedList<E> list(final String name, final io.shmproc.state.ListOptions<E> options) {
        return register(io.shmproc.state.SharedList.open(stateFile(name), options));
    }

    /**
     * A shared namespace (Python's {@code Manager().Namespace()}), created or attached: named fields that every
     * process reads and sets, built on a shared dict.
     *
     * @param name the namespace's name in this context
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    public io.shmproc.state.Namespace namespace(final String name) {
        return register(io.shmproc.state.Namespace.open(stateFile(name)));
    }

    /** A fresh name for a state object of this context that nobody named. */
    String uniqueStateName(final String kind) {
        return anonymousName(kind);
    }

    private Path stateFile(final String name) {
        ensureOpen();
        return directory.path().resolve(io.shmproc.memory.Names.validate(name));
    }

    // ---- managed objects ----

    /**
     * The manager named {@code name} of this context (Python's {@code BaseManager}): in the serving process,
     * {@code register} typeids and {@link io.shmproc.manager.ObjectManager#start() start()} it; in any process,
     * take proxies of its objects. Closed with this context (a serving manager stops serving). See
     * {@link io.shmproc.manager.ObjectManager}.
     *
     * @param name the manager's name: letters, digits, {@code .-_}
     * @return a new manager handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    public io.shmproc.manager.ObjectManager manager(final String name) {
        ensureOpen();
        return register(io.shmproc.manager.ObjectManager.open(directory.path(), name));
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
        LivenessTable.release(livenessKey);
        if (owner) {
            SharedDirectory.releaseMemory(directory.path());
            SharedDirectory.deleteTree(directory.path());
            ContextTracker.unwatch(directory.path());
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
