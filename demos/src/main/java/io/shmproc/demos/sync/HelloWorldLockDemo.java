package io.shmproc.demos.sync;

import io.shmproc.Shmproc;
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
 * lock = Lock()
 * for num in range(10):
 *     Process(target=f, args=(lock, num)).start()
 * </pre>
 */
public final class HelloWorldLockDemo {
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
     * Runs the parent, or with {@code child HANDLE N} one child.
     *
     * @param args nothing for the parent
     * @throws InterruptedException when interrupted
     */
    public static void main(final String[] args) throws InterruptedException {
        if (args.length == 3 && args[0].equals("child")) {
            f(ChildProcesses.decode(args[1]), Integer.parseInt(args[2]));
            return;
        }
        try (Shmproc mp = Shmproc.open()) {
            final Lock lock = mp.lock();
            final List<Process> children = new ArrayList<>();
            for (int num = 0; num < 10; num++) {
                children.add(ChildProcesses.start(HelloWorldLockDemo.class, "child", ChildProcesses.encode(lock),
                    Integer.toString(num)));
            }
            ChildProcesses.joinAll(children);
        }
    }
}
