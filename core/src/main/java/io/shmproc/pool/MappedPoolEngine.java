package io.shmproc.pool;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.Sleepers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;

/**
 * The parent side of a pool: owns the control region, the worker processes and one dispatcher thread that
 * sends jobs to workers (at most {@code prefetch} each), reads their results, notices their deaths and
 * replaces them. Submitting threads only encode and enqueue; callbacks run on a separate callback thread.
 *
 * <p>When a worker dies, the dispatcher first reads every result it wrote, then fails the job its status line
 * names (the one it was running) with a {@link PeerDiedException} naming its pid and exit code or signal,
 * sends its other jobs to the front of the queue, zeroes its slot and starts a replacement. Starting, watching,
 * stopping and killing the worker processes is the job of its {@link WorkerSupervisor}; what happens to jobs is
 * decided here.
 */
final class MappedPoolEngine extends AbstractPoolEngine {
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final int RESULT_READ_LIMIT = 64;

    private final SharedDirectory privateDirectory;
    private final Path regionPath;
    private final MappedRegion region;
    private final WorkerSupervisor workers;
    private final WorkerSlot[] slots;
    private final FunctionCache functions;
    private final int maxMessageLength;
    private final Thread dispatcher;
    private final Sleepers dispatcherSleepers;
    private final Thread shutdownHook;
    private final MessageHandler resultHandler = this::onResult;
    private boolean regionClosed; // guarded by stateLock
    private WorkerSlot current;
    private int functionEpoch;
    private int consecutiveStartFailures;
    private Throwable broken;

    MappedPoolEngine(final PoolOptions options) {
        this(options, POOL_IDS.incrementAndGet());
    }

    private MappedPoolEngine(final PoolOptions options, final int id) {
        super(options, "shmproc-pool-" + id);
        // Agrona's one-to-one ring takes messages of up to an eighth of its capacity; checked before any file exists
        final byte[] initMessage = PoolProtocol.encodeInitializer(options, options.ringCapacity() / 8);
        if (options.directory() == null) {
            privateDirectory = SharedDirectory.create(SharedDirectory.configuredBase());
            regionPath = privateDirectory.path().resolve("pool-" + id);
        } else {
            privateDirectory = null;
            regionPath = options.directory().resolve("pool-" + ProcessHandle.current().pid() + "-" + id);
        }
        final long payloadLength = PoolLayout.payloadLength(options.processes(), options.ringCapacity());
        if (payloadLength > MappedRegion.MAX_PAYLOAD_LENGTH) {
            deletePrivateDirectory();
            throw new IllegalArgumentException("processes=" + options.processes() + " with ringCapacity="
                + options.ringCapacity() + " needs " + payloadLength + " bytes, more than one region maps ("
                + MappedRegion.MAX_PAYLOAD_LENGTH + "); use fewer processes or smaller rings");
        }
        try {
            region = MappedRegion.create(regionPath, RegionKind.POOL, PoolLayout.VERSION, payloadLength, payload -> {
                payload.putInt(PoolLayout.WORKERS_OFFSET, options.processes());
                payload.putInt(PoolLayout.RING_CAPACITY_OFFSET, options.ringCapacity());
            });
        } catch (final RuntimeException e) {
            deletePrivateDirectory();
            throw e;
        }
        dispatcher = new Thread(this, "shmproc-pool-" + id + "-dispatcher");
        dispatcher.setDaemon(true);
        dispatcherSleepers = new Sleepers(region.payload(), PoolLayout.DISPATCHER_SLEEPERS_OFFSET,
            regionPath.toAbsolutePath().getParent());
        workers = new WorkerSupervisor(region.payload(), options, regionPath, initMessage, this::wakeDispatcher,
            this::onWorkerExit);
        slots = workers.slots();
        maxMessageLength = slots[0].tasks.maxMsgLength();
        functions = new FunctionCache(maxMessageLength);
        shutdownHook = new Thread(this::onJvmExit, "shmproc-pool-" + id + "-exit");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            workers.startAll();
        } catch (final RuntimeException e) {
            workers.close();
            region.close();
            region.unlink();
            deletePrivateDirectory();
            removeShutdownHook();
            throw e;
        }
        dispatcher.start();
    }

    @Override
    public int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public FunctionCache functions() {
        return functions;
    }

    @Override
    public int processes() {
        return workers.size();
    }

    /**
     * Unparks the dispatcher, and wakes it if it sleeps in the kernel (one load of a shared line when not); under
     * the state lock, so that it never reads the control region after {@link #cleanup()} closed it.
     */
    @Override
    void wakeDispatcher() {
        LockSupport.unpark(dispatcher);
        synchronized (stateLock) {
            if (!regionClosed && dispatcherSleepers.anyone()) {
                dispatcherSleepers.wakeOne();
            }
        }
    }

    /** Whether the dispatcher has something to do: checked after it publishes itself as a sleeper. */
    private boolean dispatcherReady() {
        if (state != State.RUNNING || !submissions.isEmpty()) {
            return true;
        }
        for (final WorkerSlot slot : slots) {
            if (slot.exited || !slot.dead && slot.results.size() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pids of the live workers, in slot order (a snapshot; may race with a replacement).
     *
     * @return the pids
     */
    @Override
    public List<Long> workerPids() {
        return workers.pids();
    }

    @Override
    public Path regionPath() {
        return regionPath;
    }

    // ---- the dispatcher thread ----

    @Override
    public void run() {
        // sleeps in the kernel only while RUNNING: a stopping pool has deadlines of its own
        final AdaptiveIdle idle = new AdaptiveIdle(dispatcherSleepers, this::dispatcherReady);
        try {
            while (true) {
                int work = drainSubmissions();
                work += workers.checkExits();
                work += pollResults();
                work += dispatch();
                final State now = state;
                if (now == State.TERMINATING) {
                    terminateNow();
                    break;
                }
                if (now == State.SHUTDOWN && isDrained() && workers.stopAll()) {
                    break;
                }
                idle.idle(work);
            }
        } catch (final Throwable t) {
            System.err.println("shmproc: the pool dispatcher failed; failing every task and killing the workers");
            t.printStackTrace();
            failEverything(new ShmprocException("the pool's dispatcher thread failed", t));
            workers.killAll();
        } finally {
            cleanup();
        }
    }

    private int pollResults() {
        int work = 0;
        for (final WorkerSlot slot : slots) {
            if (!slot.dead) {
                current = slot;
                work += slot.results.read(resultHandler, RESULT_READ_LIMIT);
            }
        }
        return work;
    }

    private void onResult(final int type, final DirectBuffer buffer, final int index, final int length) {
        final long jobId = buffer.getLong(index, PoolProtocol.ORDER);
        final Job job = inFlight.get(jobId);
        if (job == null) {
            return;
        }
        final long pid = current.pid;
        if (type == PoolProtocol.ERROR) {
            finish(job);
            job.failed(PoolProtocol.decodeFailure(buffer, index + Long.BYTES, length - Long.BYTES, pid, jobId));
            return;
        }
        if (storeResults(job, buffer, index, pid, "")) {
            current.finishedAny = true;
            consecutiveStartFailures = 0;
        }
    }

    @Override
    String describe() {
        return "pool " + regionPath;
    }

    @Override
    void finish(final Job job) {
        inFlight.remove(job.id);
        if (job.slot != null) {
            job.slot.inFlight.remove(job);
        }
    }

    private int dispatch() {
        final int epoch = functions.epoch();
        if (epoch != functionEpoch) {
            functionEpoch = epoch;
            for (final WorkerSlot slot : slots) {
                if (!slot.dead && slot.tasks.write(PoolProtocol.FORGET, slot.memory, 0, 0)) {
                    slot.wakeWorker();
                    slot.knownFunctions.clear();
                }
            }
        }
        int work = 0;
        while (!pending.isEmpty()) {
            final Job job = pending.peekFirst();
            if (job.isCancelled()) {
                pending.pollFirst();
                continue;
            }
            if (broken != null) {
                pending.pollFirst();
                job.failed(broken);
                continue;
            }
            final WorkerSlot slot = choose();
            if (slot == null || !send(slot, job)) {
                break;
            }
            pending.pollFirst();
            work++;
        }
        return work;
    }

    private WorkerSlot choose() {
        WorkerSlot best = null;
        for (final WorkerSlot slot : slots) {
            if (slot.canTake(options.prefetch(), options.maxTasksPerChild())
                && (best == null || slot.inFlight.size() < best.inFlight.size())) {
                best = slot;
            }
        }
        return best;
    }

    private boolean send(final WorkerSlot slot, final Job job) {
        final FunctionCache.Fn fn = job.fn;
        if (!slot.knownFunctions.contains(fn.id)) {
            if (!slot.offerDefine(fn)) {
                return false;
            }
            slot.knownFunctions.add(fn.id);
        }
        if (!slot.offerTask(job.id, fn.id, job.body)) {
            return false;
        }
        slot.wakeWorker();
        job.slot = slot;
        job.received = 0;
        slot.inFlight.addLast(job);
        slot.sent++;
        inFlight.put(job.id, job);
        return true;
    }

    /** The dispatcher's part of a worker's exit: its results, its jobs, and whether it is replaced. */
    private void onWorkerExit(final WorkerSlot slot, final int exitValue) {
        current = slot;
        while (slot.results.read(resultHandler, Integer.MAX_VALUE) > 0) {
            // read every result the worker wrote before it died
        }
        final long running = slot.runningJob();
        final List<Job> resend = new ArrayList<>();
        Job lost = null;
        for (final Job job : slot.inFlight) {
            inFlight.remove(job.id);
            if (job.id == running) {
                lost = job;
            } else {
                resend.add(job);
            }
        }
        slot.inFlight.clear();
        for (int i = resend.size() - 1; i >= 0; i--) {
            pending.addFirst(resend.get(i));
        }
        slot.dead = true;
        if (lost != null) {
            lost.failed(new PeerDiedException("pool worker pid " + slot.pid + " "
                + WorkerLauncher.describeExit(exitValue)
                + " while running task " + lost.id + "; the task is lost, " + resend.size()
                + " task(s) it had not started were sent to other workers, and a replacement worker is starting"));
        }
        final boolean expected = exitValue == 0 && lost == null;
        if (!expected && lost == null && !slot.finishedAny && state != State.TERMINATING) {
            consecutiveStartFailures++;
            if (consecutiveStartFailures >= PoolOptions.MAX_CONSECUTIVE_START_FAILURES && broken == null) {
                broken = new PeerDiedException(consecutiveStartFailures + " pool workers in a row died before finishing"
                    + " a task (the last, pid " + slot.pid + ", " + WorkerLauncher.describeExit(exitValue)
                    + "); is the initializer failing? The pool no longer starts workers; close it");
            }
        }
        if (broken == null && needsWorkers()) {
            workers.start(slot);
        } else if (broken != null) {
            for (final Job job : pending) {
                job.failed(broken);
            }
            pending.clear();
        }
    }

    private boolean needsWorkers() {
        final State now = state;
        return now == State.RUNNING || (now == State.SHUTDOWN && !isDrained());
    }

    private void terminateNow() {
        workers.killAll();
        final ClosedException cause = new ClosedException("the pool was terminated before the task finished");
        failEverything(cause);
    }

    private void cleanup() {
        workers.close();
        // the dispatcher's socket and this JVM's connections to the workers' (the directory may be the user's)
        KernelWakeup.release(regionPath.toAbsolutePath().getParent());
        synchronized (stateLock) {
            regionClosed = true;
        }
        try {
            region.close();
            region.unlink();
        } catch (final RuntimeException e) {
            System.err.println("shmproc: cannot remove the pool's control file " + regionPath + ": " + e);
        }
        deletePrivateDirectory();
        removeShutdownHook();
        ended();
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException e) {
            // the JVM is exiting; the hook is running or ran
        }
    }

    private void deletePrivateDirectory() {
        if (privateDirectory != null) {
            SharedDirectory.deleteTree(privateDirectory.path());
        }
    }

    /** Daemon semantics: workers die with this JVM, and the private directory goes with them. */
    private void onJvmExit() {
        workers.destroyAllForcibly();
        deletePrivateDirectory();
    }

    @Override
    public String toString() {
        return "pool " + regionPath + " [" + state + ", " + workers.size() + " workers]";
    }
}
