package io.shmproc.demos.pool;

import io.shmproc.pool.ConsoleProgressBar;
import io.shmproc.pool.MapOptions;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import java.util.List;

/**
 * A pool of 4 running 5 long tasks (1 s each) with the ready-made console progress bar. Python has no progress
 * bar; the nearest is iterating {@code imap_unordered} and counting.
 */
public final class PoolProgressDemo {
    private PoolProgressDemo() {
    }

    private static String longTask(final int x) {
        try {
            Thread.sleep(1_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "task " + x + " done in pid " + ProcessHandle.current().pid();
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(4))) {
            final List<String> results = pool.map(PoolProgressDemo::longTask, List.of(1, 2, 3, 4, 5),
                MapOptions.defaults().chunksize(1).progress(new ConsoleProgressBar("5 long tasks")));
            results.forEach(System.out::println);
        }
    }
}
