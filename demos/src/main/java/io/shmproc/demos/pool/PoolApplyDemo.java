package io.shmproc.demos.pool;

import io.shmproc.pool.AsyncResult;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * A pool of 3: synchronous {@code apply} (one task at a time, the others idle) against {@code applyAsync} then
 * {@code get} (all three workers busy). Each task sleeps 200 ms. Python:
 * <pre>
 * with Pool(3) as pool:
 *     [pool.apply(work, (i,)) for i in range(6)]                      # ~1.2 s
 *     [r.get() for r in [pool.apply_async(work, (i,)) for i in range(6)]]  # ~0.4 s
 * </pre>
 */
public final class PoolApplyDemo {
    private PoolApplyDemo() {
    }

    private static String work(final int x) {
        try {
            Thread.sleep(200);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "task " + x + " in pid " + ProcessHandle.current().pid();
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws ExecutionException   when a task fails
     * @throws InterruptedException when interrupted
     */
    public static void main(final String[] args) throws ExecutionException, InterruptedException {
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(3))) {
            pool.apply(() -> 0);
            long t0 = System.nanoTime();
            for (int i = 0; i < 6; i++) {
                System.out.println("apply: " + pool.apply(PoolApplyDemo::work, i));
            }
            System.out.printf("6 x apply took %d ms (one at a time)%n", (System.nanoTime() - t0) / 1_000_000);

            t0 = System.nanoTime();
            final List<AsyncResult<String>> pending = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pending.add(pool.applyAsync(PoolApplyDemo::work, i));
            }
            for (final AsyncResult<String> r : pending) {
                System.out.println("applyAsync + get: " + r.get());
            }
            System.out.printf("6 x applyAsync + get took %d ms (three at a time)%n",
                (System.nanoTime() - t0) / 1_000_000);
        }
    }
}
