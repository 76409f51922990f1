package io.shmproc.queue;

import java.nio.file.Path;

/**
 * Child JVM main for the queue kernel wake-up tests: {@code take <file>} blocks in {@code take()} and prints
 * {@code woke <nanoTime>}; {@code join <file>} blocks in {@code join()} and prints the same.
 */
public final class SleepingQueueChild {
    private SleepingQueueChild() {
    }

    /**
     * Waits once.
     *
     * @param args {@code take|join} and the queue's file
     * @throws Exception whatever the wait throws
     */
    public static void main(final String[] args) throws Exception {
        try (JoinableQueue<Object> queue = JoinableQueue.attach(Path.of(args[1]), QueueOptions.defaults())) {
            System.out.println("waiting");
            if (args[0].equals("take")) {
                queue.take();
            } else {
                queue.join();
            }
            System.out.println("woke " + System.nanoTime());
        }
    }
}
