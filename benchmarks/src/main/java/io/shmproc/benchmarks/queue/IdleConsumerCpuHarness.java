package io.shmproc.benchmarks.queue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.queue.IdleMode;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures what a consumer blocked in {@code take()} on an empty queue costs: the CPU time of the blocked
 * thread (ThreadMXBean) over a wall-clock window, as a percentage of one core.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.queue.IdleConsumerCpuHarness [seconds=30]
 * </pre>
 */
public final class IdleConsumerCpuHarness {
    private IdleConsumerCpuHarness() {
    }

    /**
     * Runs the measurement and prints {@code idle take(): X % of a core over N s}.
     *
     * @param args {@code [seconds]}
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "shmproc-bench-idle-");
        final Path file = dir.resolve("idle");
        final SharedQueue<Object> q = SharedQueue.create(file, QueueOptions.defaults());
        final Thread consumer = new Thread(() -> {
            try {
                q.take();
            } catch (final ClosedException | InterruptedException e) {
                // the measurement is over
            }
        }, "idle-consumer");
        try {
            consumer.start();
            Thread.sleep(1_000); // past the spin and yield phases: the waiter is parking now
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final long cpu0 = threads.getThreadCpuTime(consumer.getId());
            final long wall0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            final long cpu = threads.getThreadCpuTime(consumer.getId()) - cpu0;
            final long wall = System.nanoTime() - wall0;
            System.out.printf("idle take(): %.3f %% of a core over %d s (thread CPU %.1f ms; backoff parks up to %d us,"
                + " then %d us after ~1 s idle)%n", 100.0 * cpu / wall, seconds, cpu / 1e6,
                IdleMode.BACKOFF_MAX_PARK_NANOS / 1000, IdleMode.DEEP_PARK_NANOS / 1000);
        } finally {
            q.close();
            consumer.join(5_000);
            q.unlink();
            Files.deleteIfExists(dir);
        }
    }
}
