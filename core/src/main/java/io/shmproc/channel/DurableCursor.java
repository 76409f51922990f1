package io.shmproc.channel;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.ArrayBuffer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NavigableSet;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.values.LongValue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A named consumer's position in a {@link DurableChannel}: it reads messages in log order and persists the
 * index of the last message it <em>acknowledged</em>, so that a cursor reopened under the same name, in any
 * process and after any crash, resumes right after that message.
 *
 * <p><b>Delivery.</b> At least once: a message read but not acknowledged before the process died is read
 * again by the next cursor of that name. Acknowledging is one ordered store into the mapped
 * {@code metadata.cq4t} (no system call), so it survives SIGKILL the moment {@link #ack} returns.
 *
 * <p><b>Independence.</b> Each name has its own position; several names read the same log independently and
 * at their own pace. A name has at most one open cursor at a time (an OS file lock on
 * {@code consumers/<name>.lock}, released by the kernel when the holder dies).
 *
 * <p><b>Replay.</b> {@link #rewind()}, {@link #seek(long)} and {@link #seekTime(long)} move the read position
 * only; the persisted acknowledgement moves when the consumer acknowledges a message after that.
 *
 * <p>Thread-safe (methods are synchronised), but meant for one consuming thread.
 */
public final class DurableCursor implements AutoCloseable {
    private static final int INITIAL_SCRATCH = 1024;

    private final DurableChannel channel;
    private final String name;
    private final ExcerptTailer tailer;
    private final LongValue acknowledged;
    private final FileChannel lockFile;
    private final FileLock lock;
    private final ArrayBuffer view = ArrayBuffer.wrapping(new byte[0]);
    private byte[] scratch = new byte[INITIAL_SCRATCH];
    private long lastReadIndex = DurableChannel.NO_INDEX;
    private int lastAckCycle = Integer.MIN_VALUE;
    private boolean closed;

    private DurableCursor(final DurableChannel channel, final String name, final ExcerptTailer tailer,
                          final LongValue acknowledged, final FileChannel lockFile, final FileLock lock) {
        this.channel = channel;
        this.name = name;
        this.tailer = tailer;
        this.acknowledged = acknowledged;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    static DurableCursor open(final DurableChannel channel, final String name) {
        final Path lockPath = channel.directory().resolve(DurableChannel.CONSUMERS_DIRECTORY).resolve(name + ".lock");
        FileChannel lockFile = null;
        FileLock lock = null;
        try {
            lockFile = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockFile.tryLock();
            } catch (final OverlappingFileLockException inThisJvm) {
                lock = null;
            }
            if (lock == null) {
                throw new ShmprocException("consumer name '" + name + "' of " + channel.directory() + " is already"
                    + " open (in this or another process); a name has one open cursor at a time");
            }
            final SingleChronicleQueue queue = channel.queue();
            final LongValue acknowledged = queue.metaStore().doWithExclusiveLock(
                store -> store.acquireValueFor(DurableChannel.ACK_KEY_PREFIX + name, 0L));
            final ExcerptTailer tailer = queue.createTailer();
            tailer.singleThreadedCheckDisabled(true);
            final DurableCursor cursor = new DurableCursor(channel, name, tailer, acknowledged, lockFile, lock);
            cursor.resumeAfterAcknowledgement();
            return cursor;
        } catch (final IOException e) {
            closeQuietly(lockFile);
            throw new ShmprocException("cannot lock consumer name '" + name + "' at " + lockPath, e);
        } catch (final RuntimeException e) {
            closeQuietly(lockFile);
            throw e;
        }
    }

    /**
     * Reads the next message, if there is one, and passes it to a handler; never blocks.
     *
     * @param handler receives the message (its buffer is valid during the call only)
     * @return the message's index, or {@link DurableChannel#NO_INDEX} when there is no message now
     * @throws ClosedException        when this cursor or its channel is closed
     * @throws CorruptRegionException when a stored document is shorter than shmproc's header (not written
     *                                by a {@link DurableChannel})
     */
    public synchronized long poll(final DurableMessageHandler handler) {
        ensureOpen();
        final long index;
        final long timestamp;
        final int length;
        try (DocumentContext document = tailer.readingDocument()) {
            if (!document.isPresent()) {
                return DurableChannel.NO_INDEX;
            }
            index = document.index();
            final Bytes<?> bytes = document.wire().bytes();
            final long remaining = bytes.readRemaining();
            if (remaining < DurableChannel.HEADER_LENGTH) {
                throw new CorruptRegionException(channel.directory(), "document at index "
                    + Long.toHexString(index) + " has " + remaining + " bytes, fewer than shmproc's "
                    + DurableChannel.HEADER_LENGTH + "-byte header; was it written by something else?");
            }
            timestamp = bytes.readLong();
            length = (int) bytes.readRemaining();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            bytes.read(scratch, 0, length);
        }
        lastReadIndex = index;
        view.wrap(scratch, 0, Math.max(length, 0));
        handler.onMessage(view, 0, length, index, timestamp);
        return index;
    }

    /**
     * Acknowledges every message up to and including the last one read: the name now resumes after it.
     *
     * @throws IllegalStateException when nothing has been read yet
     * @throws ClosedException       when this cursor or its channel is closed
     */
    public synchronized void ack() {
        if (lastReadIndex == DurableChannel.NO_INDEX) {
            throw new IllegalStateException("consumer '" + name + "' has read no message since it opened; nothing"
                + " to acknowledge");
        }
        ack(lastReadIndex);
    }

    /**
     * Acknowledges every message up to and including {@code index}: a cursor reopened under this name resumes
     * right after it. May move the position back (after a replay). When the acknowledgement enters a new cycle,
     * the channel's retention runs ({@link DurableChannel#deleteConsumedCycles()}).
     *
     * @param index the index of a message this cursor has read
     * @throws IllegalArgumentException when {@code index} is not positive or beyond the last message read
     * @throws ClosedException          when this cursor or its channel is closed
     */
    public synchronized void ack(final long index) {
        ensureOpen();
        if (index <= 0 || index > lastReadIndex) {
            throw new IllegalArgumentException("index=" + Long.toHexString(index) + " (hex) cannot be acknowledged by"
                + " consumer '" + name + "'; expected the index of a message it has read, at most "
                + Long.toHexString(lastReadIndex));
        }
        // ordered store into the mapped metadata file: survives the death of this process once it returns
        acknowledged.setOrderedValue(index);
        final int cycle = channel.queue().rollCycle().toCycle(index);
        if (cycle != lastAckCycle) {
            lastAckCycle = cycle;
            channel.deleteConsumedCycles();
        }
    }

    /**
     * The index this name last acknowledged, as persisted (possibly by an earlier process).
     *
     * @return the index, or {@link DurableChannel#NO_INDEX} when this name never acknowledged a message
     */
    public synchronized long acknowledgedIndex() {
        ensureOpen();
        final long value = acknowledged.getVolatileValue();
        return value <= 0 || value == DurableChannel.RETIRED ? DurableChannel.NO_INDEX : value;
    }

    /**
     * The index of the last message this cursor read.
     *
     * @return the index, or {@link DurableChannel#NO_INDEX} before the first read
     */
    public synchronized long lastReadIndex() {
        return lastReadIndex;
    }

    /**
     * Moves the read position to the oldest message still in the log (replay from the start).
     *
     * @throws ClosedException when this cursor or its channel is closed
     */
    public synchronized void rewind() {
        ensureOpen();
        tailer.toStart();
    }

    /**
     * Moves the read position so that the next message read is the one at {@code index}.
     *
     * @param index a message index (from {@link DurableMessageHandler}, {@link DurableChannel#append} or
     *              {@link #lastReadIndex()})
     * @return {@code true} when the log holds that index; {@code false} (position unchanged) otherwise
     * @throws ClosedException when this cursor or its channel is closed
     */
    public synchronized boolean seek(final long index) {
        ensureOpen();
        final long before = tailer.index();
        if (index > 0 && tailer.moveToIndex(index)) {
            return true;
        }
        tailer.moveToIndex(before);
        return false;
    }

    /**
     * Moves the read position to the first message appended at or after a point in time (by the producers'
     * wall clocks), or to the end when there is none. Finds the cycle of that time, then scans it: cost
     * proportional to the messages in one cycle.
     *
     * @param epochMillis the point in time, in milliseconds since the epoch
     * @throws ClosedException when this cursor or its channel is closed
     */
    public synchronized void seekTime(final long epochMillis) {
        ensureOpen();
        final SingleChronicleQueue queue = channel.queue();
        final RollCycle rollCycle = queue.rollCycle();
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        final int target = (int) Math.floorDiv(epochMillis, (long) rollCycle.lengthInMillis());
        if (first == Integer.MAX_VALUE || target > last) {
            tailer.toEnd();
            return;
        }
        if (target <= first) {
            tailer.toStart();
        } else {
            final NavigableSet<Long> cycles = queue.listCyclesBetween(target, last);
            if (cycles.isEmpty() || !tailer.moveToIndex(rollCycle.toIndex(cycles.first().intValue(), 0))) {
                tailer.toEnd();
                return;
            }
        }
        while (true) {
            final long index;
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return;
                }
                index = document.index();
                final Bytes<?> bytes = document.wire().bytes();
                if (bytes.readRemaining() < DurableChannel.HEADER_LENGTH || bytes.readLong() < epochMillis) {
                    continue;
                }
            }
            tailer.moveToIndex(index);
            return;
        }
    }

    /**
     * The consumer's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Releases the name (other processes may open it) without acknowledging anything. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            tailer.close();
            acknowledged.close();
            try {
                lock.release();
            } catch (final IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(lockFile);
        }
        channel.cursorClosed(this);
    }

    @Override
    public synchronized String toString() {
        return "DurableCursor['" + name + "' of " + channel.directory() + ", last read "
            + Long.toHexString(lastReadIndex) + (closed ? ", closed" : "") + "]";
    }

    /** Marks the name retired and closes this cursor. */
    void retire() {
        try {
            acknowledged.setOrderedValue(DurableChannel.RETIRED);
        } finally {
            close();
        }
    }

    private void resumeAfterAcknowledgement() {
        final long acked = acknowledged.getVolatileValue();
        if (acked == DurableChannel.RETIRED) {
            // a retired name comes back: it counts for retention again from here, starting at the oldest message
            acknowledged.setOrderedValue(0);
            tailer.toStart();
        } else if (acked > 0 && tailer.moveToIndex(acked)) {
            try (DocumentContext skipped = tailer.readingDocument()) {
                lastReadIndex = skipped.isPresent() ? skipped.index() : DurableChannel.NO_INDEX;
            }
            lastAckCycle = channel.queue().rollCycle().toCycle(acked);
        } else {
            tailer.toStart();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedException("consumer '" + name + "' of " + channel.directory() + " is closed");
        }
        channel.ensureOpen();
    }

    private static void closeQuietly(final FileChannel file) {
        if (file != null) {
            try {
                file.close();
            } catch (final IOException ignored) {
                // nothing left to release
            }
        }
    }
}
