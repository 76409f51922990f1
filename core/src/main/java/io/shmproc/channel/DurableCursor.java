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
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
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
    /** While the log stays empty, how often a poll checks that "no message" is the end and not damage. */
    private static final long DAMAGE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

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
    private final CRC32C crc = new CRC32C();
    /** When the next empty poll checks for damage: 0 = at the first empty poll (after a message, open or move). */
    private long nextDamageCheck;
    /** The damage found at the read position {@link #damageIndex}, reported again until the cursor moves. */
    private CorruptRegionException damageHere;
    private long damageIndex;
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
        } catch (final java.nio.file.AccessDeniedException e) {
            closeQuietly(lockFile);
            throw DurableFiles.permissionDenied(lockPath, e);
        } catch (final IOException e) {
            closeQuietly(lockFile);
            throw new ShmprocException("cannot lock consumer name '" + name + "' at " + lockPath + ": " + e, e);
        } catch (final RuntimeException | InternalError e) {
            closeQuietly(lockFile);
            throw channel.failure("open consumer '" + name + "' of", e);
        }
    }

    /**
     * Reads the next message, if there is one, and passes it to a handler; never blocks.
     *
     * <p>Damage is never mistaken for the end of the log: when no message is readable where the log says one
     * was appended (a truncated or overwritten cycle file), or a message's checksum does not match its bytes, this
     * throws {@link CorruptRegionException} naming the file and the position, and stays in front of the damage
     * (the next poll throws again; nothing past it is read or can be acknowledged).
     *
     * @param handler receives the message (its buffer is valid during the call only)
     * @return the message's index, or {@link DurableChannel#NO_INDEX} when there is no message now
     * @throws ClosedException                         when this cursor or its channel is closed
     * @throws CorruptRegionException                  when the log is damaged at the read position, or a stored
     *                                                 document is not one written by a {@link DurableChannel}
     * @throws io.shmproc.exceptions.DiskFullException when the log's file system is full and reading needed space
     * @throws ShmprocException                        when reading fails for another reason (named)
     */
    public synchronized long poll(final DurableMessageHandler handler) {
        ensureOpen();
        final long index;
        final long stamp;
        final int length;
        int storedCrc = 0;
        long position = -1;
        try (DocumentContext document = tailer.readingDocument()) {
            if (!document.isPresent()) {
                checkNotDamaged();
                return DurableChannel.NO_INDEX;
            }
            index = document.index();
            final Bytes<?> bytes = document.wire().bytes();
            position = bytes.readPosition();
            final long remaining = bytes.readRemaining();
            if (remaining < DurableLayout.STAMP_LENGTH) {
                document.rollbackOnClose();
                throw corrupt(index, position, "the document has " + remaining + " bytes, fewer than shmproc's "
                    + DurableLayout.STAMP_LENGTH + "-byte header; was it written by something else?");
            }
            final DurableFiles.Damage damage = channel.damage();
            if (damage != null && channel.queue().rollCycle().toCycle(index) == damage.cycle
                && position + remaining > damage.fromPosition) {
                document.rollbackOnClose();
                throw corrupt(index, position, damage.problem);
            }
            stamp = bytes.readLong();
            if (DurableLayout.hasChecksum(stamp)) {
                if (bytes.readRemaining() < DurableLayout.CHECKSUM_LENGTH) {
                    document.rollbackOnClose();
                    throw corrupt(index, position, "the document is too short for its checksum");
                }
                storedCrc = bytes.readInt();
            }
            length = (int) bytes.readRemaining();
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            bytes.read(scratch, 0, length);
        } catch (final ShmprocException e) {
            throw e;
        } catch (final RuntimeException | InternalError e) {
            throw channel.failure("read from", e);
        }
        if (DurableLayout.hasChecksum(stamp)) {
            crc.reset();
            crc.update(scratch, 0, length);
            if ((int) crc.getValue() != storedCrc) {
                stayAt(index);
                throw corrupt(index, position, "the message's bytes do not match its checksum (stored "
                    + Integer.toHexString(storedCrc) + ", computed " + Integer.toHexString((int) crc.getValue())
                    + "): the file was changed after the message was written");
            }
        }
        lastReadIndex = index;
        damageHere = null;
        view.wrap(scratch, 0, Math.max(length, 0));
        handler.onMessage(view, 0, length, index, DurableLayout.timeOf(stamp));
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
        try {
            // ordered store into the mapped metadata file: survives the death of this process once it returns
            acknowledged.setOrderedValue(index);
        } catch (final RuntimeException | InternalError e) {
            throw channel.failure("acknowledge consumer '" + name + "' in", e);
        }
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
        final long value;
        try {
            value = acknowledged.getVolatileValue();
        } catch (final RuntimeException | InternalError e) {
            throw channel.failure("read the acknowledgement of consumer '" + name + "' in", e);
        }
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
        try {
            tailer.toStart();
        } catch (final RuntimeException | InternalError e) {
            throw channel.failure("rewind consumer '" + name + "' of", e);
        }
        nextDamageCheck = 0;
        damageHere = null;
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
        nextDamageCheck = 0;
        damageHere = null;
        try {
            final long before = tailer.index();
            if (index > 0 && tailer.moveToIndex(index)) {
                return true;
            }
            tailer.moveToIndex(before);
            return false;
        } catch (final RuntimeException | InternalError e) {
            throw channel.failure("seek consumer '" + name + "' of", e);
        }
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
        nextDamageCheck = 0;
        damageHere = null;
        try {
            final SingleChronicleQueue queue = channel.queue();
            final RollCycle rollCycle = queue.rollCycle();
            final int target = (int) Math.floorDiv(epochMillis, (long) rollCycle.lengthInMillis());
            // the first cycle with a file at or after the target's; a quiet roll period has no file
            final Long from = channel.cycles().ceiling((long) target);
            if (from == null) {
                tailer.toEnd();
                return;
            }
            if (!tailer.moveToIndex(rollCycle.toIndex(from.intValue(), 0))) {
                // a cycle whose first document is not at sequence 0 (or whose file was deleted just now)
                if (from.intValue() <= queue.firstCycle()) {
                    tailer.toStart();
                } else {
                    tailer.toEnd();
                    return;
                }
            }
            skipMessagesBefore(epochMillis);
        } catch (final ShmprocException e) {
            throw e;
        } catch (final RuntimeException | InternalError e) {
            throw channel.failure("seek consumer '" + name + "' by time in", e);
        }
    }

    private void skipMessagesBefore(final long epochMillis) {
        while (true) {
            final long index;
            try (DocumentContext document = tailer.readingDocument()) {
                if (!document.isPresent()) {
                    return;
                }
                index = document.index();
                final Bytes<?> bytes = document.wire().bytes();
                if (bytes.readRemaining() < DurableLayout.STAMP_LENGTH
                    || DurableLayout.timeOf(bytes.readLong()) < epochMillis) {
                    continue;
                }
                document.rollbackOnClose();
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
            try {
                tailer.close();
                acknowledged.close();
            } catch (final RuntimeException | InternalError ignored) {
                // Chronicle's resources of a closed queue: nothing left to release; the name's lock is below
            }
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
        } catch (final RuntimeException | InternalError e) {
            throw channel.failure("retire consumer '" + name + "' in", e);
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

    /**
     * After an empty read: fails when the log says a message was appended at or after the read position (its
     * last index is at least the next index to read) but none is readable there, which only a truncated or
     * overwritten file explains. Checked at the first empty poll after an open or a move, then at most every
     * {@link #DAMAGE_CHECK_NANOS} of empty polls, so neither an idle consumer nor one that alternates between a
     * message and an empty poll (a round trip) pays for it more than ten times a second.
     */
    private void checkNotDamaged() {
        if (damageHere != null) {
            throw new CorruptRegionException(damageHere.file(), damageHere.getMessage().substring(
                damageHere.file().toString().length() + 2), damageHere);
        }
        final long now = System.nanoTime();
        if (nextDamageCheck != 0 && now - nextDamageCheck < 0) {
            return;
        }
        nextDamageCheck = now + DAMAGE_CHECK_NANOS;
        damageIndex = tailer.index();
        damageHere = findDamage();
        if (damageHere != null) {
            throw damageHere;
        }
    }

    private CorruptRegionException findDamage() {
        final long next = tailer.index();
        final DurableFiles.Damage damage = channel.damage();
        if (damage != null && (next <= 0 || channel.queue().rollCycle().toCycle(next) <= damage.cycle)) {
            return new CorruptRegionException(damage.file, "damage ahead of consumer '" + name + "' (at byte position "
                + damage.fromPosition + " of cycle " + damage.cycle + "; the consumer is at index "
                + Long.toHexString(next) + "): " + damage.problem + ". The consumer stays in front of it and its"
                + " acknowledgement does not move past it; restore the file from a backup, or seek past it");
        }
        final long last = channel.queue().lastIndex();
        if (next <= 0 || last < next) {
            return null;
        }
        // the last index was read after the empty read: a message published in between is readable now
        try (DocumentContext again = tailer.readingDocument()) {
            if (again.isPresent()) {
                again.rollbackOnClose();
                return null;
            }
        }
        if (tailer.index() != next) {
            return null; // the tailer moved on to the next cycle: not damage
        }
        return corrupt(next, -1, "no message is readable here although the log's last index is "
            + Long.toHexString(last) + ": the cycle file was truncated, or its contents overwritten");
    }

    private CorruptRegionException corrupt(final long index, final long position, final String problem) {
        final RollCycle rollCycle = channel.queue().rollCycle();
        final int cycle = rollCycle.toCycle(index);
        return new CorruptRegionException(channel.cycleFile(cycle), "damage at message index "
            + Long.toHexString(index) + " (hex; sequence " + rollCycle.toSequenceNumber(index) + " of cycle " + cycle
            + (position >= 0 ? ", byte position " + position : "") + ") read by consumer '" + name + "': "
            + problem + ". The consumer stays in front of it and its acknowledgement does not move past it;"
            + " restore the file from a backup, or seek past the damage to skip it");
    }

    private void stayAt(final long index) {
        try {
            tailer.moveToIndex(index);
        } catch (final RuntimeException | InternalError ignored) {
            // the caller reports the damage; the position is as good as it gets
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
