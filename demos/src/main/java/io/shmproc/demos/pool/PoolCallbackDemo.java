package io.shmproc.demos.pool;

import io.shmproc.pool.AsyncResult;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import java.util.ArrayList;
import java.util.List;

/**
 * A pool of 2 running 10 tasks with {@code applyAsync} and a callback that prints the callback's pid: the
 * callbacks run in the parent, the tasks in the workers. Python:
 * <pre>
 * def f(x): return (x * x, os.getpid())
 * with Pool(2) as pool:
 *     for i in range(10):
 *         pool.apply_async(f, (i,), callback=lambda r: print(r, "callback in", os.getpid()))
 *     pool.close(); pool.join()
 * </pre>
 */
public final class PoolCallbackDemo {
    private PoolCallbackDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        System.out.println("parent pid " + ProcessHandle.current().pid());
        final List<AsyncResult<String>> results = new ArrayList<>();
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2))) {
            System.out.println("workers " + pool.workerPids());
            for (int i = 0; i < 10; i++) {
                results.add(pool.applyAsync((Integer x) -> x + " squared is " + x * x + " (task ran in pid "
                    + ProcessHandle.current().pid() + ")", i,
                    r -> System.out.println(r + "; callback runs in pid " + ProcessHandle.current().pid()),
                    Throwable::printStackTrace));
            }
        }
        System.out.println("all " + results.size() + " tasks done: " + results.stream().allMatch(r -> r.ready()));
    }
}
