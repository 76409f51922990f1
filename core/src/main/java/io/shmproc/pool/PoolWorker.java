package io.shmproc.pool;

import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.MessageHandler;

/**
 * The loop of a pool worker: reads its {@link WorkerPort} (the rings of its slot in the pool's control file, or a
 * link to a pool on another host) and runs the tasks one at a time, writing their results, until told to stop,
 * until its {@code maxTasksPerChild} budget is spent, or until its parent is gone. A worker the pool starts runs
 * as a daemon {@link io.shmproc.process.ShmProcess}, so it dies with its parent.
 *
 * <p>Before running a task it tells the port the task's id ({@link WorkerPort#running}); after the task's last
 * result is written it says so ({@link WorkerPort#finished}). That is how the parent tells which task died with a
 * worker. A function the worker cannot load (a class missing from its class path) fails each task that uses it
 * with an exception that says so, and the worker lives.
 */
final class PoolWorker {
    private final WorkerPort port;
    private final int maxMessageLength;
    private final long pid = ProcessHandle.current().pid();
    private final Int2ObjectHashMap<Invoker> functions = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<RuntimeException> unloadable = new Int2ObjectHashMap<>();
    private final ArrayBuffer out = ArrayBuffer.growable(4096);
    private final ArrayBuffer item = ArrayBuffer.growable(256);
    private final Object[] args = new Object[2];
    private final MessageHandler onMessage = this::onMessage;
    /** Tasks before exiting, 0 for unlimited (a link's LIMIT message sets it). */
    private int maxTasks;
    private boolean stop;
    private int tasksDone;

    PoolWorker(final WorkerPort port, final int maxTasks) {
        this.port = port;
        this.maxMessageLength = port.maxMessageLength();
        this.maxTasks = maxTasks;
    }

    /**
     * Runs a worker in this JVM (called by {@link PoolWorkerTask} in a child started by the pool).
     *
     * @param controlFile the pool's control file
     * @param slot        this worker's slot
     * @param generation  the slot's generation
     * @param maxTasks    tasks before exiting, 0 for unlimited
     */
    static void run(final String controlFile, final int slot, final int generation, final int maxTasks) {
        final MappedRegion region = MappedRegion.attach(Path.of(controlFile), RegionKind.POOL, PoolLayout.VERSION);
        final Path dir = Path.of(controlFile).toAbsolutePath().getParent();
        final RingWorkerPort port = new RingWorkerPort(region.payload(), dir, slot, generation);
        new PoolWorker(port, maxTasks).loop();
        KernelWakeup.release(dir);
        region.close();
    }

    /**
     * The tasks run so far.
     *
     * @return the count
     */
    int tasksDone() {
        return tasksDone;
    }

    /** Runs tasks until told to stop, the budget is spent, or the parent is gone. */
    void loop() {
        while (!stop) {
            if (port.read(onMessage) < 0) {
                return;
            }
        }
    }

    private void onMessage(final int type, final DirectBuffer buffer, final int index, final int length) {
        switch (type) {
            case PoolProtocol.INIT:
                initialize(buffer, index, length);
                break;
            case PoolProtocol.DEFINE:
                define(buffer.getInt(index, PoolProtocol.ORDER), buffer, index + Integer.BYTES,
                    length - Integer.BYTES);
                break;
            case PoolProtocol.FORGET:
                functions.clear();
                unloadable.clear();
                break;
            case PoolProtocol.LIMIT:
                maxTasks = buffer.getInt(index, PoolProtocol.ORDER);
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

    /** Loads a task's function; one that cannot be loaded here fails the tasks that use it, not the worker. */
    private void define(final int fnId, final DirectBuffer buffer, final int index, final int length) {
        final int originLength = buffer.getInt(index, PoolProtocol.ORDER);
        final int start = index + Integer.BYTES + originLength;
        try {
            functions.put(fnId, (Invoker) Codecs.javaSerialization().decode(buffer, start, index + length - start));
            unloadable.remove(fnId);
        } catch (final RuntimeException | LinkageError e) {
            final String origin = buffer.getStringWithoutLengthUtf8(index + Integer.BYTES, originLength);
            unloadable.put(fnId, new IllegalStateException(port.name() + " cannot load the task's function, from "
                + origin + ": every worker needs the task's classes on its class path (start workers on other hosts"
                + " with the same jars; see the guide's 'Pools across hosts'); " + e, e));
        }
    }

    private void initialize(final DirectBuffer buffer, final int index, final int length) {
        try {
            final Object[] init = (Object[]) Codecs.javaSerialization().decode(buffer, index, length);
            ((PoolInitializer) init[0]).initialize((Object[]) init[1]);
        } catch (final Throwable t) {
            System.err.println("shmproc: the pool initializer failed in " + port.name() + "; the worker exits");
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
        port.running(jobId);
        try {
            final Invoker invoker = functions.get(fnId);
            if (invoker == null) {
                final RuntimeException cannotLoad = unloadable.get(fnId);
                throw cannotLoad != null ? cannotLoad
                    : new IllegalStateException(port.name() + " has no function " + fnId);
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
        // the task's results are written: it can no longer die with this worker
        port.finished(tasksDone);
        if (maxTasks > 0 && tasksDone >= maxTasks) {
            stop = true;
        }
    }

    private int encodeResult(final Object result, final int call) {
        final int itemLength;
        try {
            itemLength = PoolProtocol.writeItem(result, item, 0);
        } catch (final CodecException e) {
            throw new CodecException("the result of call " + call + " in " + port.name() + " cannot be"
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
        port.write(type, out, length);
    }
}
