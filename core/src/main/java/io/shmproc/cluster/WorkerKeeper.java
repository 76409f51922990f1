package io.shmproc.cluster;

import io.shmproc.process.ShmProcess;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Keeps a number of pool worker JVMs running on this host: starts them, and starts a new one whenever one exits
 * (a worker exits after each pool it served, after its {@code maxTasksPerChild} budget, or when it dies), until
 * closed. Workers that die before serving a few seconds, {@value #MAX_QUICK_DEATHS} times in a row, stop it
 * (a worker that cannot start would otherwise be restarted forever): it says so on standard error.
 *
 * <p>Used for a cluster pool's local workers and by the {@code worker} command on other hosts. The workers are
 * daemon children: they die with this JVM.
 */
final class WorkerKeeper implements AutoCloseable {
    static final int MAX_QUICK_DEATHS = 5;
    private static final long QUICK_NANOS = Duration.ofSeconds(3).toNanos();
    private static final long CHECK_MILLIS = 100;
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final Supplier<ShmProcess> factory;
    private final ShmProcess[] workers;
    private final long[] startedNanos;
    private final String what;
    private final Thread thread;
    private volatile boolean closed;
    private int quickDeaths;

    /**
     * Starts {@code count} workers and keeps them running.
     *
     * @param factory makes one (not started) worker process
     * @param count   how many
     * @param what    what messages call them, such as {@code the workers of pool 'default'}
     */
    WorkerKeeper(final Supplier<ShmProcess> factory, final int count, final String what) {
        this.factory = factory;
        this.workers = new ShmProcess[count];
        this.startedNanos = new long[count];
        this.what = what;
        for (int i = 0; i < count; i++) {
            start(i);
        }
        this.thread = new Thread(this::keep, "shmproc-worker-keeper");
        thread.setDaemon(true);
        thread.start();
    }

    private void start(final int i) {
        startedNanos[i] = System.nanoTime();
        workers[i] = factory.get().daemon(true).start();
    }

    private void keep() {
        while (!closed) {
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (final InterruptedException e) {
                return;
            }
            synchronized (this) {
                for (int i = 0; i < workers.length && !closed; i++) {
                    if (workers[i] != null && !workers[i].isAlive()) {
                        restart(i);
                    }
                }
            }
        }
    }

    private void restart(final int i) {
        final int status = workers[i].exitCode().orElse(-1);
        if (status != 0 && System.nanoTime() - startedNanos[i] < QUICK_NANOS) {
            quickDeaths++;
        } else {
            quickDeaths = 0;
        }
        if (quickDeaths >= MAX_QUICK_DEATHS) {
            System.err.println("shmproc: " + MAX_QUICK_DEATHS + " of " + what + " in a row died within seconds of"
                + " starting (the last, pid " + workers[i].pid() + ", with status " + status + "); no more are"
                + " started. Is the class path or the initializer wrong? Its output above says why.");
            closed = true;
            return;
        }
        start(i);
    }

    /**
     * The pids of the workers now running.
     *
     * @return the pids
     */
    synchronized long[] pids() {
        final long[] pids = new long[workers.length];
        for (int i = 0; i < workers.length; i++) {
            pids[i] = workers[i] == null ? 0 : workers[i].pid();
        }
        return pids;
    }

    /**
     * Stops restarting; asks the workers to stop (SIGTERM: a worker waiting for a pool closes its cluster session
     * and its driver's files), waits a little, then kills the rest.
     */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        synchronized (this) {
            final long deadline = System.nanoTime() + STOP_GRACE.toNanos();
            for (final ShmProcess worker : workers) {
                if (worker != null && worker.isAlive()) {
                    worker.terminate();
                }
            }
            for (final ShmProcess worker : workers) {
                if (worker == null) {
                    continue;
                }
                try {
                    if (!worker.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                        worker.kill();
                        worker.join(STOP_GRACE);
                    }
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    worker.kill();
                }
            }
        }
    }
}
