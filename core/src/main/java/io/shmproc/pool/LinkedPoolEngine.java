package io.shmproc.pool;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.pipe.Connection;
import java.io.EOFException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntHashSet;
import org.agrona.collections.Long2ObjectHashMap;

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
final class LinkedPoolEngine implements PoolEngine, Runnable {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final int RESULT_READ_LIMIT = 64;

    /** The dispatcher's view of one linked worker. */
    private static final class Linked {
        final WorkerLink worker;
        final Connection<?> connection;
        final ArrayDeque<Job> inFlight = new ArrayDeque<>();
        final IntHashSet knownFunctions = new IntHashSet();
        long running;
        int sent;
        boolean stopSent;

        Linked(final WorkerLink worker) {
            this.worker = worker;
            this.connection = worker.connection();
        }

        boolean canTake(final int prefetch, final int maxTasksPerChild) {
            return !stopSent && inFlight.size() < prefetch && (maxTasksPerChild == 0 || sent < maxTasksPerChild);
        }
    }

    private final PoolOptions options;
    private final WorkerLinks links;
    private final String name;
    private final byte[] initMessage;
    private final FunctionCache functions;
    private final ConcurrentLinkedQueue<Job> submissions = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Job> pending = new ArrayDeque<>();
    private final Long2ObjectHashMap<Job> inFlight = new Long2ObjectHashMap<>();
    private final List<Linked> workers = new ArrayList<>();
    private final ArrayBuffer frame = ArrayBuffer.growable(4096);
    private final ThreadPoolExecutor callbackThread;
    private final Executor callbacks;
    private final Thread dispatcher;
    private final Object stateLock = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final io.shmproc.channel.MessageHandler resultHandler = this::onMessage;
    private volatile State state = State.RUNNING;
    private volatile List<Long> pids = List.of();
    private Linked current;

    LinkedPoolEngine(final PoolOptions options, final WorkerLinks links) {
        this.options = options;
        this.links = links;
        final int id = POOL_IDS.incrementAndGet();
        this.name = "pool " + id + " (" + links.describe() + ")";
        final int maxBody = PoolProtocol.LINK_MAX_MESSAGE_LENGTH - Integer.BYTES;
        this.initMessage = PoolProtocol.encodeInitializer(options, maxBody);
        this.functions = new FunctionCache(maxBody);
        callbackThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            final Thread t = new Thread(r, "shmproc-linked-pool-" + id + "-callbacks");
            t.setDaemon(true);
            return t;
        });
        callbacks = this::runCallback;
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
    public Executor callbacks() {
        return callbacks;
    }

    @Override
    public int processes() {
        return Math.max(1, Math.max(options.processes(), pids.size()));
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public void submit(final Job job) {
        synchronized (stateLock) {
            if (state != State.RUNNING) {
                throw new RejectedExecutionException("the pool is "
                    + (state == State.SHUTDOWN ? "closed" : "terminated")
                    + " and accepts no new tasks", new ClosedException(name + " is " + state));
            }
            submissions.offer(job);
        }
        LockSupport.unpark(dispatcher);
    }

    @Override
    public void shutdown() {
        synchronized (stateLock) {
            if (state == State.RUNNING) {
                state = State.SHUTDOWN;
            }
        }
        LockSupport.unpark(dispatcher);
    }

    @Override
    public void terminate() {
        synchronized (stateLock) {
            state = State.TERMINATING;
        }
        LockSupport.unpark(dispatcher);
    }

    @Override
    public boolean awaitFinished(final long timeout, final TimeUnit unit) throws InterruptedException {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        if (!finished.await(timeout, unit)) {
            return false;
        }
        return callbackThread.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isFinished() {
        return finished.getCount() == 0 && callbackThread.isTerminated();
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

    private int drainSubmissions() {
        int count = 0;
        Job job;
        while ((job = submissions.poll()) != null) {
            pending.addLast(job);
            count++;
        }
        return count;
    }

    private boolean isDrained() {
        synchronized (stateLock) {
            return submissions.isEmpty() && pending.isEmpty() && inFlight.isEmpty();
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
        final int first = buffer.getInt(index + Long.BYTES, PoolProtocol.ORDER);
        final int count = buffer.getInt(index + Long.BYTES + Integer.BYTES, PoolProtocol.ORDER);
        int position = index + PoolProtocol.RESULT_HEADER_LENGTH;
        for (int i = 0; i < count; i++) {
            final Object value;
            try {
                value = PoolProtocol.readItem(buffer, position);
            } catch (final RuntimeException e) {
                finish(job);
                job.failed(new CodecException("result " + (first + i) + " of task " + jobId + " from "
                    + current.worker + " cannot be decoded in the parent: " + e.getMessage(), e));
                return;
            }
            job.result(first + i, value);
            position += PoolProtocol.itemLength(buffer, position);
        }
        job.received += count;
        if (job.received >= job.calls) {
            finish(job);
            job.succeeded();
        }
    }

    private void finish(final Job job) {
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

    private void failEverything(final Throwable cause) {
        drainSubmissions();
        for (final Job job : pending) {
            job.failed(cause);
        }
        pending.clear();
        for (final Job job : new ArrayList<>(inFlight.values())) {
            job.failed(cause);
        }
        inFlight.clear();
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
            callbackThread.shutdown();
            finished.countDown();
        }
    }

    private void runCallback(final Runnable callback) {
        final Runnable guarded = () -> {
            try {
                callback.run();
            } catch (final Throwable t) {
                System.err.println("shmproc: a pool callback threw; ignoring it");
                t.printStackTrace();
            }
        };
        try {
            callbackThread.execute(guarded);
        } catch (final RejectedExecutionException e) {
            guarded.run();
        }
    }

    @Override
    public String toString() {
        return name + " [" + state + ", " + pids.size() + " workers]";
    }
}
