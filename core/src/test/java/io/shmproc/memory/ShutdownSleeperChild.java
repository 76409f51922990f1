package io.shmproc.memory;

import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM main for {@link KernelWakeupShutdownTest}: its first sleep in the kernel happens in a shutdown hook, a
 * timed {@code poll} of an empty queue at {@code <file>}, and it prints {@code polled <result>} when the poll
 * returns or {@code failed <throwable>} when it throws.
 */
public final class ShutdownSleeperChild {
    private ShutdownSleeperChild() {
    }

    /**
     * Registers the hook and returns, which starts the JVM's shutdown.
     *
     * @param args the queue's file
     */
    public static void main(final String[] args) {
        final Path file = Path.of(args[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (SharedQueue<String> queue = SharedQueue.attach(file, QueueOptions.defaults())) {
                System.out.println("polled " + queue.poll(300, TimeUnit.MILLISECONDS));
            } catch (final Throwable e) {
                System.out.println("failed " + e);
            }
            System.out.flush();
        }, "test-hook"));
        System.out.println("returning");
    }
}
