package io.shmproc.sync;

import io.shmproc.memory.LivenessTable;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;

/** Child JVM main for the sync tests: one mode per behaviour, chosen by the first argument. */
public final class SyncChild {
    private SyncChild() {
    }

    /**
     * Runs one mode.
     *
     * @param args mode and its arguments
     * @throws Exception whatever the mode throws
     */
    public static void main(final String[] args) throws Exception {
        switch (args[0]) {
            case "count":
                count(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                break;
            case "wait":
                waitForLock(Path.of(args[1]));
                break;
            case "holdword":
                final MappedRegion region = MappedRegion.attach(Path.of(args[1]), RegionKind.TEST, 1);
                final WordLock word = WordLock.of(region.payload(), 64, Path.of(args[1]).getParent(),
                    SyncOptions.defaults());
                word.lock();
                System.out.println("locked");
                Thread.sleep(60_000);
                break;
            case "hold":
                hold(Path.of(args[1]));
                break;
            case "token":
                System.out.println("token " + LivenessTable.forDirectory(Path.of(args[1])).selfToken());
                Thread.sleep(60_000);
                break;
            case "handle":
                handle(args[1]);
                break;
            case "barrier":
                barrier(Path.of(args[1]), Integer.parseInt(args[2]));
                break;
            case "event":
                event(Path.of(args[1]));
                break;
            case "signal":
                signalCondition(Path.of(args[1]));
                break;
            case "attach-close":
                Lock.attach(Path.of(args[1]), SyncOptions.defaults()).close();
                System.out.println("closed");
                Thread.sleep(60_000);
                break;
            case "await":
                awaitCondition(Path.of(args[1]));
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Increments a plain (non-atomic) counter under the lock from several threads. */
    private static void count(final Path lockFile, final Path counterFile, final int iterations, final int threads)
        throws InterruptedException {
        try (Lock lock = Lock.attach(lockFile, SyncOptions.defaults());
             MappedRegion counter = MappedRegion.attach(counterFile, RegionKind.TEST, 1)) {
            final AtomicBuffer words = counter.payload();
            final Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    for (int i = 0; i < iterations; i++) {
                        lock.lock();
                        try {
                            words.putLong(0, words.getLong(0) + 1);
                        } finally {
                            lock.unlock();
                        }
                    }
                });
                workers[t].start();
            }
            for (final Thread worker : workers) {
                worker.join();
            }
            System.out.println("done");
        }
    }

    private static void waitForLock(final Path lockFile) {
        final Lock lock = Lock.attach(lockFile, SyncOptions.defaults());
        System.out.println("waiting");
        lock.lock();
        try {
            System.out.println("acquired died=" + lock.previousOwnerDied());
        } finally {
            lock.unlock();
        }
    }

    private static void signalCondition(final Path lockFile) {
        try (Lock lock = Lock.attach(lockFile, SyncOptions.defaults())) {
            lock.lock();
            try {
                lock.newCondition().signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private static void hold(final Path lockFile) throws InterruptedException {
        final Lock lock = Lock.attach(lockFile, SyncOptions.defaults());
        lock.lock();
        System.out.println("locked");
        Thread.sleep(60_000);
    }

    private static void handle(final String base64) throws Exception {
        final Object handle = decode(base64);
        if (handle instanceof Lock) {
            final Lock lock = (Lock) handle;
            System.out.println("lock tryLock " + lock.tryLock());
        } else if (handle instanceof RLock) {
            System.out.println("rlock tryLock " + ((RLock) handle).tryLock());
        } else if (handle instanceof Semaphore) {
            System.out.println("semaphore permits " + ((Semaphore) handle).availablePermits());
        } else if (handle instanceof Event) {
            ((Event) handle).set();
            System.out.println("event set");
        } else if (handle instanceof Barrier) {
            System.out.println("barrier parties " + ((Barrier) handle).getParties());
        } else if (handle instanceof Condition) {
            final Condition condition = (Condition) handle;
            if (condition.lock().tryLock()) {
                try {
                    condition.signalAll();
                    System.out.println("condition Condition");
                } finally {
                    condition.lock().unlock();
                }
            }
        } else {
            System.out.println("unknown " + handle);
        }
    }

    private static void barrier(final Path file, final int parties) throws Exception {
        final Barrier barrier = Barrier.attach(file, SyncOptions.defaults());
        System.out.println("awaiting");
        try {
            System.out.println("index " + barrier.await(30, TimeUnit.SECONDS));
        } catch (final java.util.concurrent.BrokenBarrierException e) {
            System.out.println("broken");
        }
    }

    private static void event(final Path file) throws Exception {
        final Event event = Event.attach(file, SyncOptions.defaults());
        System.out.println("waiting");
        System.out.println("woken " + event.await(30, TimeUnit.SECONDS));
    }

    private static void awaitCondition(final Path lockFile) throws Exception {
        final Lock lock = Lock.attach(lockFile, SyncOptions.defaults());
        final Condition condition = lock.newCondition();
        lock.lock();
        try {
            System.out.println("waiting");
            System.out.println("signalled " + condition.await(30, TimeUnit.SECONDS));
        } finally {
            lock.unlock();
        }
    }

    static String encode(final Serializable handle) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    static Object decode(final String base64) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder()
            .decode(base64)))) {
            return in.readObject();
        }
    }
}
