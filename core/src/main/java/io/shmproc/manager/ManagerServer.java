package io.shmproc.manager;

import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedLongArray;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The serving side of a manager: one dispatcher thread takes requests off the request queue and runs each call
 * on a fixed pool of threads; replies go to the caller's reply queue.
 */
final class ManagerServer implements AutoCloseable {
    private static final long POLL_MILLIS = 50;
    private static final long STOP_MILLIS = 5_000;

    /** A registered type: its interface and the factory of its objects. */
    record Registration(Class<?> type, Supplier<?> factory) {
    }

    private final Path directory;
    private final String name;
    private final Map<String, Registration> registrations;
    private final QueueOptions queueOptions;
    private final SharedLongArray server;
    private final SharedQueue<Object> requests;
    private final ExecutorService calls;
    private final Map<String, Object> objects = new ConcurrentHashMap<>();
    private final Map<String, Registration> typeOf = new ConcurrentHashMap<>();
    private final Map<String, SharedQueue<Object>> replyQueues = new ConcurrentHashMap<>();
    private final AtomicLong created = new AtomicLong();
    private final ProcessIdentity me = ProcessIdentity.current();
    private final Thread dispatcher;
    private volatile boolean stopping;

    ManagerServer(final Path directory, final String name, final Map<String, Registration> registrations,
                  final Runnable initializer, final int threads, final Codec<Object> codec) {
        this.directory = directory;
        this.name = name;
        this.registrations = Map.copyOf(registrations);
        this.queueOptions = QueueOptions.defaults().codec(codec);
        this.server = SharedLongArray.open(directory.resolve(ManagerWire.server(name)), ManagerWire.SERVER_WORDS);
        try {
            final long pid = server.get(ManagerWire.SERVER_PID);
            if (pid != 0 && new ProcessIdentity(pid, server.get(ManagerWire.SERVER_START)).isAlive()) {
                throw new IllegalStateException("manager " + name + " is already served by pid " + pid
                    + "; one process serves a manager");
            }
            if (initializer != null) {
                initializer.run();
            }
            this.requests = SharedQueue.open(directory.resolve(ManagerWire.requests(name)), queueOptions);
        } catch (final RuntimeException e) {
            server.close();
            throw e;
        }
        final AtomicInteger threadCount = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
            task -> {
                final Thread thread = new Thread(task, "shmproc-manager-" + name + "-call-"
                    + threadCount.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        server.set(ManagerWire.SERVER_START, me.startMillis());
        // Publishes the start time above with the pid: clients judge the server's liveness by both.
        server.set(ManagerWire.SERVER_PID, me.pid());
        this.dispatcher = new Thread(this::dispatch, "shmproc-manager-" + name + "-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    private void dispatch() {
        while (!stopping) {
            try {
                final Object got = requests.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (got instanceof ManagerWire.Request) {
                    final ManagerWire.Request request = (ManagerWire.Request) got;
                    calls.execute(() -> serve(request));
                }
            } catch (final InterruptedException e) {
                return;
            } catch (final RuntimeException e) {
                if (stopping) {
                    return;
                }
                System.err.println("shmproc manager " + name + ": a request could not be read and was dropped: " + e);
            }
        }
    }

    private void serve(final ManagerWire.Request request) {
        final String where = request.method + " of " + request.object + " (manager " + name + ")";
        Object value = null;
        byte[] failure = null;
        try {
            value = invoke(request);
        } catch (final InvocationTargetException e) {
            failure = ManagerWire.encodeFailure(e.getCause(), me.pid(), where);
        } catch (final Exception | LinkageError e) {
            failure = ManagerWire.encodeFailure(e, me.pid(), where);
        }
        reply(request, new ManagerWire.Reply(request.id, value, failure), where);
    }

    private Object invoke(final ManagerWire.Request request) throws Exception {
        if (ManagerWire.CREATE.equals(request.method)) {
            final Registration registration = registration(request.object);
            final String key = "obj:" + created.incrementAndGet() + ":" + request.object;
            objects.put(key, newObject(request.object, registration));
            typeOf.put(key, registration);
            return key;
        }
        final Object target;
        final Registration registration;
        if (request.object.startsWith(ManagerWire.SHARED_PREFIX)) {
            final String typeid = request.object.substring(ManagerWire.SHARED_PREFIX.length());
            registration = registration(typeid);
            target = objects.computeIfAbsent(request.object, k -> newObject(typeid, registration));
        } else {
            registration = typeOf.get(request.object);
            target = objects.get(request.object);
            if (target == null || registration == null) {
                throw new IllegalArgumentException("manager " + name + " serves no object " + request.object);
            }
        }
        final Class<?>[] types = new Class<?>[request.parameterTypes.length];
        for (int i = 0; i < types.length; i++) {
            types[i] = classOf(request.parameterTypes[i], registration.type().getClassLoader());
        }
        final Method method = registration.type().getMethod(request.method, types);
        return method.invoke(target, request.args);
    }

    private Registration registration(final String typeid) {
        final Registration registration = registrations.get(typeid);
        if (registration == null) {
            throw new IllegalArgumentException("typeid=" + typeid + " is not registered with manager " + name
                + "; registered: " + registrations.keySet());
        }
        return registration;
    }

    private static Object newObject(final String typeid, final Registration registration) {
        final Object made = registration.factory().get();
        if (!registration.type().isInstance(made)) {
            throw new IllegalStateException("the factory of typeid=" + typeid + " made " + made + ", not a "
                + registration.type().getName());
        }
        return made;
    }

    private static Class<?> classOf(final String type, final ClassLoader loader) throws ClassNotFoundException {
        switch (type) {
            case "boolean": return boolean.class;
            case "byte": return byte.class;
            case "char": return char.class;
            case "short": return short.class;
            case "int": return int.class;
            case "long": return long.class;
            case "float": return float.class;
            case "double": return double.class;
            default: return Class.forName(type, false, loader == null ? ClassLoader.getSystemClassLoader() : loader);
        }
    }

    private void reply(final ManagerWire.Request request, final ManagerWire.Reply reply, final String where) {
        final SharedQueue<Object> queue = replyQueue(request.replyTo);
        if (queue == null) {
            return;
        }
        try {
            queue.put(reply);
        } catch (final CodecException e) {
            queue.offer(new ManagerWire.Reply(request.id, null, ManagerWire.encodeFailure(e, me.pid(), where)));
        } catch (final ClosedException | RegionException e) {
            replyQueues.remove(request.replyTo);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private SharedQueue<Object> replyQueue(final String replyTo) {
        final SharedQueue<Object> known = replyQueues.get(replyTo);
        if (known != null) {
            return known;
        }
        final Path file = directory.resolve(replyTo);
        if (!replyTo.startsWith(name + ".reply.") || !Files.exists(file)) {
            return null;
        }
        try {
            return replyQueues.computeIfAbsent(replyTo, k -> SharedQueue.attach(file, queueOptions));
        } catch (final RegionException e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (stopping) {
            return;
        }
        stopping = true;
        dispatcher.interrupt();
        try {
            dispatcher.join(STOP_MILLIS);
            calls.shutdown();
            // Calls already taken finish and reply; callers of requests still queued then see the server stopped.
            calls.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.shutdownNow();
        if (server.get(ManagerWire.SERVER_PID) == me.pid()) {
            server.set(ManagerWire.SERVER_PID, 0);
        }
        replyQueues.values().forEach(SharedQueue::close);
        replyQueues.clear();
        requests.close();
        server.close();
    }
}
