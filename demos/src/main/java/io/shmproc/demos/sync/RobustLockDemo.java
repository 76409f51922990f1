package io.shmproc.demos.sync;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.sync.Event;
import io.shmproc.sync.Lock;
import java.util.concurrent.TimeUnit;

/**
 * What Python's {@code Lock} cannot do: a child takes the lock and is killed with SIGKILL ({@code kill()})
 * while holding it; the parent still gets the lock, within milliseconds, and learns that the previous owner
 * died.
 *
 * <pre>
 * # Python: the parent hangs forever
 * lock = Lock()
 * p = Process(target=hold_forever, args=(lock,)); p.start(); time.sleep(1); p.kill()
 * lock.acquire()
 * </pre>
 */
public final class RobustLockDemo {
    private RobustLockDemo() {
    }

    /**
     * The child's body: take the lock, say so, and never let go.
     *
     * @param lock the shared lock
     * @param held set once the lock is taken
     * @throws InterruptedException never in practice
     */
    static void holdForever(final Lock lock, final Event held) throws InterruptedException {
        lock.lock();
        System.out.println("child " + ShmProcess.current().pid() + " holds the lock");
        System.out.flush();
        held.set();
        Thread.sleep(TimeUnit.MINUTES.toMillis(1));
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception on failure
     * @throws IllegalStateException when the child did not take the lock in time
     */
    public static void main(final String[] args) throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final Lock lock = mp.lock("robust");
            final Event held = mp.event("held");
            final ShmProcess child = mp.process(() -> holdForever(lock, held)).daemon(true).start();
            if (!held.await(30, TimeUnit.SECONDS)) {
                child.kill();
                throw new IllegalStateException(child + " did not take the lock within 30 s");
            }
            System.out.println("parent: tryLock() while the child lives -> " + lock.tryLock());
            child.kill();
            child.join();
            System.out.println("parent: killed the child with SIGKILL while it held the lock; exit code "
                + child.exitCode().orElse(Integer.MIN_VALUE));
            final long start = System.nanoTime();
            lock.lock();
            try {
                System.out.printf("parent: got the lock %d ms later; previousOwnerDied() = %b%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lock.previousOwnerDied());
            } finally {
                lock.unlock();
            }
        }
    }
}
