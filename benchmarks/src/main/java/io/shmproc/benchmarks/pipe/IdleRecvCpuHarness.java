package io.shmproc.benchmarks.pipe;

import io.shmproc.benchmarks.report.Figure;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.exceptions.ShmprocTimeoutException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * How much CPU a {@code recv()} blocked on an empty pipe burns with the default {@code BACKOFF} wait strategy:
 * one thread waits in a timed {@code recv} for the whole period; its CPU time (from {@link ThreadMXBean}) divided
 * by the wall time is the share of one core it used.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.pipe.IdleRecvCpuHarness [--quick]
 * </pre>
 * Prints {@code FIGURE pipe-idle-recv shmproc cpu_percent <value> %}.
 */
public final class IdleRecvCpuHarness {
    private IdleRecvCpuHarness() {
    }

    /**
     * Entry point.
     *
     * @param args {@code [--quick]}: 10 s instead of 60 s
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final long seconds = args.length > 0 && args[0].equals("--quick") ? 10 : 60;
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        try (Pipe<Object> pipe = Pipe.open(dir.path().resolve("idle"), PipeOptions.duplex())) {
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long[] cpu = new long[1];
            final Thread waiter = new Thread(() -> {
                final long start = threads.getCurrentThreadCpuTime();
                try {
                    pipe.first().recv(seconds, TimeUnit.SECONDS);
                } catch (final ShmprocTimeoutException expected) {
                    cpu[0] = threads.getCurrentThreadCpuTime() - start;
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "idle-recv");
            final long wallStart = System.nanoTime();
            waiter.start();
            waiter.join();
            final double wall = System.nanoTime() - wallStart;
            final double percent = 100.0 * cpu[0] / wall;
            System.out.printf("a recv() blocked for %d s on an empty pipe used %.3f %% of one core (%.1f ms CPU)%n",
                seconds, percent, cpu[0] / 1e6);
            new Figure("pipe-idle-recv", "shmproc", "cpu_percent", percent, "%").print();
        } finally {
            SharedDirectory.deleteTree(dir.path());
        }
    }
}
