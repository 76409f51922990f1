package io.shmproc.pool;

import io.shmproc.process.ProcessTask;

/**
 * The {@link ProcessTask} a pool worker process runs: {@link PoolWorker#run}. Public only because the process
 * layer instantiates it by name in the child; not for direct use.
 */
public final class PoolWorkerTask implements ProcessTask {
    /** Created by the child's bootstrap. */
    public PoolWorkerTask() {
    }

    /**
     * Runs the worker until it is stopped or its task budget is spent.
     *
     * @param args control file path, slot index, generation, max tasks per child (0 for unlimited)
     */
    @Override
    public void run(final Object... args) {
        PoolWorker.run((String) args[0], (Integer) args[1], (Integer) args[2], (Integer) args[3]);
    }
}
