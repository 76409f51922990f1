package io.shmproc.demos.process;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;

/**
 * Python's {@code terminate()} example: a sleeping child, shown before start, while running, and after
 * {@code terminate()}, with its exit code -15 (SIGTERM).
 *
 * <pre>
 * p = multiprocessing.Process(target=time.sleep, args=(1000,))
 * print(p, p.is_alive())            # initial False
 * p.start()
 * print(p, p.is_alive())            # started True
 * p.terminate()
 * time.sleep(0.1)
 * print(p, p.is_alive())            # stopped exitcode=-SIGTERM False
 * p.exitcode == -signal.SIGTERM     # True
 * </pre>
 */
public final class TerminateDemo {
    private TerminateDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while joining
     */
    public static void main(final String[] args) throws InterruptedException {
        try (Shmproc mp = Shmproc.open()) {
            final ShmProcess p = mp.process(() -> Thread.sleep(1_000_000));
            System.out.println(p + " " + p.isAlive());
            p.start();
            System.out.println(p + " " + p.isAlive());
            p.terminate();
            p.join();
            System.out.println(p + " " + p.isAlive());
            System.out.println("exitCode == -15 (SIGTERM): " + (p.exitCode().getAsInt() == -15));
        }
    }
}
