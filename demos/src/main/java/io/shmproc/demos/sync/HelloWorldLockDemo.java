package io.shmproc.demos.sync;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.sync.Lock;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python guide's lock example: ten processes print "hello world N" one at a time under one {@link Lock}.
 *
 * <pre>
 * def f(l, i):                          # Python
 *     l.acquire()
 *     try:
 *         print('hello world', i)
 *     finally:
 *         l.release()
 *
 * if __name__ == '__main__':
 *     lock = Lock()
 *     for num in range(10):
 *         Process(target=f, args=(lock, num)).start()
 * </pre>
 *
 * <p>After joining them the parent prints their exit codes (Python's guide program prints nothing more).
 */
public final class HelloWorldLockDemo {
    private static final int PROCESSES = 10;

    private HelloWorldLockDemo() {
    }

    /**
     * The child's body: Python's {@code f(l, i)}.
     *
     * @param lock the shared lock
     * @param i    the child's number
     */
    static void f(final Lock lock, final int i) {
        lock.lock();
        try {
            System.out.println("hello world " + i);
            System.out.flush();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws InterruptedException when interrupted while joining
     */
    public static void main(final String[] args) throws InterruptedException {
        try (Shmproc mp = Shmproc.open()) {
            final Lock lock = mp.lock();
            final List<ShmProcess> processes = new ArrayList<>();
            for (int num = 0; num < PROCESSES; num++) {
                final int i = num;
                processes.add(mp.process(() -> f(lock, i)).start());
            }
            final List<Integer> exitCodes = new ArrayList<>();
            for (final ShmProcess p : processes) {
                p.join();
                exitCodes.add(p.exitCode().orElse(Integer.MIN_VALUE));
            }
            System.out.println("parent: joined " + PROCESSES + " processes; exit codes " + exitCodes);
        }
    }
}
