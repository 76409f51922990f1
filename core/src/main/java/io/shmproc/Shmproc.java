package io.shmproc;

import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.memory.ContextTracker;
import io.shmproc.memory.SharedMemory;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.process.ProcessTask;
import io.shmproc.process.SerializableRunnable;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
import io.shmproc.queue.JoinableQueue;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.queue.SimpleQueue;
import io.shmproc.sync.Barrier;
import io.shmproc.sync.BoundedSemaphore;
import io.shmproc.sync.Condition;
import io.shmproc.sync.Event;
import io.shmproc.sync.Lock;
import io.shmproc.sync.RLock;
import io.shmproc.sync.Semaphore;
import java.nio.file.Path;

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
public interface Shmproc extends AutoCloseable {
    /**
     * Opens a new context with the default options.
     *
     * @return the owning context
     */
    static Shmproc open() {
        return LocalShmproc.open();
    }

    /**
     * Opens a new context.
     *
     * @param options the options
     * @return the owning context
     */
    static Shmproc open(final ShmprocOptions options) {
        return LocalShmproc.open(options);
    }

    /**
     * Attaches to a context another process opened.
     *
     * @param directory the context's directory
     * @return a context that does not own the directory
     */
    static Shmproc attach(final Path directory) {
        return LocalShmproc.attach(directory);
    }

    /**
     * Connects to a context served by other machines: the same primitives, with the same types and contracts, held
     * by a replicated service instead of this host's memory (Python's {@code BaseManager(address, authkey)}).
     *
     * <pre>{@code
     * try (Shmproc mp = Shmproc.connect("aeron-cluster://10.0.0.1:9010,10.0.0.2:9010,10.0.0.3:9010",
     *                                   ConnectOptions.withKey(key))) {
     *     SharedQueue<Job> jobs = mp.queue("jobs");   // as with Shmproc.open()
     * }
     * }</pre>
     *
     * <p>Which backend answers is chosen by the address's scheme ({@link ShmprocBackend}); {@link #capabilities()}
     * says what differs from a local context.
     *
     * @param address the address, for example {@code aeron-cluster://host:port,host:port,host:port}
     * @param options the shared key and the timeouts
     * @return the connected context; closing it ends this client's session
     * @throws IllegalArgumentException  when the address is malformed or no backend serves its scheme
     * @throws io.shmproc.exceptions.ShmprocTimeoutException when the service did not answer within the connect
     *     timeout
     */
    static Shmproc connect(final String address, final ConnectOptions options) {
        return Backends.connect(address, options);
    }

    /**
     * What this context can do beyond the primitives every context serves.
     *
     * @return the capabilities that hold here
     */
    java.util.Set<Capability> capabilities();

    /**
     * The context's directory.
     *
     * @return its path
     */
    Path directory();

    /**
     * The options this context was opened with.
     *
     * @return the options
     */
    ShmprocOptions options();

    /**
     * Whether this process owns the context.
     *
     * @return {@code true} for the context that created the directory
     */
    boolean isOwner();

    /**
     * Creates a named, zero-filled block of raw shared memory (Python's {@code SharedMemory(name, create=True,
     * size=n)}); closed with this context, and removed with its directory by the owner.
     *
     * @param name a valid name (see {@link io.shmproc.memory.Names})
     * @param size bytes
     * @return the block
     */
    SharedMemory sharedMemory(final String name, final int size);

    /**
     * Creates a zero-filled block of raw shared memory with a generated unique name (Python's
     * {@code SharedMemory(create=True, size=n)} without a name); its {@link SharedMemory#name()} is what another
     * process passes to {@link #attachSharedMemory}. Closed with this context, and removed with its directory by
     * the owner; {@link SharedMemory#unlink()} removes it sooner.
     *
     * @param size bytes
     * @return the block
     */
    SharedMemory sharedMemory(final int size);

    /**
     * A scope whose blocks, lists and arrays get unique names and are unlinked when it closes (Python's
     * {@code SharedMemoryManager}); also closed with this context.
     *
     * @return a new scope
     */
    SharedMemoryScope sharedMemoryScope();

    /**
     * Attaches to a named block of raw shared memory of this context (Python's {@code SharedMemory(name)}).
     *
     * @param name the block's name
     * @return a new handle
     */
    SharedMemory attachSharedMemory(final String name);

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
    io.shmproc.pool.ProcessPool pool(final io.shmproc.pool.PoolOptions options);

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
    ShmProcess process(final SerializableRunnable target);

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
    ShmProcess process(final Class<? extends ProcessTask> task, final Object... args);

    /**
     * The named cross-process {@link Lock} of this context (Python's {@code Lock()}), created if missing; a
     * holder's death releases it (see {@link Lock}).
     *
     * @param name the lock's name in the context directory
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid
     */
    Lock lock(final String name);

    /**
     * A new cross-process {@link Lock} with a generated unique name; pass the handle to children.
     *
     * @return a handle this context closes when it closes
     */
    Lock lock();

    /**
     * The named reentrant lock of this context (Python's {@code RLock()}), created if missing.
     *
     * @param name the lock's name
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid
     */
    RLock rlock(final String name);

    /**
     * A new reentrant lock with a generated unique name.
     *
     * @return a handle this context closes when it closes
     */
    RLock rlock();

    /**
     * The named condition of this context (Python's {@code Condition()}): the condition of a reentrant lock
     * of that name, created if missing; {@link Condition#lock()} is its lock.
     *
     * @param name the name of the condition's lock
     * @return the condition; its lock is closed when this context closes
     * @throws IllegalArgumentException when the name is not valid
     */
    default Condition condition(final String name) {
        return rlock(name).newCondition();
    }

    /**
     * A new condition over a new reentrant lock, with a generated unique name.
     *
     * @return the condition
     */
    Condition condition();

    /**
     * A named semaphore with one initial permit, Python's {@code Semaphore()} default.
     *
     * @param name the semaphore's name in this context's directory
     * @return the handle
     * @throws IllegalArgumentException when it exists with another number of permits
     */
    default Semaphore semaphore(final String name) {
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
    Semaphore semaphore(final String name, final int permits);

    /**
     * A new semaphore with a generated unique name.
     *
     * @param permits its initial permits
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the permits are negative
     */
    Semaphore semaphore(final int permits);

    /**
     * The named bounded semaphore of this context (Python's {@code BoundedSemaphore(permits)}).
     *
     * @param name    the semaphore's name
     * @param permits its initial (and largest) permits
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, or the permits are negative or differ
     */
    BoundedSemaphore boundedSemaphore(final String name, final int permits);

    /**
     * A new bounded semaphore with a generated unique name.
     *
     * @param permits its initial (and largest) permits
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the permits are negative
     */
    BoundedSemaphore boundedSemaphore(final int permits);

    /**
     * The named event of this context (Python's {@code Event()}), created clear if missing.
     *
     * @param name the event's name
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid
     */
    Event event(final String name);

    /**
     * A new event with a generated unique name.
     *
     * @return a handle this context closes when it closes
     */
    Event event();

    /**
     * The named barrier of this context (Python's {@code Barrier(parties, action)}), created if missing.
     *
     * @param name    the barrier's name
     * @param parties the number of parties (must match if it exists)
     * @param action  run by this process's thread when it arrives last in a generation, or {@code null}
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, or the parties are out of range or differ
     */
    Barrier barrier(final String name, final int parties, final Runnable action);

    /**
     * The named barrier of this context with a default timeout for {@code await()} (Python's
     * {@code Barrier(parties, action, timeout)}), created if missing. The default belongs to the returned handle
     * and the copies it makes when passed to another process.
     *
     * @param name           the barrier's name
     * @param parties        the number of parties (must match if it exists)
     * @param action         run by this process's thread when it arrives last in a generation, or {@code null}
     * @param defaultTimeout how long an untimed {@code await()} waits before it breaks the barrier (it then throws
     *                       {@link java.util.concurrent.BrokenBarrierException}), or {@code null} for ever
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, the timeout is negative, or the parties are out
     *                                  of range or differ
     */
    Barrier barrier(final String name, final int parties, final Runnable action,
        final java.time.Duration defaultTimeout);

    /**
     * The named barrier of this context, without an action.
     *
     * @param name    the barrier's name
     * @param parties the number of parties
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the name is not valid, or the parties are out of range or differ
     */
    default Barrier barrier(final String name, final int parties) {
        return barrier(name, parties, null);
    }

    /**
     * A new barrier with a generated unique name.
     *
     * @param parties the number of parties
     * @return a handle this context closes when it closes
     * @throws IllegalArgumentException when the parties are out of range
     */
    Barrier barrier(final int parties);

    /**
     * Creates a duplex pipe in this context (Python's {@code Pipe()}): two connected ends with the default
     * object codec; closed with this context.
     *
     * @return the pipe; pass one end to another process by serializing it
     */
    Pipe<Object> pipe();

    /**
     * Creates a pipe in this context (Python's {@code Pipe(duplex)}); closed with this context.
     *
     * @param options {@link PipeOptions#duplex()} or {@link PipeOptions#simplex()}, sizes, waiting
     * @return the pipe
     */
    Pipe<Object> pipe(final PipeOptions options);

    /**
     * Creates a pipe with a codec in this context; closed with this context.
     *
     * @param options {@link PipeOptions#duplex()} or {@link PipeOptions#simplex()}, sizes, waiting
     * @param codec   the codec of the messages
     * @param <T>     the type of the messages
     * @return the pipe
     */
    <T> Pipe<T> pipe(final PipeOptions options, final Codec<T> codec);

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
    default <E> SharedQueue<E> queue(final String name) {
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
    <E> SharedQueue<E> queue(final String name, final QueueOptions options);

    /**
     * A new anonymous SharedQueue with the default options (Python's {@code mp.Queue()}); pass its handle to the
     * processes that use it.
     *
     * @param <E> the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    <E> SharedQueue<E> queue();

    /**
     * A new anonymous queue (pass its handle to children; the file has a generated name).
     *
     * @param options capacity, bounds, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    <E> SharedQueue<E> queue(final QueueOptions options);

    /**
     * The named simple queue of this context (Python's {@code mp.SimpleQueue()}).
     *
     * @param name a file name
     * @param <E>  the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    default <E> SimpleQueue<E> simpleQueue(final String name) {
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
    <E> SimpleQueue<E> simpleQueue(final String name, final QueueOptions options);

    /**
     * A new anonymous SimpleQueue with the default options (Python's {@code mp.SimpleQueue()}); pass its handle to the
     * processes that use it.
     *
     * @param <E> the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    <E> SimpleQueue<E> simpleQueue();

    /**
     * A new anonymous simple queue.
     *
     * @param options capacity, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    <E> SimpleQueue<E> simpleQueue(final QueueOptions options);

    /**
     * The named joinable queue of this context (Python's {@code mp.JoinableQueue()}).
     *
     * @param name a file name
     * @param <E>  the type of items
     * @return the queue handle
     * @throws IllegalArgumentException when the name is invalid
     * @throws ClosedException          when this context is closed
     */
    default <E> JoinableQueue<E> joinableQueue(final String name) {
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
    <E> JoinableQueue<E> joinableQueue(final String name, final QueueOptions options);

    /**
     * A new anonymous JoinableQueue with the default options (Python's {@code mp.JoinableQueue()}); pass its handle
     * to the processes that use it.
     *
     * @param <E> the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    <E> JoinableQueue<E> joinableQueue();

    /**
     * A new anonymous joinable queue.
     *
     * @param options capacity, bounds, codec and idle mode
     * @param <E>     the type of items
     * @return the queue handle
     * @throws ClosedException when this context is closed
     */
    <E> JoinableQueue<E> joinableQueue(final QueueOptions options);

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
    io.shmproc.state.SharedLong sharedLong(final String name, final long initial);

    /**
     * A shared {@code int} (Python's {@code Value('i', initial)}), created or attached.
     *
     * @param name    the value's name in this context
     * @param initial the initial value of a new value
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    io.shmproc.state.SharedInt sharedInt(final String name, final int initial);

    /**
     * A shared 16-bit {@code short} (Python's {@code Value('h', initial)}), created or attached.
     *
     * @param name    the value's name in this context
     * @param initial the initial value of a new value
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    io.shmproc.state.SharedShort sharedShort(final String name, final short initial);

    /**
     * A shared 8-bit {@code byte} (Python's {@code Value('b', initial)}, or {@code Value('c', ...)}), created or
     * attached.
     *
     * @param name    the value's name in this context
     * @param initial the initial value of a new value
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    io.shmproc.state.SharedByte sharedByte(final String name, final byte initial);

    /**
     * A shared {@code double} (Python's {@code Value('d', initial)}), created or attached.
     *
     * @param name    the value's name in this context
     * @param initial the initial value of a new value
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    io.shmproc.state.SharedDouble sharedDouble(final String name, final double initial);

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
    io.shmproc.state.SharedLongArray sharedLongArray(final String name, final int length);

    /**
     * A zero-filled shared {@code int[]} of fixed length (Python's {@code Array('i', length)}), created or attached.
     *
     * @param name   the array's name in this context
     * @param length the number of elements, at least 1
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name or length is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    io.shmproc.state.SharedIntArray sharedIntArray(final String name, final int length);

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
    io.shmproc.state.SharedDoubleArray sharedDoubleArray(final String name, final int length);

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
    io.shmproc.state.SharedByteArray sharedByteArray(final String name, final int length);

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
    default <K, V> io.shmproc.state.SharedDict<K, V> dict(final String name) {
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
    <K, V> io.shmproc.state.SharedDict<K, V> dict(final String name, final io.shmproc.state.DictOptions<K, V> options);

    /**
     * A shared list with the default object codec (Python's {@code Manager().list()}), created or attached.
     *
     * @param name the list's name in this context
     * @param <E>  the element type
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    default <E> io.shmproc.state.SharedList<E> list(final String name) {
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
    <E> io.shmproc.state.SharedList<E> list(final String name, final io.shmproc.state.ListOptions<E> options);

    /**
     * A shared namespace (Python's {@code Manager().Namespace()}), created or attached: named fields that every
     * process reads and sets, built on a shared dict.
     *
     * @param name the namespace's name in this context
     * @return the handle, closed with this context
     * @throws IllegalArgumentException when the name is invalid
     * @throws io.shmproc.exceptions.RegionException when the name holds something else or a damaged file
     */
    io.shmproc.state.Namespace namespace(final String name);

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
    io.shmproc.manager.ObjectManager manager(final String name);

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
    <E> DurableQueue<E> durableQueue(final Path directory);

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
    <E> DurableQueue<E> durableQueue(final Path directory, final Codec<E> codec, final DurableQueueOptions options);

    /**
     * Closes every object this context handed out (newest first) and, for the owner, removes the directory
     * and every shared file in it. Idempotent.
     */
    void close();
}
