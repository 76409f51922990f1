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
 * The local implementation of {@link Shmproc}: see there for what it guarantees.
 */
final class LocalShmproc implements Shmproc {
    private static final java.util.Set<Capability> LOCAL_CAPABILITIES =
        java.util.Collections.unmodifiableSet(
            java.util.EnumSet.complementOf(java.util.EnumSet.of(Capability.REPLICATED)));
    private static final AtomicLong PIPE_COUNTER = new AtomicLong();
    private final SharedDirectory directory;
    private final ShmprocOptions options;
    private final boolean owner;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Path livenessKey;
    private boolean closed;

    LocalShmproc(final SharedDirectory directory, final ShmprocOptions options, final boolean owner) {
        this.directory = directory;
        this.options = options;
        this.owner = owner;
        this.livenessKey = LivenessTable.retain(directory.path());
    }

    public static Shmproc open() {
        return open(ShmprocOptions.defaults());
    }

    public static Shmproc open(final ShmprocOptions options) {
        SharedDirectory.reclaimStale(options.baseDirectory());
        final SharedDirectory directory = SharedDirectory.create(options.baseDirectory());
        ContextTracker.watch(directory.path());
        return new LocalShmproc(directory, options, true);
    }

    public static Shmproc attach(final Path directory) {
        final Shmproc context = new LocalShmproc(SharedDirectory.attach(directory), ShmprocOptions.defaults(), false);
        // A slot in the directory's liveness table: the owner's tracker sees this process use the context.
        LivenessTable.forDirectory(context.directory());
        return context;
    }

    @Override
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

    @Override
    public ShmprocOptions options() {
        return options;
    }

    @Override
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

    @Override
    public SharedMemory sharedMemory(final String name, final int size) {
        ensureOpen();
        return register(SharedMemory.create(directory.resolve(name), size));
    }

    @Override
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

    @Override
    public SharedMemoryScope sharedMemoryScope() {
        ensureOpen();
        return register(new SharedMemoryScope(this));
    }

    @Override
    public SharedMemory attachSharedMemory(final String name) {
        ensureOpen();
        return register(SharedMemory.attach(directory.resolve(name)));
    }

    // ---- pool ----

    @Override
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

    @Override
    public ShmProcess process(final SerializableRunnable target) {
        return processGroup().process(target);
    }

    @Override
    public ShmProcess process(final Class<? extends ProcessTask> task, final Object... args) {
        return processGroup().process(task, args);
    }

    // ---- synchronization ----

    private final java.util.concurrent.atomic.AtomicLong syncNames = new java.util.concurrent.atomic.AtomicLong();

    private String uniqueSyncName(final String kind) {
        return kind + "-" + ProcessHandle.current().pid() + "-" + syncNames.incrementAndGet();
    }

    @Override
    public Lock lock(final String name) {
        ensureOpen();
        return register(Lock.open(directory.resolve(name), SyncOptions.defaults()));
    }

    @Override
    public Lock lock() {
        return lock(uniqueSyncName("lock"));
    }

    @Override
    public RLock rlock(final String name) {
        ensureOpen();
        return register(RLock.open(directory.resolve(name), SyncOptions.defaults()));
    }

    @Override
    public RLock rlock() {
        return rlock(uniqueSyncName("rlock"));
    }

    @Override
    public Condition condition() {
        return condition(uniqueSyncName("condition"));
    }

    @Override
    public Semaphore semaphore(final String name, final int permits) {
        ensureOpen();
        return register(Semaphore.open(directory.resolve(name), permits, SyncOptions.defaults()));
    }

    @Override
    public Semaphore semaphore(final int permits) {
        return semaphore(uniqueSyncName("semaphore"), permits);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(final String name, final int permits) {
        ensureOpen();
        return register(BoundedSemaphore.open(directory.resolve(name), permits, SyncOptions.defaults()));
    }

    @Override
    public BoundedSemaphore boundedSemaphore(final int permits) {
        return boundedSemaphore(uniqueSyncName("bsemaphore"), permits);
    }

    @Override
    public Event event(final String name) {
        ensureOpen();
        return register(Event.open(directory.resolve(name), SyncOptions.defaults()));
    }

    @Override
    public Event event() {
        return event(uniqueSyncName("event"));
    }

    @Override
    public Barrier barrier(final String name, final int parties, final Runnable action) {
        ensureOpen();
        return register(Barrier.open(directory.resolve(name), parties, action, SyncOptions.defaults()));
    }

    @Override
    public Barrier barrier(final String name, final int parties, final Runnable action,
                           final java.time.Duration defaultTimeout) {
        ensureOpen();
        return register(Barrier.open(directory.resolve(name), parties, action, defaultTimeout,
            SyncOptions.defaults()));
    }

    @Override
    public Barrier barrier(final int parties) {
        return barrier(uniqueSyncName("barrier"), parties, null);
    }

    // ---- pipe ----

    @Override
    public Pipe<Object> pipe() {
        return pipe(PipeOptions.duplex());
    }

    @Override
    public Pipe<Object> pipe(final PipeOptions options) {
        return pipe(options, Codecs.object());
    }

    @Override
    public <T> Pipe<T> pipe(final PipeOptions options, final Codec<T> codec) {
        ensureOpen();
        final String name = "pipe-" + ProcessHandle.current().pid() + "-" + PIPE_COUNTER.incrementAndGet();
        return register(Pipe.open(directory.resolve(name), options, codec));
    }
    // ---- queues ----

    @Override
    public <E> SharedQueue<E> queue(final String name, final QueueOptions options) {
        ensureOpen();
        final SharedQueue<E> q = SharedQueue.open(directory.resolve(name), options);
        register(q::close);
        return q;
    }

    @Override
    public <E> SharedQueue<E> queue() {
        return queue(QueueOptions.defaults());
    }

    @Override
    public <E> SharedQueue<E> queue(final QueueOptions options) {
        return queue(anonymousName("queue"), options);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue(final String name, final QueueOptions options) {
        ensureOpen();
        final SimpleQueue<E> q = SimpleQueue.open(directory.resolve(name), options);
        register(q::close);
        return q;
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        return simpleQueue(QueueOptions.defaults());
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue(final QueueOptions options) {
        return simpleQueue(anonymousName("simplequeue"), options);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(final String name, final QueueOptions options) {
        ensureOpen();
        final JoinableQueue<E> q = JoinableQueue.open(directory.resolve(name), options);
        register(q::close);
        return q;
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue() {
        return joinableQueue(QueueOptions.defaults());
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(final QueueOptions options) {
        return joinableQueue(anonymousName("joinablequeue"), options);
    }

    private static String anonymousName(final String kind) {
        return kind + "-" + ProcessHandle.current().pid() + "-" + ANONYMOUS_COUNTER.incrementAndGet();
    }

    private static final java.util.concurrent.atomic.AtomicLong ANONYMOUS_COUNTER =
        new java.util.concurrent.atomic.AtomicLong();

    // ---- shared state ----

    @Override
    public io.shmproc.state.SharedLong sharedLong(final String name, final long initial) {
        return register(io.shmproc.state.SharedLong.open(stateFile(name), initial));
    }

    @Override
    public io.shmproc.state.SharedInt sharedInt(final String name, final int initial) {
        return register(io.shmproc.state.SharedInt.open(stateFile(name), initial));
    }

    @Override
    public io.shmproc.state.SharedShort sharedShort(final String name, final short initial) {
        return register(io.shmproc.state.SharedShort.open(stateFile(name), initial));
    }

    @Override
    public io.shmproc.state.SharedByte sharedByte(final String name, final byte initial) {
        return register(io.shmproc.state.SharedByte.open(stateFile(name), initial));
    }

    @Override
    public io.shmproc.state.SharedDouble sharedDouble(final String name, final double initial) {
        return register(io.shmproc.state.SharedDouble.open(stateFile(name), initial));
    }

    @Override
    public io.shmproc.state.SharedLongArray sharedLongArray(final String name, final int length) {
        return register(io.shmproc.state.SharedLongArray.open(stateFile(name), length));
    }

    @Override
    public io.shmproc.state.SharedIntArray sharedIntArray(final String name, final int length) {
        return register(io.shmproc.state.SharedIntArray.open(stateFile(name), length));
    }

    @Override
    public io.shmproc.state.SharedDoubleArray sharedDoubleArray(final String name, final int length) {
        return register(io.shmproc.state.SharedDoubleArray.open(stateFile(name), length));
    }

    @Override
    public io.shmproc.state.SharedByteArray sharedByteArray(final String name, final int length) {
        return register(io.shmproc.state.SharedByteArray.open(stateFile(name), length));
    }

    @Override
    public <K, V> io.shmproc.state.SharedDict<K, V> dict(final String name,
                                                         final io.shmproc.state.DictOptions<K, V> options) {
        return register(io.shmproc.state.SharedDict.open(stateFile(name), options));
    }

    @Override
    public <E> io.shmproc.state.SharedList<E> list(final String name, final io.shmproc.state.ListOptions<E> options) {
        return register(io.shmproc.state.SharedList.open(stateFile(name), options));
    }

    @Override
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

    @Override
    public io.shmproc.manager.ObjectManager manager(final String name) {
        ensureOpen();
        return register(io.shmproc.manager.ObjectManager.open(directory.path(), name));
    }

    // ---- durable queues ----

    @Override
    public <E> DurableQueue<E> durableQueue(final Path directory) {
        return durableQueue(directory, Codecs.object(), DurableQueueOptions.defaults());
    }

    @Override
    public <E> DurableQueue<E> durableQueue(final Path directory, final Codec<E> codec,
                                            final DurableQueueOptions options) {
        ensureOpen();
        return register(DurableQueue.open(directory, codec, options));
    }

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
    public java.util.Set<Capability> capabilities() {
        return LOCAL_CAPABILITIES;
    }

    @Override
    public String toString() {
        return "Shmproc[" + directory.path() + (owner ? ", owner" : ", attached") + (closed ? ", closed" : "") + "]";
    }
}
