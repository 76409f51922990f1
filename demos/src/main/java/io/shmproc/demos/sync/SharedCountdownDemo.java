package io.shmproc.demos.sync;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.state.SharedInt;
import io.shmproc.sync.Lock;
import java.util.ArrayList;
import java.util.List;

/**
 * One hundred processes each decrement a shared count from 100 under a {@link Lock}; it ends at exactly 0.
 * Each child does a plain read, then a write ({@code get()}, {@code set()}: two separate steps, like Python's
 * {@code count.value -= 1} on a {@code Value} made with {@code lock=False}), so only the lock keeps it exact.
 * The processes are started in batches (of 25 by default) to stay kind to a small machine; all 100 are real
 * child JVMs.
 *
 * <pre>
 * def f(lock, count):                   # Python
 *     with lock:
 *         count.value -= 1
 *
 * if __name__ == '__main__':
 *     count = Value('i', 100, lock=False)
 *     lock = Lock()
 *     ps = [Process(target=f, args=(lock, count)) for _ in range(100)]
 *     for p in ps: p.start()
 *     for p in ps: p.join()
 *     print(count.value)                # 0
 * </pre>
 */
public final class SharedCountdownDemo {
    private static final int PROCESSES = 100;
    private static final int DEFAULT_BATCH = 25;

    private SharedCountdownDemo() {
    }

    /**
     * The child's body: decrement the shared count once, under the lock, as a separate read and write.
     *
     * @param lock  the shared lock
     * @param count the shared count
     */
    static void f(final Lock lock, final SharedInt count) {
        lock.lock();
        try {
            count.set(count.get() - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the demo.
     *
     * @param args optional: the batch size, a divisor of 100 (default 25)
     * @throws InterruptedException     when interrupted while joining
     * @throws IllegalArgumentException when the batch size is not a divisor of 100
     * @throws IllegalStateException    when a child failed or the count did not end at 0
     */
    public static void main(final String[] args) throws InterruptedException {
        final int batchSize = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_BATCH;
        if (batchSize < 1 || PROCESSES % batchSize != 0) {
            throw new IllegalArgumentException("batch=" + batchSize + " is not valid; give a divisor of "
                + PROCESSES);
        }
        try (Shmproc mp = Shmproc.open()) {
            final SharedInt count = mp.sharedInt("count", PROCESSES);
            final Lock lock = mp.lock("count.lock");
            for (int started = 0; started < PROCESSES; started += batchSize) {
                final List<ShmProcess> batch = new ArrayList<>();
                for (int i = 0; i < batchSize; i++) {
                    batch.add(mp.process(() -> f(lock, count)).start());
                }
                for (final ShmProcess p : batch) {
                    p.join();
                    if (p.exitCode().orElse(-1) != 0) {
                        throw new IllegalStateException(p + " failed");
                    }
                }
                System.out.println("after " + (started + batchSize) + " processes: count = " + count.get());
            }
            final int last = count.get();
            System.out.println("final count = " + last + (last == 0 ? " (exact)" : " (WRONG)"));
            if (last != 0) {
                throw new IllegalStateException("the count ended at " + last + ", not 0");
            }
        }
    }
}
