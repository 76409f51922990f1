package io.shmproc.pool;

import io.shmproc.pipe.Connection;
import java.util.Objects;

/**
 * One worker JVM of a pool whose workers may be on other hosts, as the pool's dispatcher sees it: the pool's end
 * of a link (a pipe) to the worker, and where the worker runs. A backend's {@link WorkerLinks} hands these to the
 * pool; the worker's side runs {@link #serve}.
 *
 * <p><b>Across processes and hosts.</b> The link is any {@link Connection}: on a cluster context, a pipe whose ends
 * talk over Aeron UDP. The pool notices a worker's death, or the loss of its host, when the link reports end of
 * file (a cluster pipe: within its liveness timeout, a few seconds).
 */
public final class WorkerLink {
    private final Connection<?> connection;
    private final String host;
    private final long pid;

    private WorkerLink(final Connection<?> connection, final String host, final long pid) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.host = Objects.requireNonNull(host, "host");
        this.pid = pid;
    }

    /**
     * A worker that joined a pool.
     *
     * @param connection the pool's end of the link to it
     * @param host       the worker's host, as messages should name it
     * @param pid        the worker's process id
     * @return the worker
     */
    public static WorkerLink of(final Connection<?> connection, final String host, final long pid) {
        return new WorkerLink(connection, host, pid);
    }

    /**
     * Runs a pool worker in this JVM over a link whose other end a pool holds: runs the tasks the pool sends, one at
     * a time, until the pool stops it, closes the link or dies, or until the pool's {@code maxTasksPerChild} budget
     * is spent. A task whose classes this JVM cannot load fails with an exception that says so; the worker lives.
     *
     * @param link the worker's end of the link
     * @param host this host's name, as the pool's messages should name it
     * @return the number of tasks it ran
     */
    public static int serve(final Connection<?> link, final String host) {
        final PoolWorker worker = new PoolWorker(new LinkWorkerPort(link, host), 0);
        worker.loop();
        return worker.tasksDone();
    }

    /**
     * The pool's end of the link.
     *
     * @return the connection
     */
    public Connection<?> connection() {
        return connection;
    }

    /**
     * The worker's host.
     *
     * @return its name or address
     */
    public String host() {
        return host;
    }

    /**
     * The worker's process id.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    @Override
    public String toString() {
        return "pool worker pid " + pid + " on " + host;
    }
}
