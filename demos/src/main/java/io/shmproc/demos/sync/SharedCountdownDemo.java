package io.shmproc.demos.sync;

import io.shmproc.Shmproc;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.sync.Lock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One hundred processes each decrement a shared count from 100 under a {@link Lock}; it ends at exactly 0.
 * The count is a plain read-modify-write in shared memory, so only the lock keeps it exact. Processes run
 * in batches of 25 to stay kind to a small machine.
 *
 * <pre>
 * def f(lock, count):                   # Python
 *     with lock:
 *         count.value -= 1
 *
 * count = Value('i', 100, lock=False)
 * lock = Lock()
 * ps = [Process(target=f, args=(lock, count)) for _ in range(100)]
 * </pre>
 */
public final class SharedCountdownDemo {
    private static final int PROCESSES = 100;
    private static final int BATCH = 25;

    private SharedCountdownDemo() {
    }

    /**
     * The child's body: decrement the shared count once, under the lock.
     *
     * @param lock  the shared lock
     * @param count the shared count
     */
    static void f(final Lock lock, final AtomicBuffer count) {
        lock.lock();
        try {
            count.putLong(0, count.getLong(0) - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the parent, or with {@code child HANDLE COUNT_FILE} one child.
     *
     * @param args nothing for the parent
     * @throws InterruptedException when interrupted
     */
    public static void main(final String[] args) throws InterruptedException {
        if (args.length == 3 && args[0].equals("child")) {
            try (MappedRegion count = MappedRegion.attach(Path.of(args[2]), RegionKind.RAW, 1)) {
                f(ChildProcesses.decode(args[1]), count.payload());
            }
            return;
        }
        try (Shmproc mp = Shmproc.open();
             MappedRegion count = MappedRegion.create(mp.directory().resolve("count"), RegionKind.RAW, 1, 8,
                 payload -> payload.putLong(0, PROCESSES))) {
            final Lock lock = mp.lock("count.lock");
            final String handle = ChildProcesses.encode(lock);
            for (int started = 0; started < PROCESSES; started += BATCH) {
                final List<Process> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    batch.add(ChildProcesses.start(SharedCountdownDemo.class, "child", handle,
                        count.file().toString()));
                }
                ChildProcesses.joinAll(batch);
                System.out.println("after " + (started + BATCH) + " processes: count = "
                    + count.payload().getLongVolatile(0));
            }
            final long last = count.payload().getLongVolatile(0);
            System.out.println("final count = " + last + (last == 0 ? " (exact)" : " (WRONG)"));
            if (last != 0) {
                System.exit(1);
            }
        }
    }
}
