package io.shmproc.cluster;

import io.shmproc.codec.Codecs;
import io.shmproc.pool.WorkerLink;
import io.shmproc.process.ProcessTask;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one worker JVM of a pool on a cluster context runs: joins the pool (see {@link ClusterWorkerLinks}),
 * serves it until the pool stops it, closes its link or dies, or until its task budget is spent, then exits (the
 * {@link WorkerKeeper} that started it starts another). Public only because the process layer instantiates it by
 * name in the child; not for direct use.
 */
public final class ClusterPoolWorkerTask implements ProcessTask {
    /** Created by the child's bootstrap. */
    public ClusterPoolWorkerTask() {
    }

    /**
     * Joins the pool and serves it once.
     *
     * @param args the cluster's address and the pool's name
     */
    @Override
    public void run(final Object... args) throws Exception {
        final AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping.set(true), "shmproc-worker-stopping"));
        try {
            serveOnce(args);
        } catch (final RuntimeException e) {
            if (!stopping.get()) {
                throw e;
            }
            // told to stop (SIGTERM) while joining or serving: the context closed under it, nothing to report
        }
    }

    private static void serveOnce(final Object... args) throws InterruptedException {
        final ClusterShmproc mp = (ClusterShmproc) ClusterContexts.forAddress((String) args[0]);
        final String pool = (String) args[1];
        final String host = mp.egressHost();
        final long pid = ProcessHandle.current().pid();
        final ClusterConnection<Object> end = mp.pipeEnd("pool-" + pool + "-" + UUID.randomUUID(), true,
            Codecs.object(), 2);
        try {
            end.poll(); // listens, and publishes where, before the pool hears of it
            mp.<String>queue(ClusterWorkerLinks.joinQueue(pool)).put(end.pipeId() + " " + host + " " + pid);
            WorkerLink.serve(end, host);
        } finally {
            end.close();
        }
    }
}
