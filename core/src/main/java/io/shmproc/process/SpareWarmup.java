package io.shmproc.process;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * What a warm spare does before it reports ready: it runs, once, the path a child's first message takes, so that
 * the classes of that path are loaded, linked and initialized and their first-call costs are paid before a target
 * arrives. In a private context-style directory (removed afterwards, or reclaimed like any directory of a dead
 * owner) it creates a small {@link SharedQueue}, encodes with {@link TargetCodec} a lambda that captures the queue
 * handle, boxed values, a list and another serializable lambda (so the direct path, Java serialization and
 * {@code $deserializeLambda$} all run), decodes it as a child does (re-attaching the queue), runs it (the default
 * object codec, Kryo, encodes a string, numbers, a list and a map) and takes the items back. It also asks for this
 * process's {@link ProcessHandle}, which {@code ShmProcess.current().pid()} needs.
 *
 * <p>Nothing of it is visible to the target: the queue is closed and unlinked, the directory deleted, no thread is
 * left running and no static state of shmproc's is changed (the current process is installed from the spec
 * afterwards). A failure only makes the spare less warm; it is ignored.
 */
final class SpareWarmup {
    private static final int WARM_QUEUE_BYTES = 64 << 10;
    /** Wake-ups of a sleeping thread: the first connects, the second reuses the connection. */
    private static final int WAKE_UPS = 2;
    /** Long enough for the other thread to spin, yield and fall asleep in the kernel. */
    private static final long SLEEP_BEFORE_WAKE_MILLIS = 5;

    private SpareWarmup() {
    }

    /** A spare's warm-up, before it reports ready: the queue path, kernel wake-ups, then the extensions. */
    static void run() {
        run(true);
    }

    /**
     * The warm-up of the child that dumps the class-data archive, in a shutdown hook: the same classes, without
     * the kernel sleeps and wake-ups (a thread woken during shutdown could not register its socket's cleanup).
     */
    static void runForArchive() {
        run(false);
    }

    private static void run(final boolean wakeUps) {
        try {
            ProcessHandle.current().pid();
            warmQueuePath(wakeUps);
        } catch (final Exception | LinkageError e) {
            // a cold spare is still a started JVM
        }
        runExtensions();
    }

    /** The upper layers' parts of the warm-up ({@link SpareExtension}); one that fails skips only itself. */
    private static void runExtensions() {
        try {
            for (final SpareExtension extension : ServiceLoader.load(SpareExtension.class,
                SpareWarmup.class.getClassLoader())) {
                try {
                    extension.warmUp();
                } catch (final Exception | LinkageError e) {
                    // that part of the spare stays cold
                }
            }
        } catch (final ServiceConfigurationError e) {
            // no extensions: the spare is as warm as its own warm-up makes it
        }
    }

    /** Creates the ready file the parent looks for; a spare that cannot is used all the same. */
    static void markReady(final String file) {
        try {
            Files.createFile(Path.of(file), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        } catch (final IOException | RuntimeException e) {
            // the parent then treats the spare as still booting
        }
    }

    private static void warmQueuePath(final boolean wakeUps) throws Exception {
        final SharedDirectory directory = SharedDirectory.create(SharedDirectory.defaultBase());
        try {
            final SharedQueue<Object> queue = SharedQueue.create(directory.resolve("spare-warmup"),
                QueueOptions.defaults().capacityBytes(WARM_QUEUE_BYTES));
            try {
                final ArrayList<Object> list = new ArrayList<>(List.of("a", 1, 2L));
                final SerializableRunnable inner = () -> list.size();
                final String text = "warm";
                final long number = 42L;
                final SerializableRunnable target = () -> put(queue, text, number, list, inner);
                final SerializableRunnable decoded = TargetCodec.decode(TargetCodec.encode(target));
                decoded.run();
                // a task class's form (a pool worker's target), and the process record a child installs
                TargetCodec.decode(TargetCodec.encode(TaskInvocation.of(WarmTask.class, text, 1))).run();
                for (int i = 0; i < 5; i++) {
                    queue.take();
                }
                if (wakeUps) {
                    wakeUps(queue);
                }
            } finally {
                queue.close();
                queue.unlink();
            }
        } finally {
            SharedDirectory.deleteTree(directory.path());
        }
    }

    /**
     * A thread asleep in the kernel on the queue, woken by this one's put, twice: the sleeper's selector and the
     * waker's connect and write, which a child's first result or message to a sleeping parent runs (measured: a
     * pool worker's first result took 17 ms from its encoding to its send without this).
     */
    private static void wakeUps(final SharedQueue<Object> queue) throws InterruptedException {
        final Thread sleeper = new Thread(() -> {
            try {
                for (int i = 0; i < WAKE_UPS; i++) {
                    queue.poll(1, TimeUnit.SECONDS);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shmproc-spare-warmup");
        sleeper.setDaemon(true);
        sleeper.start();
        for (int i = 0; i < WAKE_UPS; i++) {
            Thread.sleep(SLEEP_BEFORE_WAKE_MILLIS);
            queue.put(i);
        }
        sleeper.join(TimeUnit.SECONDS.toMillis(2));
        KernelWakeup.release(queue.file().toAbsolutePath().getParent());
    }

    private static void put(final SharedQueue<Object> queue, final String text, final long number,
                            final ArrayList<Object> list, final SerializableRunnable inner) {
        try {
            inner.run();
            final Map<String, Object> map = new HashMap<>();
            map.put(text, number);
            queue.put(text);
            queue.put(number);
            queue.put((int) number);
            queue.put(list);
            queue.put(map);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final Exception e) {
            // the warm-up is best effort
        } finally {
            queue.close();
        }
    }

    /** The task class of the warm-up's class-form target: reads the process record, as a child's code does. */
    public static final class WarmTask implements ProcessTask {
        /** For {@link TaskInvocation}, which instantiates it. */
        public WarmTask() {
        }

        @Override
        public void run(final Object... args) {
            ShmProcess.current().name();
        }
    }
}
