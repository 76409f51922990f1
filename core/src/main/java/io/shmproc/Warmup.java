package io.shmproc;

import io.shmproc.memory.ContextTracker;
import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.ReadModifyWriteWarmup;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.WarmupTrigger;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Compiles the message path before the first real message needs it: a queue's {@code put}/{@code take} and a
 * pipe's {@code send}/{@code recv} run {@value #ROUNDS} times each on a private queue and pipe, with the value
 * types most messages carry, so that the JIT compiles them (with the same classes a real queue and pipe use);
 * then a receiver thread sleeps in the kernel and is woken by a sender, as a blocked consumer is, on the pipe and
 * the queue in turn; and the shared memory's read-modify-writes run on a private mapping
 * ({@link ReadModifyWriteWarmup}).
 *
 * <p><b>Why.</b> A message that comes every few milliseconds, or after a quiet second, runs code that has run
 * too rarely to be compiled: interpreted, and with the caches cold after the pause, the send and receive paths
 * cost several times a compiled path's (measured in docs/benchmarks.md, "Sporadic messages"). Python has no
 * compiler to wait for; a JVM does.
 *
 * <p><b>When, and its cost.</b> {@link io.shmproc.memory.WarmupTrigger} starts it on a daemon thread
 * ({@code shmproc-warmup}) {@value #START_DELAY_MILLIS} ms after the first queue or pipe opens in a JVM the user
 * started, so that a short program never pays for it. It takes about 2 s and 0.7-1.8 s of CPU time, most of it
 * the JIT's compiler threads compiling what a busy program would compile anyway. Child JVMs that shmproc starts
 * skip it unless their JVM options say {@code -Dshmproc.warmup=background} (a short-lived child would pay for
 * nothing). {@code -Dshmproc.warmup=off} turns it off.
 * {@link #run()} runs it in the calling thread instead, for a program that wants its first message fast and can
 * spend the time at start-up.
 *
 * <p><b>Files, crashes.</b> The private queue and pipe live in a fresh context directory of this process, deleted
 * when the warm-up ends (about 1.5 s, most of it idle: {@value #WAKE_UPS} kernel sleeps and wake-ups) and watched
 * meanwhile by {@link ContextTracker}: a JVM that exits or is killed during the warm-up leaves it to the tracker,
 * which removes it once the JVM is gone, as it does the JVM's other context directories. Nothing of the warm-up
 * is visible to the program: no shared object, no static state, no thread once it is done. A warm-up that fails
 * changes nothing but speed.
 */
public final class Warmup {
    /** Messages through each path: enough for the JIT's optimizing compiler (about 10,000 calls). */
    public static final int ROUNDS = 20_000;
    /**
     * How long the background warm-up waits after the first queue or pipe opened: a program that is done by then
     * never pays for it (its cost is for the services that wait for sporadic messages).
     */
    public static final long START_DELAY_MILLIS = 1_000;
    private static final int RING_BYTES = 64 << 10;
    /**
     * Kernel sleeps and wake-ups, half on the pipe, half on the queue: enough for the optimizing compiler to take
     * the selector's path too (measured: 2,500 on the pipe alone left the queue's first messages at twice the
     * pipe's latency, and JIT compilations among the first real messages made the p99).
     */
    private static final int WAKE_UPS = 6_000;
    /** How long a sender waits before each wake-up: long enough for the receiver to fall asleep. */
    private static final long WAKE_UP_PAUSE_NANOS = 150_000;
    private static final Object LOCK = new Object();
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static boolean started;
    private static volatile int roundsDone;

    private Warmup() {
    }

    /** The service {@link WarmupTrigger} finds ({@code META-INF/services}). */
    public static final class BackgroundStarter implements WarmupTrigger.Starter {
        /** For the service loader. */
        public BackgroundStarter() {
        }

        @Override
        public void startInBackground() {
            Warmup.startInBackground();
        }
    }

    /**
     * Runs the warm-up in the calling thread, unless it ran or started in this JVM already (then returns at
     * once; {@link #await} waits for one in progress).
     *
     * @return whether this call ran it
     */
    public static boolean run() {
        if (!claim()) {
            return false;
        }
        warmThenSignal();
        return true;
    }

    /**
     * Starts the warm-up on a daemon thread, unless it ran or started in this JVM already. Called by
     * {@link WarmupTrigger}; a program may call it itself at start-up.
     */
    public static void startInBackground() {
        if (claim()) {
            final Thread thread = new Thread(() -> {
                try {
                    Thread.sleep(START_DELAY_MILLIS);
                } catch (final InterruptedException e) {
                    DONE.countDown();
                    return;
                }
                warmThenSignal();
            }, "shmproc-warmup");
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            thread.start();
        }
    }

    private static boolean claim() {
        synchronized (LOCK) {
            if (started) {
                return false;
            }
            started = true;
            return true;
        }
    }

    private static void warmThenSignal() {
        try {
            warm();
        } finally {
            DONE.countDown();
        }
    }

    /**
     * Waits until a warm-up that ran or started in this JVM has finished.
     *
     * @param timeout the longest wait
     * @param unit    its unit
     * @return {@code true} when it has finished, {@code false} when none has started or the time ran out
     * @throws InterruptedException when interrupted while waiting
     */
    public static boolean await(final long timeout, final TimeUnit unit) throws InterruptedException {
        synchronized (LOCK) {
            if (!started) {
                return false;
            }
        }
        return DONE.await(timeout, unit);
    }

    /**
     * How many rounds the warm-up of this JVM has run: {@link #ROUNDS} once it has run to its end, fewer while
     * it runs or when it failed (for tools and tests).
     *
     * @return the rounds run
     */
    public static int roundsDone() {
        return roundsDone;
    }

    private static void warm() {
        try {
            ReadModifyWriteWarmup.run();
        } catch (final IOException | RuntimeException e) {
            // the read-modify-writes compile later, with the first real calls
        }
        try {
            final SharedDirectory dir = SharedDirectory.create(SharedDirectory.configuredBase());
            // removed by the tracker if this JVM exits or dies before the end (a daemon thread has no finally)
            ContextTracker.watch(dir.path());
            SharedQueue<Object> queue = null;
            Pipe<Object> pipe = null;
            try {
                queue = SharedQueue.create(dir.resolve("warmup-queue"),
                    QueueOptions.defaults().capacityBytes(RING_BYTES));
                pipe = Pipe.open(dir.resolve("warmup-pipe"));
                exercise(queue, pipe.first(), pipe.second());
                if (KernelWakeup.enabled()) {
                    // the sleepers' sockets live in the directory: it stays for the kernel wake-ups
                    exerciseWakeUps(queue, pipe.first(), pipe.second(), dir.path());
                }
            } finally {
                if (pipe != null) {
                    pipe.close();
                }
                if (queue != null) {
                    queue.close();
                }
                SharedDirectory.deleteTree(dir.path());
                ContextTracker.unwatch(dir.path());
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final Exception | LinkageError e) {
            // a warm-up that fails changes nothing but speed
        }
    }

    private static void exercise(final SharedQueue<Object> queue, final Connection<Object> out,
                                 final Connection<Object> in) throws Exception {
        final String text = "warm-up";
        final byte[] bytes = new byte[64];
        for (int i = 0; i < ROUNDS; i++) {
            final Object value = valueFor(i, text);
            queue.put(value);
            queue.take();
            out.send(value);
            in.recv();
            if ((i & 3) == 0) {
                out.sendBytes(bytes);
                in.recvBytes();
            }
            roundsDone = i + 1;
        }
    }

    /**
     * A receiver that sleeps in the kernel and is woken by a sender, {@value #WAKE_UPS} times, on the pipe and the
     * queue in turn: the path of a sporadic message, from the sender's wake-up write to the receiver's return
     * from its selector.
     */
    private static void exerciseWakeUps(final SharedQueue<Object> queue, final Connection<Object> out,
                                        final Connection<Object> in, final Path dir) throws Exception {
        final Thread receiver = new Thread(() -> {
            try {
                for (int i = 0; i < WAKE_UPS; i++) {
                    if ((i & 1) == 0) {
                        in.recv(10, TimeUnit.SECONDS);
                    } else if (queue.poll(10, TimeUnit.SECONDS) == null) {
                        return;
                    }
                }
            } catch (final Exception e) {
                // the sender stops when the receiver is gone
            } finally {
                KernelWakeup.release(dir); // its socket, and this process's connections to it
            }
        }, "shmproc-warmup-receiver");
        receiver.setDaemon(true);
        receiver.start();
        try {
            for (int i = 0; i < WAKE_UPS && receiver.isAlive(); i++) {
                LockSupport.parkNanos(WAKE_UP_PAUSE_NANOS);
                if ((i & 1) == 0) {
                    out.send((long) i);
                } else {
                    queue.put((long) i);
                }
            }
        } finally {
            receiver.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Longs mostly, as stamps and ids are, then strings, integers and doubles. */
    private static Object valueFor(final int i, final String text) {
        switch (i & 7) {
            case 5:
                return text;
            case 6:
                return i;
            case 7:
                return (double) i;
            default:
                return (long) i;
        }
    }
}
