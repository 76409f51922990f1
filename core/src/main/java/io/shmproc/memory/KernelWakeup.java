package io.shmproc.memory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Sleeping in the kernel and being woken by another process with one system call, in pure Java 17 (no JVM flag,
 * no native library): a sleeping thread waits in {@link Selector#select(long)} on a Unix-domain socket it
 * listens on; a waker writes one byte to it.
 *
 * <p><b>Addresses.</b> A thread that sleeps on objects of a directory (a context directory, 0700) listens on
 * {@code <dir>/.wake-<pid>-<n>}; its <em>sleeper id</em> {@code pid << 32 | n} is what it publishes in a shared
 * file's sleeper table ({@link Sleepers}). A waker derives the socket's path from the directory and the id,
 * connects once and keeps the connection for later wake-ups.
 *
 * <p><b>Crashes.</b> Nothing here can strand anyone: a sleeper always sleeps with a timeout (at most
 * {@link #periodNanos()}) and re-checks its condition and its peers when it wakes, so a waker that dies before
 * its write costs the sleeper one period; a waker whose sleeper died gets a refused connection or a broken pipe,
 * drops the connection and carries on. Every socket write is non-blocking: a waker never blocks.
 *
 * <p><b>Resources.</b> A thread keeps a listening socket and a selector (a few descriptors) per directory it
 * sleeps in, at most {@link #MAX_DIRECTORIES_PER_THREAD}; the socket file is removed with the directory or at
 * JVM exit. A process keeps at most {@link #MAX_CONNECTIONS} connections to sleepers.
 *
 * <p>{@value #ENABLED_PROPERTY}{@code =false} turns kernel sleep off: waiters then park and back off as their
 * wait strategy says, and never publish themselves as sleepers.
 */
public final class KernelWakeup {
    /** System property turning kernel-assisted wake-up on or off. */
    public static final String ENABLED_PROPERTY = "shmproc.wakeup.kernel";
    /** Kernel-assisted wake-up is on unless turned off. */
    public static final boolean DEFAULT_ENABLED = true;
    /** System property: the longest kernel sleep before a waiter re-checks its peers and deadline, in ms. */
    public static final String PERIOD_PROPERTY = "shmproc.wakeup.periodMillis";
    /**
     * By default a sleeper re-checks its deadline and its peers every 100 ms: a dead peer (whose death wakes
     * nobody) is noticed within about that, and an idle waiter wakes 10 times a second.
     */
    public static final long DEFAULT_PERIOD_MILLIS = 100;
    /** The name prefix of the sleeping threads' sockets in a directory. */
    public static final String SOCKET_PREFIX = ".wake-";
    /** Directories one thread keeps a socket in at once; the oldest is closed beyond this. */
    public static final int MAX_DIRECTORIES_PER_THREAD = 4;
    /** Connections to sleepers one process keeps; all are closed beyond this and reopened on demand. */
    public static final int MAX_CONNECTIONS = 256;

    private static final boolean ENABLED = Boolean.parseBoolean(
        System.getProperty(ENABLED_PROPERTY, Boolean.toString(DEFAULT_ENABLED)).trim());
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(parsePeriod());
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadLocal<ThreadSleepers> SLEEPERS = ThreadLocal.withInitial(ThreadSleepers::new);
    private static final Map<Path, Long2ObjectHashMap<SocketChannel>> CONNECTIONS = new HashMap<>();
    private static final ByteBuffer ONE_BYTE = ByteBuffer.allocateDirect(1);
    private static int connectionCount;

    private KernelWakeup() {
    }

    private static long parsePeriod() {
        final String value = System.getProperty(PERIOD_PROPERTY, Long.toString(DEFAULT_PERIOD_MILLIS)).trim();
        try {
            final long millis = Long.parseLong(value);
            if (millis >= 1) {
                return millis;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(PERIOD_PROPERTY + "='" + value + "' is not a period; expected a whole"
            + " number of milliseconds >= 1 (default " + DEFAULT_PERIOD_MILLIS + ")");
    }

    /**
     * Whether waiters sleep in the kernel ({@value #ENABLED_PROPERTY}).
     *
     * @return {@code true} unless turned off
     */
    public static boolean enabled() {
        return ENABLED;
    }

    /**
     * The longest single kernel sleep ({@value #PERIOD_PROPERTY}).
     *
     * @return nanoseconds
     */
    public static long periodNanos() {
        return PERIOD_NANOS;
    }

    /**
     * The current thread's sleeper id in a directory, creating its socket on first use.
     *
     * @param dir the directory of the object waited on
     * @return the id to publish, or 0 when this thread cannot sleep there (then it must back off instead)
     */
    public static long sleeperId(final Path dir) {
        final Sleeper sleeper = SLEEPERS.get().in(dir);
        return sleeper == null ? 0 : sleeper.id;
    }

    /**
     * Sleeps the current thread until a waker writes to its socket in {@code dir}, the thread is interrupted
     * (its interrupt status stays set), or {@code nanos} pass; may return early. Shorter than a millisecond
     * parks instead.
     *
     * @param dir   the directory whose {@link #sleeperId} was published
     * @param nanos the longest sleep
     */
    public static void sleep(final Path dir, final long nanos) {
        final Sleeper sleeper = SLEEPERS.get().in(dir);
        final long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        if (sleeper == null || millis < 1) {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(0, nanos));
            return;
        }
        sleeper.sleep(millis);
    }

    /**
     * Wakes the sleeper {@code id} of {@code dir} with one write (a connect and a write the first time);
     * never blocks and never throws: a sleeper that is gone is forgotten.
     *
     * @param dir the directory of the object the sleeper waits on
     * @param id  the id it published
     */
    public static void wake(final Path dir, final long id) {
        synchronized (CONNECTIONS) {
            Long2ObjectHashMap<SocketChannel> byId = CONNECTIONS.get(dir);
            if (byId == null) {
                byId = new Long2ObjectHashMap<>();
                CONNECTIONS.put(dir, byId);
            }
            SocketChannel channel = byId.get(id);
            if (channel == null) {
                channel = connect(dir, id);
                if (channel == null) {
                    return;
                }
                if (++connectionCount > MAX_CONNECTIONS) {
                    closeAllConnections();
                    byId = new Long2ObjectHashMap<>();
                    CONNECTIONS.put(dir, byId);
                    connectionCount = 1;
                }
                byId.put(id, channel);
            }
            try {
                ONE_BYTE.clear();
                channel.write(ONE_BYTE); // 0 bytes written means the socket is full: a wake-up is pending anyway
            } catch (final IOException e) {
                byId.remove(id);
                connectionCount--;
                closeQuietly(channel);
            }
        }
    }

    /**
     * Closes the current thread's socket in {@code dir} (removing its file) and this process's connections to
     * sleepers there: for a thread that is done waiting on objects in a directory that outlives it (a pool in a
     * directory the user gave). The thread may sleep there again later (a new socket is made).
     *
     * @param dir the directory
     */
    public static void release(final Path dir) {
        SLEEPERS.get().release(dir);
        synchronized (CONNECTIONS) {
            final Long2ObjectHashMap<SocketChannel> byId = CONNECTIONS.remove(dir);
            if (byId != null) {
                for (final SocketChannel channel : byId.values()) {
                    closeQuietly(channel);
                }
                connectionCount -= byId.size();
            }
        }
    }

    private static SocketChannel connect(final Path dir, final long id) {
        final Path socket = socketPath(dir, id);
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
            if (channel.connect(UnixDomainSocketAddress.of(socket))) {
                return channel;
            }
        } catch (final IOException | RuntimeException e) {
            // the sleeper is gone, or its socket cannot be reached: it wakes by its period
        }
        closeQuietly(channel);
        return null;
    }

    /**
     * Loads and initialises what a first wake-up needs, when kernel wake-up is on: this class, and the JDK's
     * Unix-domain sockets, whose initialisation seeds a {@code SecureRandom} (about 9 ms of a cold child's way to
     * its first message, class-load log). A child's bootstrap runs it on a daemon thread of its own, beside its
     * main thread's own start, so that the child's first put does not wait for it. Leaves nothing open.
     */
    public static final class Preparation implements Runnable {
        @Override
        public void run() {
            if (!enabled()) {
                return;
            }
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.configureBlocking(false); // as connect() does
            } catch (final IOException | RuntimeException e) {
                // the first wake-up meets it again, and says so there
            }
        }
    }

    private static void closeAllConnections() {
        for (final Long2ObjectHashMap<SocketChannel> byId : CONNECTIONS.values()) {
            byId.values().forEach(KernelWakeup::closeQuietly);
        }
        CONNECTIONS.clear();
    }

    /**
     * The socket of a sleeper id in a directory.
     *
     * @param dir the directory
     * @param id  a sleeper id
     * @return {@code <dir>/.wake-<pid>-<n>}
     */
    public static Path socketPath(final Path dir, final long id) {
        return dir.resolve(SOCKET_PREFIX + (id >>> 32) + "-" + (int) id);
    }

    private static void deleteQuietly(final Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            // removed with its directory
        }
    }

    private static void closeQuietly(final java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (final IOException e) {
                // nothing to do: the descriptor is released either way
            }
        }
    }

    /** One thread's sockets, by directory (a handful at most). */
    private static final class ThreadSleepers {
        private final Path[] dirs = new Path[MAX_DIRECTORIES_PER_THREAD];
        private final Sleeper[] sleepers = new Sleeper[MAX_DIRECTORIES_PER_THREAD];
        private final int number = THREADS.incrementAndGet();
        private int next;

        Sleeper in(final Path dir) {
            if (dir == null) {
                return null;
            }
            for (int i = 0; i < dirs.length; i++) {
                if (dir.equals(dirs[i])) {
                    return sleepers[i];
                }
            }
            final int i = next;
            next = (next + 1) % dirs.length;
            if (sleepers[i] != null) {
                sleepers[i].close();
            }
            dirs[i] = dir;
            sleepers[i] = Sleeper.open(dir, PID << 32 | number);
            return sleepers[i];
        }

        void release(final Path dir) {
            for (int i = 0; i < dirs.length; i++) {
                if (dir.equals(dirs[i])) {
                    if (sleepers[i] != null) {
                        sleepers[i].close();
                    }
                    sleepers[i] = null;
                    dirs[i] = null;
                }
            }
        }
    }

    /** A listening socket and its selector: where one thread sleeps for one directory. */
    private static final class Sleeper {
        private final long id;
        private final Path path;
        private final ServerSocketChannel server;
        private final Selector selector;
        private final ByteBuffer drain = ByteBuffer.allocateDirect(64);
        private final Consumer<SelectionKey> onReady = this::onReady;

        private Sleeper(final long id, final Path path, final ServerSocketChannel server, final Selector selector) {
            this.id = id;
            this.path = path;
            this.server = server;
            this.selector = selector;
        }

        static Sleeper open(final Path dir, final long id) {
            final Path path = socketPath(dir, id);
            ServerSocketChannel server = null;
            Selector selector = null;
            try {
                Files.deleteIfExists(path); // left by a dead process that had our pid, or by this thread before
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(path));
                server.configureBlocking(false);
                selector = Selector.open();
                server.register(selector, SelectionKey.OP_ACCEPT);
                if (!Cleanup.register(path)) {
                    throw new IOException("the JVM is shutting down: " + path + " could not be removed at exit");
                }
                return new Sleeper(id, path, server, selector);
            } catch (final IOException | RuntimeException e) {
                closeQuietly(selector);
                closeQuietly(server);
                if (server != null) {
                    deleteQuietly(path);
                }
                return null; // a path too long for a socket address, or a JVM shutting down: this thread backs off
            }
        }

        void sleep(final long millis) {
            try {
                selector.select(onReady, millis);
            } catch (final IOException e) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
            }
        }

        private void onReady(final SelectionKey key) {
            try {
                if (key.isAcceptable()) {
                    SocketChannel accepted;
                    while ((accepted = server.accept()) != null) {
                        accepted.configureBlocking(false);
                        accepted.register(selector, SelectionKey.OP_READ);
                        drain(accepted, null);
                    }
                } else if (key.isReadable()) {
                    drain((SocketChannel) key.channel(), key);
                }
            } catch (final IOException e) {
                key.cancel();
                closeQuietly(key.channel());
            }
        }

        private void drain(final SocketChannel channel, final SelectionKey key) throws IOException {
            while (true) {
                drain.clear();
                final int read = channel.read(drain);
                if (read < 0) {
                    if (key != null) {
                        key.cancel();
                    }
                    channel.close();
                    return;
                }
                if (read < drain.capacity()) {
                    return;
                }
            }
        }

        void close() {
            for (final SelectionKey key : selector.keys()) {
                closeQuietly(key.channel());
            }
            closeQuietly(selector);
            closeQuietly(server);
            deleteQuietly(path);
        }
    }

    /**
     * Removes this process's socket files at exit (a killed process's go with its directory). A socket opened
     * while the JVM shuts down (by a shutdown hook, or a thread still waiting at exit) is refused instead: the
     * hook that would remove it may be running or done, and a JVM cannot add hooks then.
     */
    private static final class Cleanup {
        private static final java.util.Set<Path> PATHS = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** Set by the hook before it removes the files: a path registered after it might be missed. */
        private static volatile boolean exiting;
        /** Whether the hook is in place: not when the first socket of this JVM came during its shutdown. */
        private static final boolean HOOKED = addHook();

        private Cleanup() {
        }

        private static boolean addHook() {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    exiting = true;
                    PATHS.forEach(KernelWakeup::deleteQuietly);
                }, "shmproc-wakeup-cleanup"));
                return true;
            } catch (final IllegalStateException shuttingDown) {
                return false;
            }
        }

        /** Registers a socket file for removal at exit; {@code false} when the JVM is already exiting. */
        static boolean register(final Path path) {
            if (!HOOKED || exiting) {
                return false;
            }
            PATHS.add(path);
            if (exiting) { // the hook started meanwhile and may have missed it
                PATHS.remove(path);
                return false;
            }
            return true;
        }
    }
}
