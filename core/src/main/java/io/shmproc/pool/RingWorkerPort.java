package io.shmproc.pool;

import io.shmproc.memory.Buffers;
import io.shmproc.memory.Sleepers;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * A worker's port on this host: its slot in the pool's control file, that is its task ring, its result ring and
 * its status line (pid, generation, running job, tasks done), which the parent reads when the worker dies. The
 * worker sleeps in the kernel when idle and wakes the dispatcher after each result.
 */
final class RingWorkerPort implements WorkerPort {
    private final OneToOneRingBuffer tasks;
    private final OneToOneRingBuffer results;
    private final AtomicBuffer status;
    private final Sleepers dispatcherSleepers;
    private final AdaptiveIdle idle;
    private final String name = "pool worker pid " + ProcessHandle.current().pid();

    RingWorkerPort(final AtomicBuffer payload, final Path dir, final int slot, final int generation) {
        final int ringCapacity = payload.getInt(PoolLayout.RING_CAPACITY_OFFSET);
        this.status = Buffers.slice(payload, PoolLayout.slotOffset(slot, ringCapacity), PoolLayout.STATUS_LENGTH);
        this.tasks = new OneToOneRingBuffer(Buffers.slice(payload, PoolLayout.taskRingOffset(slot, ringCapacity),
            PoolLayout.ringLength(ringCapacity)));
        this.results = new OneToOneRingBuffer(Buffers.slice(payload,
            PoolLayout.resultRingOffset(slot, ringCapacity), PoolLayout.ringLength(ringCapacity)));
        // the parent wakes this worker after writing to its task ring; this worker wakes the dispatcher per result
        this.dispatcherSleepers = new Sleepers(payload, PoolLayout.DISPATCHER_SLEEPERS_OFFSET, dir);
        this.idle = new AdaptiveIdle(new Sleepers(payload, PoolLayout.slotOffset(slot, ringCapacity)
            + PoolLayout.STATUS_SLEEPERS_OFFSET, dir), () -> tasks.size() > 0);
        status.putLong(PoolLayout.STATUS_GENERATION_OFFSET, generation);
        // publishes the pid (and the generation above) to the parent
        status.putLongRelease(PoolLayout.STATUS_PID_OFFSET, ProcessHandle.current().pid());
    }

    @Override
    public int read(final MessageHandler handler) {
        final int read = tasks.read(handler, 1);
        idle.idle(read);
        return read;
    }

    @Override
    public void write(final int type, final DirectBuffer buffer, final int length) {
        final AdaptiveIdle wait = new AdaptiveIdle();
        while (!results.write(type, buffer, 0, length)) {
            wait.idle(0);
        }
        if (dispatcherSleepers.anyone()) {
            dispatcherSleepers.wakeOne();
        }
    }

    @Override
    public void running(final long jobId) {
        status.putLongRelease(PoolLayout.STATUS_RUNNING_JOB_OFFSET, jobId);
    }

    @Override
    public void finished(final int tasksDone) {
        status.putLong(PoolLayout.STATUS_TASKS_DONE_OFFSET, tasksDone);
        status.putLongRelease(PoolLayout.STATUS_RUNNING_JOB_OFFSET, 0);
    }

    @Override
    public int maxMessageLength() {
        return results.maxMsgLength();
    }

    @Override
    public String name() {
        return name;
    }
}
