package io.shmproc.cluster;

import io.shmproc.codec.Codecs;
import io.shmproc.pool.WorkerLink;
import io.shmproc.pool.WorkerLinks;
import io.shmproc.queue.SharedQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * How a pool on a cluster context finds its workers: a worker JVM (one this pool starts on this host, or one the
 * {@code worker} command keeps on another host) opens the second end of a fresh cluster pipe and puts
 * {@code pipeId host pid} on the pool name's join queue, {@code shmproc.pool.NAME.joins}; this side's acceptor
 * thread takes it, opens the first end, checks that the stream connects (a worker that died while waiting is
 * dropped after {@link #CONNECT_NANOS}), and hands the link to the pool's dispatcher. Tasks then travel over the
 * pipe, directly between the two hosts; the cluster only carries the rendezvous.
 *
 * <p>Workers of one pool name serve whichever pool of that name takes them; one pool per name at a time is
 * the intended use.
 */
final class ClusterWorkerLinks implements WorkerLinks {
    /** How long a joined worker's stream may take to connect before it is taken for dead. */
    static final long CONNECT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long TAKE_MILLIS = 200;

    private final ClusterShmproc mp;
    private final String pool;
    private final SharedQueue<String> joins;
    private final ConcurrentLinkedQueue<WorkerLink> joined = new ConcurrentLinkedQueue<>();
    private final WorkerKeeper local;
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Starts accepting workers, and starts the local ones.
     *
     * @param mp           the context
     * @param pool         the pool's name
     * @param localWorkers how many workers to keep on this host
     * @param address      the cluster's address, for the local workers
     */
    ClusterWorkerLinks(final ClusterShmproc mp, final String pool, final int localWorkers, final String address) {
        this.mp = mp;
        this.pool = pool;
        this.joins = mp.queue(joinQueue(pool));
        this.acceptor = new Thread(this::accept, "shmproc-pool-" + pool + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        this.local = localWorkers == 0 ? null : new WorkerKeeper(
            () -> mp.process(ClusterPoolWorkerTask.class, address, pool), localWorkers,
            "the local workers of pool '" + pool + "'");
    }

    /**
     * The queue where workers of a pool announce themselves.
     *
     * @param pool the pool's name
     * @return the queue's name
     */
    static String joinQueue(final String pool) {
        return "shmproc.pool." + pool + ".joins";
    }

    private void accept() {
        while (!closed) {
            final String join;
            try {
                join = joins.poll(TAKE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                return;
            } catch (final RuntimeException e) {
                if (!closed) {
                    System.err.println("shmproc: pool '" + pool + "' cannot take joining workers: " + e);
                    sleepQuietly();
                }
                continue;
            }
            if (join != null) {
                link(join);
            }
        }
    }

    private void link(final String join) {
        final String[] parts = join.split(" ");
        if (parts.length != 3) {
            System.err.println("shmproc: pool '" + pool + "' ignores a malformed join '" + join + "'");
            return;
        }
        final ClusterConnection<Object> end;
        try {
            end = mp.pipeEnd(parts[0], true, Codecs.object(), 1);
        } catch (final RuntimeException e) {
            return; // the context is closing
        }
        try {
            if (!closed && end.awaitConnected(CONNECT_NANOS)) {
                joined.add(WorkerLink.of(end, parts[1], Long.parseLong(parts[2])));
                return;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            // a worker that died after joining, or whose pipe never registered: dropped
        }
        end.close();
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(TAKE_MILLIS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public WorkerLink poll() {
        return joined.poll();
    }

    @Override
    public String describe() {
        return "pool '" + pool + "' on " + mp;
    }

    @Override
    public void close() {
        closed = true;
        acceptor.interrupt();
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WorkerLink link = joined.poll(); link != null; link = joined.poll()) {
            link.connection().close();
        }
        if (local != null) {
            local.close();
        }
    }
}
