package io.shmproc.demos.process;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import java.util.ArrayList;
import java.util.List;

/**
 * Several children started, then joined in a loop, each printing its number and name; the parent then prints
 * each exit code.
 *
 * <pre>
 * def f(i):
 *     print('worker', i, current_process().name)
 *
 * if __name__ == '__main__':
 *     procs = [Process(target=f, args=(i,)) for i in range(4)]
 *     for p in procs:
 *         p.start()
 *     for p in procs:
 *         p.join()
 *     print([p.exitcode for p in procs])
 * </pre>
 */
public final class JoinLoopDemo {
    private JoinLoopDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args optional: the number of children (default 4)
     * @throws InterruptedException if interrupted while joining
     */
    public static void main(final String[] args) throws InterruptedException {
        final int count = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        try (Shmproc mp = Shmproc.open()) {
            final List<ShmProcess> procs = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                final int n = i;
                procs.add(mp.process(() -> System.out.println("worker " + n + " " + ShmProcess.current().name())));
            }
            for (final ShmProcess p : procs) {
                p.start();
            }
            for (final ShmProcess p : procs) {
                p.join();
            }
            final List<Integer> codes = new ArrayList<>();
            for (final ShmProcess p : procs) {
                codes.add(p.exitCode().orElse(Integer.MIN_VALUE));
            }
            System.out.println("exit codes " + codes + "; cpuCount " + ShmProcess.cpuCount());
        }
    }
}
