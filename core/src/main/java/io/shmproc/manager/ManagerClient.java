package io.shmproc.manager;

import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedLongArray;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's connection to one manager: puts requests on the manager's request queue and receives the
 * replies on a reply queue of its own, read by one daemon thread that hands each reply to its caller by id and
 * fails every waiting call once the server is found dead or stopped.
 */
final class ManagerClient implements AutoCloseable {
    /** How often the reader checks the server's liveness while calls wait. */
    static final long LIVENESS_MILLIS = 50;
    private static final Map<String, ManagerClient> CLIENTS = new ConcurrentHashMap<>();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String key;
    private final String name;
    private final Path replyFile;
    private final SharedQueue<Object> requests;
    private final SharedQueue<Object> replies;
    private final SharedLongArray server;
    private final Map<Long, CompletableFuture<ManagerWire.Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Thread reader;
    private final Thread cleanup;
    private volatile boolean closed;

    private ManagerClient(final String key, final Path directory, final String name, final Codec<Object> codec) {
        this.key = key;
        this.name = name;
        final QueueOptions options = QueueOptions.defaults().codec(codec);
        final ProcessIdentity me = ProcessIdentity.current();
        this.replyFile = directory.resolve(ManagerWire.reply(name, me.pid(), SEQUENCE.incrementAndGet()));
        this.server = SharedLongArray.open(directory.resolve(ManagerWire.server(name)), ManagerWire.SERVER_WORDS);
        this.requests = SharedQueue.open(directory.resolve(ManagerWire.requests(name)), options);
        this.replies = SharedQueue.create(replyFile, options);
        this.cleanup = new Thread(this::unlinkReplies, "shmproc-manager-" + name + "-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        this.reader = new Thread(this::readReplies, "shmproc-manager-" + name + "-replies");
        reader.setDaemon(true);
        reader.start();
    }

    /** The client of a manager in this process, made on first use. */
    static ManagerClient of(final Path directory, final String name, final Codec<Object> codec) {
        final String key = directory.resolve(name).toString();
        return CLIENTS.computeIfAbsent(key, k -> new ManagerClient(k, directory, name, codec));
    }

    /** Closes this process's client of a manager, if it has one. */
    static void closeClient(final Path directory, final String name) {
        final ManagerClient client = CLIENTS.remove(directory.resolve(name).toString());
        if (client != null) {
            client.close();
        }
    }

    /**
     * Calls a method of a served object and waits for its reply.
     *
     * @return the method's result
     * @throws Throwable what the method threw, or a shmproc failure
     */
    Object call(final String object, final Method method, final Object[] args, final long timeoutNanos)
        throws Throwable {
        return call(object, method.getName(), ManagerWire.Request.typesOf(method), method, args, timeoutNanos);
    }

    /** Makes a new object of a typeid on the server; returns its key. */
    Object create(final String typeid, final long timeoutNanos) {
        try {
            return call(typeid, ManagerWire.CREATE, new String[0], null, null, timeoutNanos);
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable e) {
            throw new ShmprocException("creating an object of typeid=" + typeid + " failed: " + e, e);
        }
    }

    private Object call(final String object, final String methodName, final String[] types, final Method method,
                        final Object[] args, final long timeoutNanos) throws Throwable {
        if (closed) {
            throw new ClosedException("the client of manager " + name + " is closed");
        }
        final ProcessIdentity owner = serverIdentity();
        if (owner == null) {
            throw new ClosedException("manager " + name + " is not serving (not started, or stopped);"
                + " call start() in the serving process first");
        }
        final long id = ids.incrementAndGet();
        final CompletableFuture<ManagerWire.Reply> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            requests.put(new ManagerWire.Request(id, replyFile.getFileName().toString(), object, methodName, types,
                args == null ? new Object[0] : args));
            final ManagerWire.Reply answer = timeoutNanos <= 0 ? reply.get() : reply.get(timeoutNanos,
                TimeUnit.NANOSECONDS);
            if (answer.failure != null) {
                throw ManagerWire.decodeFailure(answer.failure, methodName, method, owner.pid());
            }
            return answer.value;
        } catch (final TimeoutException e) {
            throw new ShmprocTimeoutException(methodName + " on " + object + " of manager " + name
                + " got no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (callTimeout); a late"
                + " reply is dropped");
        } catch (final ExecutionException e) {
            throw e.getCause();
        } catch (final InterruptedException e) {
            if (method != null && Arrays.asList(method.getExceptionTypes()).contains(InterruptedException.class)) {
                throw e;
            }
            Thread.currentThread().interrupt();
            throw new ShmprocException("interrupted while waiting for " + methodName + " on " + object
                + " of manager " + name + " (the interrupt status is set again)", e);
        } finally {
            pending.remove(id);
        }
    }

    private ProcessIdentity serverIdentity() {
        final long pid = server.get(ManagerWire.SERVER_PID);
        return pid == 0 ? null : new ProcessIdentity(pid, server.get(ManagerWire.SERVER_START));
    }

    private void readReplies() {
        long nextCheck = System.nanoTime();
        while (!closed) {
            try {
                final Object got = replies.poll(LIVENESS_MILLIS, TimeUnit.MILLISECONDS);
                if (got instanceof ManagerWire.Reply) {
                    final ManagerWire.Reply reply = (ManagerWire.Reply) got;
                    final CompletableFuture<ManagerWire.Reply> waiting = pending.get(reply.id);
                    if (waiting != null) {
                        waiting.complete(reply);
                    }
                }
                final long now = System.nanoTime();
                if (now - nextCheck >= 0 && !pending.isEmpty()) {
                    nextCheck = now + TimeUnit.MILLISECONDS.toNanos(LIVENESS_MILLIS);
                    failIfServerGone();
                }
            } catch (final InterruptedException e) {
                return;
            } catch (final RuntimeException e) {
                if (closed) {
                    return;
                }
                failAll(new ShmprocException("the reply reader of manager " + name + " failed: " + e, e));
            }
        }
    }

    private void failIfServerGone() {
        final ProcessIdentity owner = serverIdentity();
        if (owner == null) {
            failAll(new ClosedException("manager " + name + " stopped serving before it replied"));
        } else if (!owner.isAlive()) {
            failAll(new PeerDiedException("the server of manager " + name + " (pid " + owner.pid()
                + ") died before it replied"));
        }
    }

    private void failAll(final RuntimeException failure) {
        for (final CompletableFuture<ManagerWire.Reply> waiting : pending.values()) {
            waiting.completeExceptionally(failure);
        }
    }

    private void unlinkReplies() {
        try {
            Files.deleteIfExists(replyFile);
        } catch (final java.io.IOException | RuntimeException e) {
            // Best effort at exit: the context's owner removes the directory anyway.
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CLIENTS.remove(key, this);
        failAll(new ClosedException("the client of manager " + name + " was closed"));
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(1));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replies.close();
        replies.unlink();
        requests.close();
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (final IllegalStateException e) {
            // Already shutting down: the hook runs anyway.
        }
    }
}
