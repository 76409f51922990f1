package io.shmproc.pool;

import io.shmproc.memory.Buffers;
import io.shmproc.memory.Sleepers;
import io.shmproc.process.ShmProcess;
import java.nio.file.Path;
import java.util.ArrayDeque;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The parent's view of one worker slot: the slot's memory in the control region, the worker process now in
 * it, and the jobs sent to that process whose results are not all in. Touched only by the dispatcher thread,
 * except {@link #exited}, which the process-exit callback sets.
 */
final class WorkerSlot {
    final int index;
    final AtomicBuffer memory;
    final AtomicBuffer status;
    final OneToOneRingBuffer tasks;
    final OneToOneRingBuffer results;
    final Sleepers sleepers;
    final ArrayDeque<Job> inFlight = new ArrayDeque<>();
    final IntHashSet knownFunctions = new IntHashSet();

    volatile ShmProcess process;
    volatile long pid;
    int generation;
    int sent;
    boolean stopSent;
    boolean finishedAny;
    volatile boolean dead = true;
    volatile boolean exited;

    WorkerSlot(final AtomicBuffer payload, final Path dir, final int index, final int ringCapacity) {
        this.index = index;
        this.memory = Buffers.slice(payload, PoolLayout.slotOffset(index, ringCapacity),
            PoolLayout.slotLength(ringCapacity));
        this.status = Buffers.slice(payload, PoolLayout.slotOffset(index, ringCapacity), PoolLayout.STATUS_LENGTH);
        this.tasks = new OneToOneRingBuffer(Buffers.slice(payload, PoolLayout.taskRingOffset(index, ringCapacity),
            PoolLayout.ringLength(ringCapacity)));
        this.results = new OneToOneRingBuffer(Buffers.slice(payload,
            PoolLayout.resultRingOffset(index, ringCapacity), PoolLayout.ringLength(ringCapacity)));
        this.sleepers = new Sleepers(payload, PoolLayout.slotOffset(index, ringCapacity)
            + PoolLayout.STATUS_SLEEPERS_OFFSET, dir);
    }

    /**
     * Writes a function's definition to the task ring: its id, then its serialized form.
     *
     * @param fn the function
     * @return {@code false} when the ring has no room now (nothing was written)
     */
    boolean offerDefine(final FunctionCache.Fn fn) {
        final int claimed = tasks.tryClaim(PoolProtocol.DEFINE, Integer.BYTES + fn.bytes.length);
        if (claimed < 0) {
            return false;
        }
        final AtomicBuffer ring = tasks.buffer();
        ring.putInt(claimed, fn.id, PoolProtocol.ORDER);
        ring.putBytes(claimed + Integer.BYTES, fn.bytes);
        tasks.commit(claimed);
        return true;
    }

    /**
     * Writes a task to the task ring: the job id, the function id, then the encoded call.
     *
     * @param jobId the job
     * @param fnId  its function, defined on this slot before
     * @param body  the encoded call
     * @return {@code false} when the ring has no room now (nothing was written)
     */
    boolean offerTask(final long jobId, final int fnId, final byte[] body) {
        final int claimed = tasks.tryClaim(PoolProtocol.TASK, Long.BYTES + Integer.BYTES + body.length);
        if (claimed < 0) {
            return false;
        }
        final AtomicBuffer ring = tasks.buffer();
        ring.putLong(claimed, jobId, PoolProtocol.ORDER);
        ring.putInt(claimed + Long.BYTES, fnId, PoolProtocol.ORDER);
        ring.putBytes(claimed + Long.BYTES + Integer.BYTES, body);
        tasks.commit(claimed);
        return true;
    }

    /** Wakes the worker if it sleeps in the kernel, after a write to its task ring (one load when it does not). */
    void wakeWorker() {
        if (sleepers.anyone()) {
            sleepers.wakeOne();
        }
    }

    /**
     * The job the worker says it is running.
     *
     * @return its id, 0 when idle
     */
    long runningJob() {
        return status.getLongVolatile(PoolLayout.STATUS_RUNNING_JOB_OFFSET);
    }

    /**
     * Whether the slot can take another job.
     *
     * @param prefetch         jobs a worker may have at once
     * @param maxTasksPerChild the worker's budget, 0 for unlimited
     * @return {@code true} when a live worker has room and budget
     */
    boolean canTake(final int prefetch, final int maxTasksPerChild) {
        return !dead && !exited && !stopSent && inFlight.size() < prefetch
            && (maxTasksPerChild == 0 || sent < maxTasksPerChild);
    }

    /** Zeroes the slot's memory: only when no process uses it. */
    void reset() {
        memory.setMemory(0, memory.capacity(), (byte) 0);
        knownFunctions.clear();
        sent = 0;
        stopSent = false;
        finishedAny = false;
    }

    @Override
    public String toString() {
        return "worker[" + index + ", pid " + pid + (dead ? ", dead" : "") + ", " + inFlight.size() + " in flight]";
    }
}
