package io.shmproc.pool;

import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.Buffers;
import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.Sleepers;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The loop of a pool worker JVM: attaches to the pool's control region, takes its slot, and runs the tasks of its
 * task ring one at a time, writing results to its result ring, until told to stop or until its
 * {@code maxTasksPerChild} budget is spent. It runs as a daemon {@link io.shmproc.process.ShmProcess}, so it dies
 * with its parent.
 *
 * <p>Before running a task it stores the task's id in its status line (release store); it clears it after the
 * task's last result is written. That word is how the parent tells which task died with a worker.
 */
final class PoolWorker {
    private final OneToOneRingBuffer tasks;
    private final OneToOneRingBuffer results;
    private final AtomicBuffer status;
    private final int maxMessageLength;
    private final int maxTasks;
    private final long pid = ProcessHandle.current().pid();
    private final Int2ObjectHashMap<Invoker> functions = new Int2ObjectHashMap<>();
    private final ArrayBuffer out = ArrayBuffer.growable(4096);
    private final ArrayBuffer item = ArrayBuffer.growable(256);
    private final Sleepers dispatcherSleepers;
    private final AdaptiveIdle idle;
    private final Object[] args = new Object[2];
    private boolean stop;
    private int tasksDone;

    private PoolWorker(final AtomicBuffer payload, final Path dir, final int slot, final int maxTasks) {
        final int ringCapacity = payload.getInt(PoolLayout.RING_CAPACITY_OFFSET);
        this.status = Buffers.slice(payload, PoolLayout.slotOffset(slot, ringCapacity), PoolLayout.STATUS_LENGTH);
        this.tasks = new OneToOneRingBuffer(Buffers.slice(payload, PoolLayout.taskRingOffset(slot, ringCapacity),
            PoolLayout.ringLength(ringCapacity)));
        this.results = new OneToOneRingBuffer(Buffers.slice(payload,
            PoolLayout.resultRingOffset(slot, ringCapacity), PoolLayout.ringLength(ringCapacity)));
        this.maxMessageLength = results.maxMsgLength();
        this.maxTasks = maxTasks;
        // the parent wakes this worker after writing to its task ring; this worker wakes the dispatcher per result
        this.dispatcherSleepers = new Sleepers(payload, PoolLayout.DISPATCHER_SLEEPERS_OFFSET, dir);
        this.idle = new AdaptiveIdle(new Sleepers(payload, PoolLayout.slotOffset(slot, ringCapacity)
            + PoolLayout.STATUS_SLEEPERS_OFFSET, dir), () -> tasks.size() > 0);
    }

    /**
     * Runs a worker in this JVM (called by {@link PoolWorkerTask} in a child started by the pool).
     *
     * @param controlFile the pool's control region
     * @param slot        this worker's slot
     * @param generation  the slot's generation
     * @param maxTasks    tasks before exiting, 0 for unlimited
     */
    static void run(final String controlFile, final int slot, final int generation, final int maxTasks) {
        final MappedRegion region = MappedRegion.attach(Path.of(controlFile), RegionKind.POOL, PoolLayout.VERSION);
        final PoolWorker worker = new PoolWorker(region.payload(), Path.of(controlFile).toAbsolutePath().getParent(),
            slot, maxTasks);
        worker.status.putLong(PoolLayout.STATUS_GENERATION_OFFSET, generation);
        // publishes the pid (and the generation above) to the parent
        worker.status.putLongRelease(PoolLayout.STATUS_PID_OFFSET, worker.pid);
        worker.loop();
        KernelWakeup.release(Path.of(controlFile).toAbsolutePath().getParent());
        region.close();
    }

    private void loop() {
        while (!stop) {
            idle.idle(tasks.read(this::onMessage, 1));
        }
    }

    private void onMessage(final int type, final DirectBuffer buffer, final int index, final int length) {
        switch (type) {
            case PoolProtocol.INIT:
                initialize(buffer, index, length);
                break;
            case PoolProtocol.DEFINE:
                final int fnId = buffer.getInt(index, PoolProtocol.ORDER);
                functions.put(fnId, (Invoker) Codecs.javaSerialization().decode(buffer, index + Integer.BYTES,
                    length - Integer.BYTES));
                break;
            case PoolProtocol.FORGET:
                functions.clear();
                break;
            case PoolProtocol.TASK:
                runTask(buffer, index);
                break;
            case PoolProtocol.STOP:
                stop = true;
                break;
            default:
                throw new IllegalStateException("unknown pool message type " + type);
        }
    }

    private void initialize(final DirectBuffer buffer, final int index, final int length) {
        try {
            final Object[] init = (Object[]) Codecs.javaSerialization().decode(buffer, index, length);
            ((PoolInitializer) init[0]).initialize((Object[]) init[1]);
        } catch (final Throwable t) {
            System.err.println("shmproc: the pool initializer failed in worker pid " + pid + "; the worker exits");
            t.printStackTrace();
            System.exit(1);
        }
    }

    private void runTask(final DirectBuffer buffer, final int index) {
        final long jobId = buffer.getLong(index, PoolProtocol.ORDER);
        final int fnId = buffer.getInt(index + Long.BYTES, PoolProtocol.ORDER);
        final int arity = buffer.getInt(index + Long.BYTES + Integer.BYTES, PoolProtocol.ORDER);
        final int calls = buffer.getInt(index + Long.BYTES + 2 * Integer.BYTES, PoolProtocol.ORDER);
        // tells the parent which task dies with this worker, if it dies now
        status.putLongRelease(PoolLayout.STATUS_RUNNING_JOB_OFFSET, jobId);
        try {
            final Invoker invoker = functions.get(fnId);
            if (invoker == null) {
                throw new IllegalStateException("pool worker pid " + pid + " has no function " + fnId);
            }
            int position = index + PoolProtocol.TASK_HEADER_LENGTH;
            int first = 0;
            int count = 0;
            int length = PoolProtocol.RESULT_HEADER_LENGTH;
            for (int call = 0; call < calls; call++) {
                for (int a = 0; a < arity; a++) {
                    args[a] = PoolProtocol.readItem(buffer, position);
                    position += PoolProtocol.itemLength(buffer, position);
                }
                final Object result = invoker.call(args[0], args[1]);
                args[0] = null;
                args[1] = null;
                final int itemLength = encodeResult(result, call);
                if (length + itemLength > maxMessageLength) {
                    send(jobId, first, count, length);
                    first = call;
                    count = 0;
                    length = PoolProtocol.RESULT_HEADER_LENGTH;
                }
                out.putBytes(length, item, 0, itemLength);
                length += itemLength;
                count++;
            }
            send(jobId, first, count, length);
        } catch (final Throwable t) {
            sendFailure(jobId, t);
        }
        tasksDone++;
        status.putLong(PoolLayout.STATUS_TASKS_DONE_OFFSET, tasksDone);
        // the task's results are written: it can no longer die with this worker
        status.putLongRelease(PoolLayout.STATUS_RUNNING_JOB_OFFSET, 0);
        if (maxTasks > 0 && tasksDone >= maxTasks) {
            stop = true;
        }
    }

    private int encodeResult(final Object result, final int call) {
        final int itemLength;
        try {
            itemLength = PoolProtocol.writeItem(result, item, 0);
        } catch (final CodecException e) {
            throw new CodecException("the result of call " + call + " in pool worker pid " + pid + " cannot be"
                + " encoded: " + e.getMessage(), e.getCause());
        }
        if (PoolProtocol.RESULT_HEADER_LENGTH + itemLength > maxMessageLength) {
            throw new CodecException("the result of call " + call + " encodes to " + itemLength + " bytes, more than a"
                + " pool message holds (" + maxMessageLength + "); raise PoolOptions.ringCapacity", null);
        }
        return itemLength;
    }

    private void send(final long jobId, final int first, final int count, final int length) {
        out.putLong(0, jobId, PoolProtocol.ORDER);
        out.putInt(Long.BYTES, first, PoolProtocol.ORDER);
        out.putInt(Long.BYTES + Integer.BYTES, count, PoolProtocol.ORDER);
        write(PoolProtocol.RESULT, length);
    }

    private void sendFailure(final long jobId, final Throwable failure) {
        out.putLong(0, jobId, PoolProtocol.ORDER);
        int length = encodeFailure(failure);
        if (length < 0) {
            // Too large or not serializable: a copy of the same type (else a RemoteFailureException) whose message
            // and stack trace are cut until it fits, saying what was cut; never a reply the pool cannot carry.
            int chars = Math.max(64, maxMessageLength / 8);
            int frames = failure.getStackTrace().length;
            while (length < 0) {
                length = encodeFailure(standIn(failure, chars, frames));
                if (chars <= 64 && frames == 0 && length < 0) {
                    length = encodeFailure(new RemoteFailureException(pid, failure.getClass().getName()
                        + " (too large to send)", null));
                    break;
                }
                chars = Math.max(64, chars / 2);
                frames = frames / 2;
            }
        }
        write(PoolProtocol.ERROR, Long.BYTES + length);
    }

    /** Encodes a failure after the job id; -1 when it cannot be encoded or does not fit one pool message. */
    private int encodeFailure(final Throwable failure) {
        try {
            final int length = Codecs.javaSerialization().encode(failure, out, Long.BYTES);
            return Long.BYTES + length > maxMessageLength ? -1 : length;
        } catch (final RuntimeException | StackOverflowError e) {
            return -1;
        }
    }

    /** A serializable copy of a failure: same type when it has a (String) constructor, message and trace cut. */
    private Throwable standIn(final Throwable failure, final int chars, final int frames) {
        final StringBuilder message = new StringBuilder(cut(String.valueOf(failure.getMessage()), chars));
        final Throwable cause = failure.getCause();
        if (cause != null) {
            message.append(" [cause, not sent: ").append(cause.getClass().getName()).append(": ")
                .append(cut(String.valueOf(cause.getMessage()), chars / 4)).append(']');
        }
        final StackTraceElement[] trace = failure.getStackTrace();
        if (frames < trace.length) {
            message.append(" [stack trace cut to ").append(frames).append(" of ").append(trace.length)
                .append(" frames]");
        }
        Throwable copy;
        try {
            copy = failure.getClass().getConstructor(String.class).newInstance(message.toString());
        } catch (final ReflectiveOperationException | RuntimeException | LinkageError e) {
            copy = new RemoteFailureException(pid, failure.getClass().getName() + ": " + message, null);
        }
        copy.setStackTrace(java.util.Arrays.copyOf(trace, Math.min(frames, trace.length)));
        return copy;
    }

    private static String cut(final String text, final int chars) {
        if (text.length() <= chars) {
            return text;
        }
        return text.substring(0, chars) + "... [message truncated from " + text.length() + " to " + chars
            + " characters to fit a pool message]";
    }

    private void write(final int type, final int length) {
        final AdaptiveIdle wait = new AdaptiveIdle();
        while (!results.write(type, out, 0, length)) {
            wait.idle(0);
        }
        if (dispatcherSleepers.anyone()) {
            dispatcherSleepers.wakeOne();
        }
    }
}
