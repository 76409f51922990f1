package io.shmproc.pool;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.pipe.Connection;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntHashSet;

/**
 * The parent side of a pool whose workers are reached through links ({@link WorkerLinks}), on this host or any
 * other: one dispatcher thread accepts workers as they join, sends jobs to them (at most {@code prefetch} each),
 * reads their results, and notices a worker's end when its link reports end of file.
 *
 * <p>A worker says which job it starts ({@code RUNNING}); when its link ends, that job fails with a
 * {@link PeerDiedException} naming the worker's host and pid, and the jobs it had been sent but had not started
 * go back to the front of the queue for other workers, as on one host. Jobs wait while no worker is linked.
 * Starting and replacing workers is the {@link WorkerLinks}' job.
 */
final class LinkedPoolEngine extends AbstractPoolEngine {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final int RESULT_READ_LIMIT = 64;

    /** The dispatcher's view of one linked worker. */
    private static final class Linked {
        final WorkerLink worker;
        final Connection<?> connection;
        /** {@code " on HOST"}, for messages. */
        final String where;
        final ArrayDeque<Job> inFlight = new ArrayDeque<>();
        final IntHashSet knownFunctions = new IntHashSet();
        long running;
        int sent;
        boolean stopSent;

        Linked(final WorkerLink worker) {
            this.worker = worker;
            this.connection = worker.connection();
            this.where = " on " + worker.host();
        }

        boolean canTake(final int prefetch, final int maxTasksPerChild) {
            return !stopSent && inFlight.size() < prefetch && (maxTasksPerChild == 0 || sent < maxTasksPerChild);
        }
    }

    private final WorkerLinks links;
    private final String name;
    private final byte[] initMessage;
    private final FunctionCache functions;
    private final List<Linked> workers = new ArrayList<>();
    private final ArrayBuffer frame = ArrayBuffer.growable(4096);
    private final Thread dispatcher;
    private final io.shmproc.channel.MessageHandler resultHandler = this::onMessage;
    private volatile List<Long> pids = List.of();
    private Linked current;

    LinkedPoolEngine(final PoolOptions options, final WorkerLinks links) {
        this(options, links, POOL_IDS.incrementAndGet());
    }

    private LinkedPoolEngine(final PoolOptions options, final WorkerLinks links, final int id) {
        super(options, "shmproc-linked-pool-" + id);
        this.links = links;
        this.name = "pool " + id + " (" + links.describe() + ")";
        final int maxBody = PoolProtocol.LINK_MAX_MESSAGE_LENGTH - Integer.BYTES;
        this.initMessage = PoolProtocol.encodeInitializer(options, maxBody);
        this.functions = new FunctionCache(maxBody);
        dispatcher = new Thread(this, "shmproc-linked-pool-" + id + "-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public int maxMessageLength() {
        // TaskEncoder subtracts the TASK header it does not write; the link adds the type
        return PoolProtocol.LINK_MAX_MESSAGE_LENGTH - Integer.BYTES;
    }

    @Override
    public FunctionCache functions() {
        return functions;
    }

    @Override
    public int processes() {
        return Math.max(1, Math.max(options.processes(), pids.size()));
    }

    @Override
    void wakeDispatcher() {
        LockSupport.unpark(dispatcher);
    }

    @Override
    String describe() {
        return name;
    }

    @Override
    public List<Long> workerPids() {
        return pids;
    }

    @Override
    public Path regionPath() {
        return null;
    }

    // ---- the dispatcher thread ----

    @Override
    public void run() {
        final AdaptiveIdle idle = new AdaptiveIdle();
        try {
            while (true) {
                int work = drainSubmissions();
                work += acceptWorkers();
                work += pollResults();
                work += dispatch();
                final State now = state;
                if (now == State.TERMINATING) {
                    failEverything(new ClosedException("the pool was terminated before the task finished"));
                    break;
                }
                if (now == State.SHUTDOWN && isDrained()) {
                    break;
                }
                idle.idle(work);
            }
        } catch (final Throwable t) {
            System.err.println("shmproc: the dispatcher of " + name + " failed; failing every task");
            t.printStackTrace();
            failEverything(new ShmprocException("the pool's dispatcher thread failed", t));
        } finally {
            cleanup();
        }
    }

    private int acceptWorkers() {
        int joined = 0;
        for (WorkerLink worker = links.poll(); worker != null; worker = links.poll()) {
            final Linked linked = new Linked(worker);
            boolean sent = true;
            if (options.maxTasksPerChild() > 0) {
                frame.putInt(Integer.BYTES, options.maxTasksPerChild(), PoolProtocol.ORDER);
                sent = send(linked, PoolProtocol.LIMIT, Integer.BYTES);
            }
            if (sent && initMessage != null) {
                frame.putBytes(Integer.BYTES, initMessage);
                sent = send(linked, PoolProtocol.INIT, initMessage.length);
            }
            if (sent) {
                workers.add(linked);
                joined++;
            }
        }
        if (joined > 0) {
            updatePids();
        }
        return joined;
    }

    private void updatePids() {
        final List<Long> now = new ArrayList<>(workers.size());
        for (final Linked linked : workers) {
            now.add(linked.worker.pid());
        }
        pids = List.copyOf(now);
    }

    private int pollResults() {
        int work = 0;
        for (int i = workers.size() - 1; i >= 0; i--) {
            final Linked linked = workers.get(i);
            current = linked;
            final int read = linked.connection.pollBytes(resultHandler, RESULT_READ_LIMIT);
            work += read;
            if (read == 0 && linked.connection.poll()) {
                // a message arrived meanwhile, or the link ended: recvBytes tells which without blocking
                try {
                    linked.connection.recvBytes(resultHandler);
                    work++;
                } catch (final EOFException e) {
                    onWorkerGone(linked, "its link ended (the worker exited, died or was cut off)");
                    work++;
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return work;
    }

    private void onMessage(final DirectBuffer buffer, final int offset, final int length) {
        final int type = buffer.getInt(offset, PoolProtocol.ORDER);
        final int index = offset + Integer.BYTES;
        final long jobId = buffer.getLong(index, PoolProtocol.ORDER);
        if (type == PoolProtocol.RUNNING) {
            current.running = jobId;
            return;
        }
        final Job job = inFlight.get(jobId);
        if (job == null) {
            return;
        }
        final long pid = current.worker.pid();
        if (type == PoolProtocol.ERROR) {
            finish(job);
            job.failed(PoolProtocol.decodeFailure(buffer, index + Long.BYTES, length - Integer.BYTES - Long.BYTES,
                pid, jobId));
            return;
        }
        storeResults(job, buffer, index, pid, current.where);
    }

    @Override
    void finish(final Job job) {
        inFlight.remove(job.id);
        current.inFlight.remove(job);
        if (current.running == job.id) {
            current.running = 0;
        }
    }

    private int dispatch() {
        int work = 0;
        while (!pending.isEmpty()) {
            final Job job = pending.peekFirst();
            if (job.isCancelled()) {
                pending.pollFirst();
                continue;
            }
            final Linked linked = choose();
            if (linked == null) {
                break;
            }
            pending.pollFirst();
            if (sendJob(linked, job)) {
                work++;
            } else {
                pending.addFirst(job);
            }
        }
        return work;
    }

    private Linked choose() {
        Linked best = null;
        for (final Linked linked : workers) {
            if (linked.canTake(options.prefetch(), options.maxTasksPerChild())
                && (best == null || linked.inFlight.size() < best.inFlight.size())) {
                best = linked;
            }
        }
        return best;
    }

    private boolean sendJob(final Linked linked, final Job job) {
        final FunctionCache.Fn fn = job.fn;
        if (!linked.knownFunctions.contains(fn.id)) {
            frame.putInt(Integer.BYTES, fn.id, PoolProtocol.ORDER);
            frame.putBytes(2 * Integer.BYTES, fn.bytes);
            if (!send(linked, PoolProtocol.DEFINE, Integer.BYTES + fn.bytes.length)) {
                return false;
            }
            linked.knownFunctions.add(fn.id);
        }
        frame.putLong(Integer.BYTES, job.id, PoolProtocol.ORDER);
        frame.putInt(Integer.BYTES + Long.BYTES, fn.id, PoolProtocol.ORDER);
        frame.putBytes(Integer.BYTES + Long.BYTES + Integer.BYTES, job.body);
        if (!send(linked, PoolProtocol.TASK, Long.BYTES + Integer.BYTES + job.body.length)) {
            return false;
        }
        job.received = 0;
        linked.inFlight.addLast(job);
        linked.sent++;
        inFlight.put(job.id, job);
        return true;
    }

    /** Sends the body already in {@link #frame} after its type; a link that fails is a worker gone. */
    private boolean send(final Linked linked, final int type, final int length) {
        frame.putInt(0, type, PoolProtocol.ORDER);
        try {
            linked.connection.sendBytes(frame, 0, Integer.BYTES + length);
            return true;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (final RuntimeException e) {
            onWorkerGone(linked, "the pool could not send to it (" + e.getMessage() + ")");
            return false;
        }
    }

    /** A worker's link ended: its running job is lost, the jobs it had not started go to other workers. */
    private void onWorkerGone(final Linked linked, final String why) {
        if (!workers.remove(linked)) {
            return;
        }
        current = linked;
        Job lost = null;
        final List<Job> resend = new ArrayList<>();
        for (final Job job : linked.inFlight) {
            inFlight.remove(job.id);
            if (job.id == linked.running) {
                lost = job;
            } else {
                resend.add(job);
            }
        }
        linked.inFlight.clear();
        for (int i = resend.size() - 1; i >= 0; i--) {
            pending.addFirst(resend.get(i));
        }
        linked.connection.close();
        updatePids();
        if (lost != null) {
            lost.failed(new PeerDiedException(linked.worker + " was lost while running task " + lost.id + ": " + why
                + "; the task is lost, " + resend.size() + " task(s) it had not started were sent to other workers"));
        }
    }

    /** Stops every linked worker (STOP, then the link closes), then the links' own workers. */
    private void cleanup() {
        try {
            for (final Linked linked : new ArrayList<>(workers)) {
                if (state != State.TERMINATING) {
                    send(linked, PoolProtocol.STOP, 0);
                }
                linked.connection.close();
            }
            workers.clear();
            pids = List.of();
            links.close();
        } catch (final RuntimeException e) {
            System.err.println("shmproc: closing the workers of " + name + ": " + e);
        } finally {
            ended();
        }
    }

    @Override
    public String toString() {
        return name + " [" + state + ", " + pids.size() + " workers]";
    }
}
