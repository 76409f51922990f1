package io.shmproc.pool;

import io.shmproc.memory.ArrayBuffer;
import io.shmproc.pipe.Connection;
import java.io.EOFException;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;

/**
 * A worker's port over one link (a pipe) to a pool on any host: each {@link PoolProtocol} message is one pipe
 * message, {@code int type | body}. The worker tells the parent the job it starts with a {@code RUNNING} message,
 * since the parent cannot read its memory; end of file on the link (the pool closed it, or its JVM died) ends
 * the worker.
 */
final class LinkWorkerPort implements WorkerPort {
    /** How long one {@link #read} waits for a message: short enough to notice a stop, long enough to cost nothing. */
    private static final long READ_WAIT_MILLIS = 100;

    private final Connection<?> link;
    private final String name;
    private final ArrayBuffer frame = ArrayBuffer.growable(4096);
    private final ArrayBuffer received = ArrayBuffer.growable(4096);
    private final io.shmproc.channel.MessageHandler unwrap = this::unwrap;
    private MessageHandler handler;
    private boolean ended;

    LinkWorkerPort(final Connection<?> link, final String host) {
        this.link = link;
        this.name = "pool worker pid " + ProcessHandle.current().pid() + " on " + host;
    }

    @Override
    public int read(final MessageHandler target) {
        try {
            if (ended || !link.poll(READ_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return ended ? -1 : 0;
            }
            handler = target;
            link.recvBytes(unwrap);
            return 1;
        } catch (final EOFException e) {
            ended = true;
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            return -1;
        } finally {
            handler = null;
        }
    }

    private void unwrap(final DirectBuffer buffer, final int offset, final int length) {
        final int type = buffer.getInt(offset, PoolProtocol.ORDER);
        if (buffer instanceof MutableDirectBuffer) {
            handler.onMessage(type, (MutableDirectBuffer) buffer, offset + Integer.BYTES, length - Integer.BYTES);
        } else {
            received.putBytes(0, buffer, offset + Integer.BYTES, length - Integer.BYTES);
            handler.onMessage(type, received, 0, length - Integer.BYTES);
        }
    }

    @Override
    public void write(final int type, final DirectBuffer buffer, final int length) {
        frame.putInt(0, type, PoolProtocol.ORDER);
        frame.putBytes(Integer.BYTES, buffer, 0, length);
        send(Integer.BYTES + length);
    }

    @Override
    public void running(final long jobId) {
        frame.putInt(0, PoolProtocol.RUNNING, PoolProtocol.ORDER);
        frame.putLong(Integer.BYTES, jobId, PoolProtocol.ORDER);
        send(Integer.BYTES + Long.BYTES);
    }

    @Override
    public void finished(final int tasksDone) {
        // the job's last RESULT (or its ERROR) tells the parent
    }

    private void send(final int length) {
        if (ended) {
            return;
        }
        try {
            link.sendBytes(frame, 0, length);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
        } catch (final RuntimeException e) {
            // the pool closed the link or died: nothing to report to; the next read ends the worker
            ended = true;
        }
    }

    @Override
    public int maxMessageLength() {
        return PoolProtocol.LINK_MAX_MESSAGE_LENGTH - Integer.BYTES;
    }

    @Override
    public String name() {
        return name;
    }
}
