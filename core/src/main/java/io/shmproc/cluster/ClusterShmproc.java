package io.shmproc.cluster;

import io.shmproc.Capability;
import io.shmproc.SharedMemoryScope;
import io.shmproc.Shmproc;
import io.shmproc.ShmprocOptions;
import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.manager.ObjectManager;
import io.shmproc.memory.SharedMemory;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.process.ProcessTask;
import io.shmproc.process.SerializableRunnable;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
import io.shmproc.queue.JoinableQueue;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.queue.SimpleQueue;
import io.shmproc.state.DictOptions;
import io.shmproc.state.ListOptions;
import io.shmproc.state.Namespace;
import io.shmproc.state.SharedByte;
import io.shmproc.state.SharedByteArray;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedDouble;
import io.shmproc.state.SharedDoubleArray;
import io.shmproc.state.SharedInt;
import io.shmproc.state.SharedIntArray;
import io.shmproc.state.SharedList;
import io.shmproc.state.SharedLong;
import io.shmproc.state.SharedLongArray;
import io.shmproc.state.SharedShort;
import io.shmproc.sync.Barrier;
import io.shmproc.sync.BoundedSemaphore;
import io.shmproc.sync.Condition;
import io.shmproc.sync.Event;
import io.shmproc.sync.Lock;
import io.shmproc.sync.RLock;
import io.shmproc.sync.Semaphore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A context whose objects live in an Aeron Cluster: what {@link Shmproc#connect} returns for
 * {@code aeron-cluster://} addresses. Every primitive is a command to one replicated service, so its state
 * survives the loss of a minority of the members; the same name reaches the same object from every client.
 *
 * <p>What a local context has and this one does not is in {@link #capabilities()}: shared memory,
 * durable queues and managers (calls throw {@link UnsupportedOperationException} that says so). Pipes
 * ({@link ClusterPipe}) carry their messages over Aeron UDP directly between the processes of their two ends.
 * Child processes ({@link #process}) run on this host and reach the cluster with this context's key; handles are
 * serializable as their address and name. Closing the context ends this client's session cleanly: its locks are
 * released without {@code previousOwnerDied}.
 */
final class ClusterShmproc implements Shmproc {
    private static final Set<Capability> CAPABILITIES = Collections.unmodifiableSet(EnumSet.of(
        Capability.OWNER_DIED_RECOVERY, Capability.REPLICATED, Capability.SERIALIZABLE_HANDLES,
        Capability.PROCESSES, Capability.PIPES, Capability.PROCESS_POOLS));
    private static final AtomicLong ANONYMOUS = new AtomicLong();

    private final ClusterOps ops;
    private final String address;
    private final byte[] key;
    private final String anonymousPrefix = "anonymous-" + UUID.randomUUID() + "-";
    private final Set<ClusterPipe<?>> pipes = new LinkedHashSet<>();
    private final List<ProcessPool> pools = new ArrayList<>();
    private volatile boolean closed;

    ClusterShmproc(final ClusterOps ops, final String address, final byte[] key) {
        this.ops = ops;
        this.address = address;
        this.key = key.clone();
        ClusterContexts.register(ops, address, this);
    }

    private ClusterOps ops() {
        if (closed) {
            throw new ClosedException("the cluster context " + address + " is closed; connect again");
        }
        return ops;
    }

    private String anonymous(final String kind) {
        return anonymousPrefix + kind + "-" + ANONYMOUS.incrementAndGet();
    }

    private UnsupportedOperationException unsupported(final String what, final Capability capability) {
        return new UnsupportedOperationException(what + " is not available on a cluster context (" + address
            + "): it needs " + capability + ", which only Shmproc.open() has; check capabilities() first");
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Path directory() {
        throw unsupported("a directory", Capability.SHARED_MEMORY);
    }

    @Override
    public ShmprocOptions options() {
        throw unsupported("local options", Capability.SHARED_MEMORY);
    }

    @Override
    public boolean isOwner() {
        return false;
    }

    @Override
    public SharedMemory sharedMemory(final String name, final int size) {
        throw unsupported("shared memory", Capability.SHARED_MEMORY);
    }

    @Override
    public SharedMemory sharedMemory(final int size) {
        throw unsupported("shared memory", Capability.SHARED_MEMORY);
    }

    @Override
    public SharedMemoryScope sharedMemoryScope() {
        throw unsupported("shared memory", Capability.SHARED_MEMORY);
    }

    @Override
    public SharedMemory attachSharedMemory(final String name) {
        throw unsupported("shared memory", Capability.SHARED_MEMORY);
    }

    /**
     * A pool whose workers are JVMs linked to it by cluster pipes: {@code options.processes()} workers this
     * context starts on this host, and any started on other hosts with the {@code worker} command
     * ({@link ClusterWorker}) for the pool's {@link PoolOptions#name name}. Tasks and results travel over the pipes,
     * directly between the hosts; see {@link ProcessPool#create(PoolOptions, io.shmproc.pool.WorkerLinks)} for
     * what differs from a local pool. Closing the context terminates the pool.
     */
    @Override
    public ProcessPool pool(final PoolOptions options) {
        client();
        final ProcessPool pool = ProcessPool.create(options, new ClusterWorkerLinks(this, options.name(),
            options.processes(), address));
        synchronized (pools) {
            pools.removeIf(ProcessPool::isTerminated); // a long-lived context keeps only the pools still running
            pools.add(pool);
        }
        return pool;
    }

    /** The host the members reach this client at, where its pipe ends listen: how pool workers name their host. */
    String egressHost() {
        return client().egressHost();
    }

    /**
     * A child JVM on this host, as {@link ShmProcess#of(SerializableRunnable)} starts it, that reaches this
     * cluster: handles the target captured are sent with it and reconnect there with this context's key (given in
     * the child's environment, never in the stream).
     */
    @Override
    public ShmProcess process(final SerializableRunnable target) {
        ops();
        return ShmProcess.of(target).environment(ClusterContexts.childEnvironment(key));
    }

    @Override
    public ShmProcess process(final Class<? extends ProcessTask> task, final Object... args) {
        ops();
        return ShmProcess.of(task, args).environment(ClusterContexts.childEnvironment(key));
    }

    @Override
    public Lock lock(final String name) {
        return new ClusterLock(ops(), name);
    }

    @Override
    public Lock lock() {
        return lock(anonymous("lock"));
    }

    @Override
    public RLock rlock(final String name) {
        return new ClusterRLock(ops(), name);
    }

    @Override
    public RLock rlock() {
        return rlock(anonymous("rlock"));
    }

    @Override
    public Condition condition() {
        return condition(anonymous("condition"));
    }

    @Override
    public Semaphore semaphore(final String name, final int permits) {
        return new ClusterSemaphore(ops(), name, permits);
    }

    @Override
    public Semaphore semaphore(final int permits) {
        return semaphore(anonymous("semaphore"), permits);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(final String name, final int permits) {
        return new ClusterBoundedSemaphore(ops(), name, permits);
    }

    @Override
    public BoundedSemaphore boundedSemaphore(final int permits) {
        return boundedSemaphore(anonymous("semaphore"), permits);
    }

    @Override
    public Event event(final String name) {
        return new ClusterEvent(ops(), name);
    }

    @Override
    public Event event() {
        return event(anonymous("event"));
    }

    @Override
    public Barrier barrier(final String name, final int parties, final Runnable action) {
        return barrier(name, parties, action, null);
    }

    @Override
    public Barrier barrier(final String name, final int parties, final Runnable action,
                           final Duration defaultTimeout) {
        return new ClusterBarrier(ops(), name, parties, action, defaultTimeout);
    }

    @Override
    public Barrier barrier(final int parties) {
        return barrier(anonymous("barrier"), parties);
    }

    @Override
    public Pipe<Object> pipe() {
        return pipe(PipeOptions.duplex());
    }

    @Override
    public Pipe<Object> pipe(final PipeOptions options) {
        return pipe(options, Codecs.object());
    }

    /**
     * A pipe whose ends talk over Aeron UDP directly between the processes that use them, on any hosts; the
     * cluster only tells each end where the other listens. Messages are limited to
     * {@link ClusterConnection#MAX_MESSAGE_LENGTH} bytes; the options' capacity and wait strategy do not apply.
     */
    @Override
    public <T> Pipe<T> pipe(final PipeOptions options, final Codec<T> codec) {
        final ClusterClient client = client();
        return register(new ClusterPipe<>(client, "pipe-" + UUID.randomUUID(), options.isDuplex(), codec, 0,
            client.connectTimeoutNanos(), this::forget));
    }

    /**
     * The end {@code end} of the pipe {@code id}, for a handle deserialized in this process.
     *
     * @return that end, not yet used here
     */
    <T> ClusterConnection<T> pipeEnd(final String id, final boolean duplex, final Codec<T> codec, final int end) {
        final ClusterClient client = client();
        return register(new ClusterPipe<>(client, id, duplex, codec, end, client.connectTimeoutNanos(), this::forget))
            .end(end);
    }

    private <T> ClusterPipe<T> register(final ClusterPipe<T> pipe) {
        synchronized (pipes) {
            pipes.add(pipe);
        }
        return pipe;
    }

    /** A pipe handle whose ends are all closed: nothing left to close with the context. */
    private void forget(final ClusterPipe<?> pipe) {
        synchronized (pipes) {
            pipes.remove(pipe);
        }
    }

    /** How many pipe handles of this context have an end open, for tests. */
    int openPipes() {
        synchronized (pipes) {
            return pipes.size();
        }
    }

    private ClusterClient client() {
        final ClusterOps current = ops();
        if (!(current instanceof ClusterClient)) {
            throw unsupported("a pipe", Capability.PIPES);
        }
        return (ClusterClient) current;
    }

    @Override
    public <E> SharedQueue<E> queue(final String name, final QueueOptions options) {
        return new ClusterSharedQueue<>(ops(), name, options);
    }

    @Override
    public <E> SharedQueue<E> queue() {
        return queue(anonymous("queue"));
    }

    @Override
    public <E> SharedQueue<E> queue(final QueueOptions options) {
        return queue(anonymous("queue"), options);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue(final String name, final QueueOptions options) {
        return new ClusterSimpleQueue<>(ops(), name, options);
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue() {
        return simpleQueue(anonymous("queue"));
    }

    @Override
    public <E> SimpleQueue<E> simpleQueue(final QueueOptions options) {
        return simpleQueue(anonymous("queue"), options);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(final String name, final QueueOptions options) {
        return new ClusterJoinableQueue<>(ops(), name, options);
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue() {
        return joinableQueue(anonymous("queue"));
    }

    @Override
    public <E> JoinableQueue<E> joinableQueue(final QueueOptions options) {
        return joinableQueue(anonymous("queue"), options);
    }

    @Override
    public SharedLong sharedLong(final String name, final long initial) {
        return ClusterLong.open(ops(), name, initial, this::lock);
    }

    @Override
    public SharedInt sharedInt(final String name, final int initial) {
        return ClusterInt.open(ops(), name, initial, this::lock);
    }

    @Override
    public SharedShort sharedShort(final String name, final short initial) {
        return ClusterShort.open(ops(), name, initial, this::lock);
    }

    @Override
    public SharedByte sharedByte(final String name, final byte initial) {
        return ClusterByte.open(ops(), name, initial, this::lock);
    }

    @Override
    public SharedDouble sharedDouble(final String name, final double initial) {
        return ClusterDouble.open(ops(), name, initial, this::lock);
    }

    @Override
    public SharedLongArray sharedLongArray(final String name, final int length) {
        return ClusterLongArray.open(ops(), name, length, this::lock);
    }

    @Override
    public SharedIntArray sharedIntArray(final String name, final int length) {
        return ClusterIntArray.open(ops(), name, length, this::lock);
    }

    @Override
    public SharedDoubleArray sharedDoubleArray(final String name, final int length) {
        return ClusterDoubleArray.open(ops(), name, length, this::lock);
    }

    @Override
    public SharedByteArray sharedByteArray(final String name, final int length) {
        return ClusterByteArray.open(ops(), name, length, this::lock);
    }

    @Override
    public <K, V> SharedDict<K, V> dict(final String name, final DictOptions<K, V> options) {
        return ClusterDict.open(ops(), name, options);
    }

    @Override
    public <E> SharedList<E> list(final String name, final ListOptions<E> options) {
        return ClusterList.open(ops(), name, options);
    }

    @Override
    public Namespace namespace(final String name) {
        return ClusterNamespace.open(ops(), name);
    }

    @Override
    public ObjectManager manager(final String name) {
        throw unsupported("an object manager", Capability.MANAGERS);
    }

    @Override
    public <E> DurableQueue<E> durableQueue(final Path directory) {
        throw unsupported("a durable queue", Capability.DURABLE_QUEUES);
    }

    @Override
    public <E> DurableQueue<E> durableQueue(final Path directory, final Codec<E> codec,
                                            final DurableQueueOptions options) {
        throw unsupported("a durable queue", Capability.DURABLE_QUEUES);
    }

    @Override
    public void close() {
        if (!closed) {
            final List<ProcessPool> running;
            synchronized (pools) {
                running = new ArrayList<>(pools);
                pools.clear();
            }
            running.forEach(ProcessPool::terminate);
            closed = true;
            final List<ClusterPipe<?>> open;
            synchronized (pipes) {
                open = new ArrayList<>(pipes);
                pipes.clear();
            }
            open.forEach(ClusterPipe::close);
            ClusterContexts.unregister(ops, this);
            ops.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterShmproc{" + address + (closed ? ", closed" : "") + "}";
    }
}
