package io.shmproc.pool;

import java.util.stream.Collectors;

/** A parent JVM for {@link PoolParentDeathTest}: starts a pool of 2, prints its worker pids, and waits. */
final class PoolParentMain {
    private PoolParentMain() {
    }

    public static void main(final String[] args) throws Exception {
        final ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2));
        pool.apply(() -> 1);
        System.out.println("WORKERS " + pool.workerPids().stream().map(String::valueOf)
            .collect(Collectors.joining(" ")));
        System.out.println("DIR " + pool.controlFile().getParent());
        Thread.sleep(120_000);
    }
}
