package io.shmproc.demos.sync;

import io.shmproc.Shmproc;
import io.shmproc.sync.Lock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What Python's {@code Lock} cannot do: a child takes the lock and is killed with SIGKILL while holding it;
 * the parent still gets the lock, within milliseconds, and learns that the previous owner died.
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
     * The child's body: take the lock and never let go.
     *
     * @param lock the shared lock
     * @throws InterruptedException never in practice
     */
    static void holdForever(final Lock lock) throws InterruptedException {
        lock.lock();
        System.out.println("child " + ProcessHandle.current().pid() + " holds the lock");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(1));
    }

    /**
     * Runs the parent, or with {@code child HANDLE} the child.
     *
     * @param args nothing for the parent
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("child")) {
            holdForever(ChildProcesses.decode(args[1]));
            return;
        }
        try (Shmproc mp = Shmproc.open()) {
            final Lock lock = mp.lock("robust");
            final Process child = ChildProcesses.startPiped(RobustLockDemo.class, "child",
                ChildProcesses.encode(lock));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
                System.out.println(out.readLine());
            }
            System.out.println("parent: tryLock() while the child lives -> " + lock.tryLock());
            child.destroyForcibly().waitFor();
            System.out.println("parent: killed the child with SIGKILL while it held the lock");
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
