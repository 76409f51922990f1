package io.shmproc.sync;

import java.nio.file.Path;

/**
 * Child JVM main for the kernel wake-up tests: blocks on one primitive of a directory, then prints
 * {@code woke <nanoTime>}: {@code <lock|semaphore|event|barrier|condition> <dir>}.
 */
public final class SleepingWaiterChild {
    private SleepingWaiterChild() {
    }

    /**
     * Waits once on the primitive named by the first argument.
     *
     * @param args primitive and directory
     * @throws Exception whatever the wait throws
     */
    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[1]);
        final SyncOptions options = SyncOptions.defaults();
        switch (args[0]) {
            case "lock":
                try (Lock lock = Lock.open(dir.resolve("lock"), options)) {
                    System.out.println("waiting");
                    lock.lock();
                    woke();
                    lock.unlock();
                }
                break;
            case "semaphore":
                try (Semaphore semaphore = Semaphore.open(dir.resolve("semaphore"), 0, options)) {
                    System.out.println("waiting");
                    semaphore.acquire();
                    woke();
                }
                break;
            case "event":
                try (Event event = Event.open(dir.resolve("event"), options)) {
                    System.out.println("waiting");
                    event.await();
                    woke();
                }
                break;
            case "barrier":
                try (Barrier barrier = Barrier.open(dir.resolve("barrier"), 2)) {
                    System.out.println("waiting");
                    barrier.await();
                    woke();
                }
                break;
            case "condition":
                try (Lock lock = Lock.open(dir.resolve("lock"), options);
                     Condition condition = Condition.open(dir.resolve("condition"), lock, options)) {
                    lock.lock();
                    try {
                        System.out.println("waiting");
                        condition.await();
                        woke();
                    } finally {
                        lock.unlock();
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("unknown primitive " + args[0]);
        }
    }

    private static void woke() {
        System.out.println("woke " + System.nanoTime());
        System.out.flush();
    }
}
