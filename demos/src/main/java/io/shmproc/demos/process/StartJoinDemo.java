package io.shmproc.demos.process;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;

/**
 * Python's first {@code Process} example: start a child that greets, and wait for it.
 *
 * <pre>
 * def f(name):
 *     print('hello', name)
 *
 * if __name__ == '__main__':
 *     p = Process(target=f, args=('bob',))
 *     p.start()
 *     p.join()
 * </pre>
 */
public final class StartJoinDemo {
    private StartJoinDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while joining
     */
    public static void main(final String[] args) throws InterruptedException {
        try (Shmproc mp = Shmproc.open()) {
            final String name = "bob";
            final ShmProcess p = mp.process(() -> System.out.println("hello " + name)).start();
            p.join();
            System.out.println(p);
        }
    }
}
