package io.shmproc.manager;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.Names;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A manager of objects served by one process and called from any process through proxies, like Python's
 * {@code BaseManager} with {@code register(typeid, callable)}.
 *
 * <p><b>Terms.</b> A <em>typeid</em> names a registered interface and the factory of its objects. The
 * <em>serving process</em> is the one that calls {@link #start()}; it holds the objects and runs every call on
 * them. A <em>proxy</em> ({@link #proxy}, {@link #create}) implements the interface in any process by sending
 * each call to the serving process and waiting for its reply.
 *
 * <pre>{@code
 * // serving process
 * ObjectManager m = mp.manager("objects")
 *     .register("counter", Counter.class, CounterImpl::new)
 *     .initializer(() -> System.out.println("serving"))
 *     .start();
 * Counter c = m.proxy("counter", Counter.class);     // in any process, or captured by a child's lambda
 * mp.process(() -> c.increment()).start().join();
 * }</pre>
 *
 * <p><b>Calls.</b> Arguments and results travel through the manager's codec (the context's object codec by
 * default), so they are copies, as in Python. {@code toString}, {@code hashCode} and {@code equals} of a proxy
 * are answered locally. An exception thrown by the method arrives in the caller: the original type when it
 * can be serialized and the method may throw it (unchecked, or declared), with the caller's stack trace and the
 * server's stack trace as its cause; otherwise a {@link io.shmproc.exceptions.RemoteFailureException} carrying
 * it, or a stand-in naming its type and message.
 *
 * <p><b>Threads.</b> The server runs calls on {@link #threads(int)} threads (default
 * {@value #DEFAULT_THREADS}): calls from different callers may run concurrently, so served objects must be
 * thread-safe; the calls of one caller thread run one after another, in order. Proxies may be used by any
 * number of threads in any number of processes.
 *
 * <p><b>Failures.</b> A call whose server died fails with {@link PeerDiedException} within about 100 ms; one whose
 * server stopped, or that is made while nothing serves, with {@link ClosedException}; one that gets no reply
 * within {@link #callTimeout(Duration)} with {@link ShmprocTimeoutException} (its late reply is dropped).
 *
 * <p><b>Lifetime.</b> Objects live until the serving process stops serving ({@link #close()} or exit); unlike
 * Python there is no reference counting of proxies.
 */
public final class ObjectManager implements AutoCloseable {
    /** Default number of server threads running calls. */
    public static final int DEFAULT_THREADS = 4;

    private final Path directory;
    private final String name;
    private final Map<String, ManagerServer.Registration> registrations = new LinkedHashMap<>();
    private Codec<Object> codec = Codecs.object();
    private Runnable initializer;
    private int threads = DEFAULT_THREADS;
    private long timeoutNanos;
    private ManagerServer server;
    private boolean closed;

    private ObjectManager(final Path directory, final String name) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.name = Names.validate(name);
    }

    /**
     * A manager named {@code name} in a directory (a context's directory: use {@code Shmproc.manager(name)}).
     * Nothing is created until {@link #start()} or the first call.
     *
     * @param directory the shared directory
     * @param name      the manager's name: letters, digits, {@code .-_}
     * @return the manager handle
     * @throws IllegalArgumentException when the name is invalid
     */
    public static ObjectManager open(final Path directory, final String name) {
        return new ObjectManager(directory, name);
    }

    /**
     * Registers a typeid for this process to serve (Python's {@code register(typeid, callable)}); the factory runs
     * in the serving process, once for the typeid's shared object ({@link #proxy}) and once per {@link #create}.
     *
     * @param typeid  the name callers use
     * @param type    the interface proxies implement
     * @param factory makes an object implementing {@code type}
     * @param <I>     the interface
     * @return this manager
     * @throws IllegalArgumentException when {@code type} is not an interface or the typeid is taken
     * @throws IllegalStateException    when this manager already serves
     */
    public synchronized <I> ObjectManager register(final String typeid, final Class<I> type,
                                                   final Supplier<? extends I> factory) {
        Objects.requireNonNull(factory, "factory");
        checkType(type);
        if (typeid == null || typeid.isEmpty() || registrations.containsKey(typeid)) {
            throw new IllegalArgumentException("typeid=" + typeid + " is empty or already registered");
        }
        if (server != null) {
            throw new IllegalStateException("manager " + name + " already serves; register before start()");
        }
        registrations.put(typeid, new ManagerServer.Registration(type, factory));
        return this;
    }

    /**
     * Registers one existing object as the shared object of a typeid.
     *
     * @param typeid the name callers use
     * @param type   the interface proxies implement
     * @param object the object served
     * @param <I>    the interface
     * @return this manager
     */
    public <I> ObjectManager registerObject(final String typeid, final Class<I> type, final I object) {
        Objects.requireNonNull(object, "object");
        final Supplier<I> same = () -> object;
        return register(typeid, type, same);
    }

    /**
     * Code {@link #start()} runs in the serving process before it accepts a call (Python's
     * {@code initializer}); an exception from it fails {@code start()}.
     *
     * @param initializer the code, or {@code null} for none
     * @return this manager
     */
    public synchronized ObjectManager initializer(final Runnable initializer) {
        this.initializer = initializer;
        return this;
    }

    /**
     * The number of server threads running calls.
     *
     * @param threads at least 1
     * @return this manager
     */
    public synchronized ObjectManager threads(final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads=" + threads + " must be at least 1");
        }
        this.threads = threads;
        return this;
    }

    /**
     * How long a call through the proxies made from now on waits for its reply; {@code Duration.ZERO} (the default)
     * waits as long as the server lives.
     *
     * @param timeout the timeout
     * @return this manager
     */
    public synchronized ObjectManager callTimeout(final Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout=" + timeout + " must be zero (none) or positive");
        }
        this.timeoutNanos = timeout.toNanos();
        return this;
    }

    /**
     * The codec of arguments and results, for proxies made from now on and for the server.
     *
     * @param codec the codec
     * @return this manager
     */
    @SuppressWarnings("unchecked")
    public synchronized ObjectManager codec(final Codec<?> codec) {
        this.codec = (Codec<Object>) Objects.requireNonNull(codec, "codec");
        if (!(codec instanceof Serializable)) {
            throw new IllegalArgumentException("codec=" + codec + " is not serializable; proxies carry it");
        }
        return this;
    }

    /**
     * Starts serving the registered typeids in this process: runs the initializer, then accepts calls.
     *
     * @return this manager
     * @throws IllegalStateException when another live process already serves this manager, or this one does
     */
    public synchronized ObjectManager start() {
        ensureOpen();
        if (server != null) {
            throw new IllegalStateException("manager " + name + " already serves in this process");
        }
        server = new ManagerServer(directory, name, registrations, initializer, threads, codec);
        return this;
    }

    /**
     * Whether this handle serves.
     *
     * @return {@code true} between {@link #start()} and {@link #close()}
     */
    public synchronized boolean isServing() {
        return server != null;
    }

    /**
     * A proxy of a typeid's shared object (made by its factory on first use).
     *
     * @param typeid the registered typeid
     * @param type   its interface
     * @param <I>    the interface
     * @return a serializable proxy
     */
    public synchronized <I> I proxy(final String typeid, final Class<I> type) {
        ensureOpen();
        checkType(type);
        return ManagedHandler.proxy(type, new ManagedHandler(directory, name, ManagerWire.SHARED_PREFIX + typeid,
            type, timeoutNanos, codec));
    }

    /**
     * Makes a new object of a typeid in the serving process and returns its proxy (Python's
     * {@code manager.typeid()}).
     *
     * @param typeid the registered typeid
     * @param type   its interface
     * @param <I>    the interface
     * @return a serializable proxy of the new object
     * @throws IllegalArgumentException when the typeid is not registered with the server
     * @throws ClosedException          when nothing serves this manager
     * @throws PeerDiedException        when the server died
     */
    public <I> I create(final String typeid, final Class<I> type) {
        final I shared = proxy(typeid, type);
        final ManagedHandler handler = (ManagedHandler) java.lang.reflect.Proxy.getInvocationHandler(shared);
        final String key = (String) ManagerClient.of(directory, name, codec).create(typeid, timeoutNanos);
        return ManagedHandler.proxy(type, handler.withObject(key));
    }

    private static void checkType(final Class<?> type) {
        if (type == null || !type.isInterface()) {
            throw new IllegalArgumentException("type=" + type + " is not an interface; proxies implement interfaces");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("manager " + name + " is closed");
        }
    }

    /**
     * The manager's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Stops serving (calls already running finish and reply) and closes this process's client of the manager.
     * Proxies used afterwards connect again. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (server != null) {
                server.close();
                server = null;
            }
        } finally {
            ManagerClient.closeClient(directory, name);
        }
    }

    @Override
    public synchronized String toString() {
        return "ObjectManager[" + name + " in " + directory + ", " + registrations.keySet()
            + (server != null ? ", serving" : "") + (closed ? ", closed" : "") + "]";
    }
}
