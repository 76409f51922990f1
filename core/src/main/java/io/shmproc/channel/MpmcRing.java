package io.shmproc.channel;

import static io.shmproc.channel.MpmcLayout.ALIGNMENT;
import static io.shmproc.channel.MpmcLayout.CONSUMER_INTENT_HEAD_OFFSET;
import static io.shmproc.channel.MpmcLayout.CONSUMER_INTENT_READ_OFFSET;
import static io.shmproc.channel.MpmcLayout.FLAGS_WHOLE;
import static io.shmproc.channel.MpmcLayout.FLAG_BEGIN;
import static io.shmproc.channel.MpmcLayout.FLAG_END;
import static io.shmproc.channel.MpmcLayout.FLAG_PADDING;
import static io.shmproc.channel.MpmcLayout.FLAG_READY;
import static io.shmproc.channel.MpmcLayout.HEADER_LENGTH;
import static io.shmproc.channel.MpmcLayout.HEAD_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_INTENT_TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_INTENT_WRITTEN_OFFSET;
import static io.shmproc.channel.MpmcLayout.READ_OFFSET;
import static io.shmproc.channel.MpmcLayout.RECORD_FLAGS_OFFSET;
import static io.shmproc.channel.MpmcLayout.RECORD_LENGTH_OFFSET;
import static io.shmproc.channel.MpmcLayout.RING_OFFSET;
import static io.shmproc.channel.MpmcLayout.TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.WRITTEN_OFFSET;
import static io.shmproc.channel.MpmcLayout.recordLength;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.ArrayBuffer;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The records of an {@link MpmcChannel}'s ring: laying a record out after the tail, publishing it, reading
 * published records from the head, and zeroing and freeing what was read. One instance per channel handle;
 * every method that changes the ring is called with the corresponding lock held (producer lock for the tail
 * side, consumer lock for the head side), so the instance itself needs no synchronisation beyond that.
 *
 * <p><b>Across processes.</b> A record becomes visible only by the release store of its flags word with READY
 * (after its length and payload); a record laid out after padding becomes visible only with the padding's
 * flags word, the commit point of the write. Consumed bytes are zeroed before the head passes them, so a
 * producer always lays out over zeroes and a consumer never reads a lap past the published head.
 *
 * <p><b>Crashes.</b> Each side writes its intents (the tail or head about to be published, and the count with
 * it) before it changes the ring, so that {@link MpmcRecovery} can finish or undo the step of a holder killed
 * at any instruction here.
 */
final class MpmcRing {
    private final AtomicBuffer buffer;
    private final int capacity;
    private final int mask;
    private final int maxFragment;
    private final long maxItems;
    private final Path file;
    /** A head this process saw: a lower bound of the shared head (it only grows), read again only when short. */
    private long headCache;

    MpmcRing(final AtomicBuffer buffer, final int capacity, final int maxFragment, final long maxItems,
             final Path file) {
        this.buffer = buffer;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxFragment = maxFragment;
        this.maxItems = maxItems;
        this.file = file;
    }

    // ---------------------------------------------------------------- tail side (producer lock held)

    /** Writes a whole record if it fits now (by bytes and by items); never waits. */
    boolean writeWhole(final DirectBuffer src, final int offset, final int length) {
        final AtomicBuffer buf = buffer;
        final long tail = buf.getLong(TAIL_OFFSET);
        final int recordLength = recordLength(length);
        if (!hasItemRoom() || !ensureSpace(tail, recordLength)) {
            return false;
        }
        final long written = buf.getLong(WRITTEN_OFFSET) + 1;
        final long at = layOut(tail, length, recordLength, written);
        buf.putBytes(RING_OFFSET + (int) (at & mask) + HEADER_LENGTH, src, offset, length);
        publish(tail, at, FLAGS_WHOLE, recordLength, written);
        return true;
    }

    boolean hasItemRoom() {
        return maxItems == 0 || buffer.getLong(WRITTEN_OFFSET) - buffer.getLongVolatile(READ_OFFSET) < maxItems;
    }

    /** Whether a record of {@code recordLength} (plus padding to the ring's end if needed) fits after tail. */
    boolean ensureSpace(final long tail, final int recordLength) {
        if ((tail & (ALIGNMENT - 1)) != 0) {
            throw corrupt("TAIL", tail, "is not a multiple of " + ALIGNMENT);
        }
        final int toEnd = capacity - (int) (tail & mask);
        final int needed = recordLength > toEnd ? toEnd + recordLength : recordLength;
        if (capacity - (tail - headCache) >= needed) {
            return true;
        }
        final long head = buffer.getLongVolatile(HEAD_OFFSET);
        // head <= tail <= head + capacity, both aligned: checked on the values this path loads anyway
        if ((head & (ALIGNMENT - 1)) != 0 || head > tail || tail - head > capacity) {
            throw corrupt("HEAD", head, "breaks head <= tail (" + tail + ") <= head + capacity (" + capacity
                + "), both multiples of " + ALIGNMENT);
        }
        headCache = head;
        return capacity - (tail - head) >= needed;
    }

    /** Names a shared position that breaks the layout's invariants; cold, kept out of the hot methods. */
    private CorruptRegionException corrupt(final String field, final long value, final String problem) {
        return new CorruptRegionException(file, "its " + field + " position " + value + " " + problem
            + "; the ring was written by something other than shmproc and its items cannot be trusted");
    }

    /**
     * Places a record of {@code recordLength} after {@code tail} (after padding to the ring's end when it would
     * straddle it), writes the intents and the record's length, and returns the record's position. Nothing is
     * visible yet: the flags words are written by {@link #publish}.
     */
    long layOut(final long tail, final int length, final int recordLength, final long newWritten) {
        final AtomicBuffer buf = buffer;
        final int toEnd = capacity - (int) (tail & mask);
        final long at = recordLength > toEnd ? tail + toEnd : tail;
        // Intents first: a successor that finds us dead can tell a published span from garbage.
        buf.putLong(PRODUCER_INTENT_WRITTEN_OFFSET, newWritten);
        buf.putLong(PRODUCER_INTENT_TAIL_OFFSET, at + recordLength);
        buf.putInt(RING_OFFSET + (int) (at & mask) + RECORD_LENGTH_OFFSET, length);
        return at;
    }

    /**
     * Publishes the record laid out at {@code at}: its flags word with READY, and then (last, the commit point)
     * the padding header at {@code tail} when there is one; then the tail and the message count.
     */
    void publish(final long tail, final long at, final int flags, final int recordLength, final long newWritten) {
        final AtomicBuffer buf = buffer;
        // Publishes the record's length and payload written before it.
        buf.putIntRelease(RING_OFFSET + (int) (at & mask) + RECORD_FLAGS_OFFSET, flags | FLAG_READY);
        if (at != tail) {
            final int padIndex = RING_OFFSET + (int) (tail & mask);
            buf.putInt(padIndex + RECORD_LENGTH_OFFSET, (int) (at - tail) - HEADER_LENGTH);
            // Publishes the padding, and with it the record after it: the commit point of this write.
            buf.putIntRelease(padIndex + RECORD_FLAGS_OFFSET, FLAG_PADDING | FLAG_READY);
        }
        buf.putLongRelease(TAIL_OFFSET, at + recordLength);
        buf.putLongRelease(WRITTEN_OFFSET, newWritten);
    }

    // ---------------------------------------------------------------- head side (consumer lock held)

    /** Whether the record at the shared head is published: the lock-free check before taking the lock. */
    boolean headReady() {
        final long head = buffer.getLongVolatile(HEAD_OFFSET);
        if ((head & (ALIGNMENT - 1)) != 0) {
            throw corrupt("HEAD", head, "is not a multiple of " + ALIGNMENT);
        }
        return readyAt(head);
    }

    /** Whether the record at {@code position} is published (its flags word has READY). */
    boolean readyAt(final long position) {
        return (buffer.getIntVolatile(RING_OFFSET + (int) (position & mask) + RECORD_FLAGS_OFFSET) & FLAG_READY) != 0;
    }

    /**
     * Delivers up to {@code limit} ready messages from the head, handing a BEGIN record to {@code fragments},
     * and publishes the head it reached.
     *
     * @return the number delivered
     */
    int drain(final MpmcChannel.ReadHandler handler, final int limit, final MpmcFragments fragments) {
        final AtomicBuffer buf = buffer;
        long head = buf.getLong(HEAD_OFFSET);
        if ((head & (ALIGNMENT - 1)) != 0) {
            throw corrupt("HEAD", head, "is not a multiple of " + ALIGNMENT);
        }
        long published = head;
        long read = buf.getLong(READ_OFFSET);
        int delivered = 0;
        try {
            // Consumed bytes are zeroed only when the head is published: never read a lap past it.
            while (delivered < limit && head - published < capacity) {
                final int index = RING_OFFSET + (int) (head & mask);
                final int ready = buf.getIntVolatile(index + RECORD_FLAGS_OFFSET);
                if ((ready & FLAG_READY) == 0) {
                    break;
                }
                final int flags = ready & ~FLAG_READY;
                final int length = buf.getInt(index + RECORD_LENGTH_OFFSET);
                if (length < 0 || length > maxFragment && (flags & FLAG_PADDING) == 0) {
                    throw new CorruptRegionException(file, "has a record of length " + length + " at position "
                        + head + "; the ring is corrupt");
                }
                if ((flags & FLAG_PADDING) != 0) {
                    head += capacity - (int) (head & mask);
                } else if (flags == FLAGS_WHOLE) {
                    head += recordLength(length);
                    read++;
                    delivered++;
                    handler.onMessage(buf, index + HEADER_LENGTH, length);
                } else if ((flags & FLAG_BEGIN) != 0) {
                    publishHead(head, read);
                    final long after = fragments.read(head, read, handler);
                    if (after > 0) {
                        delivered++;
                    }
                    head = buf.getLong(HEAD_OFFSET);
                    published = head;
                    read = buf.getLong(READ_OFFSET);
                } else {
                    // A continuation whose beginning a dead consumer took: the message is lost, skip it.
                    head += recordLength(length);
                    if ((flags & FLAG_END) != 0) {
                        read++;
                    }
                }
            }
        } finally {
            if (head != buf.getLong(HEAD_OFFSET)) {
                publishHead(head, read);
            }
        }
        return delivered;
    }

    /**
     * Shows the first message from the head without consuming it (skipping padding and orphaned continuations).
     *
     * @return 1 when a message was shown, 0 when none is ready, -1 when it is fragmented
     */
    int peek(final MpmcChannel.ReadHandler handler) {
        final AtomicBuffer buf = buffer;
        long head = buf.getLong(HEAD_OFFSET);
        while (true) {
            final int index = RING_OFFSET + (int) (head & mask);
            final int ready = buf.getIntVolatile(index + RECORD_FLAGS_OFFSET);
            if ((ready & FLAG_READY) == 0) {
                return 0;
            }
            final int flags = ready & ~FLAG_READY;
            final int length = buf.getInt(index + RECORD_LENGTH_OFFSET);
            if ((flags & FLAG_PADDING) != 0) {
                head += capacity - (int) (head & mask);
            } else if (flags == FLAGS_WHOLE) {
                handler.onMessage(buf, index + HEADER_LENGTH, length);
                return 1;
            } else if ((flags & FLAG_BEGIN) != 0) {
                return -1;
            } else {
                head += recordLength(length);
            }
        }
    }

    /**
     * Shows, in order and without consuming them, up to {@code limit} messages published from the head: whole
     * records directly, a fragmented message reassembled into {@code assembly} once all its fragments are in the
     * ring. Stops at the first record not yet published and at a message still being streamed in; skips padding,
     * orphaned continuations and the fragments of a writer that gave up. Consumer lock holder only (the head
     * cannot move, so nothing shown is overwritten meanwhile).
     *
     * @return the number of messages shown
     */
    int snapshot(final MpmcChannel.ReadHandler handler, final int limit, final ArrayBuffer assembly) {
        final AtomicBuffer buf = buffer;
        final long start = buf.getLong(HEAD_OFFSET);
        long head = start;
        int shown = 0;
        outer:
        while (shown < limit && head - start < capacity) {
            final int index = RING_OFFSET + (int) (head & mask);
            final int ready = buf.getIntVolatile(index + RECORD_FLAGS_OFFSET);
            if ((ready & FLAG_READY) == 0) {
                break;
            }
            final int flags = ready & ~FLAG_READY;
            final int length = buf.getInt(index + RECORD_LENGTH_OFFSET);
            if ((flags & FLAG_PADDING) != 0) {
                head += capacity - (int) (head & mask);
            } else if (length < 0 || length > maxFragment) {
                throw new CorruptRegionException(file, "has a record of length " + length + " at position "
                    + head + "; the ring is corrupt");
            } else if (flags == FLAGS_WHOLE) {
                handler.onMessage(buf, index + HEADER_LENGTH, length);
                shown++;
                head += recordLength(length);
            } else if ((flags & FLAG_BEGIN) != 0) {
                int total = 0;
                long position = head;
                while (position - start < capacity) {
                    final int at = RING_OFFSET + (int) (position & mask);
                    final int word = buf.getIntVolatile(at + RECORD_FLAGS_OFFSET);
                    if ((word & FLAG_READY) == 0) {
                        break outer;
                    }
                    final int fragmentFlags = word & ~FLAG_READY;
                    if ((fragmentFlags & FLAG_PADDING) != 0) {
                        position += capacity - (int) (position & mask);
                        continue;
                    }
                    if (position != head && (fragmentFlags & FLAG_BEGIN) != 0) {
                        head = position;
                        continue outer;
                    }
                    final int fragmentLength = buf.getInt(at + RECORD_LENGTH_OFFSET);
                    if (fragmentLength < 0 || fragmentLength > maxFragment) {
                        throw new CorruptRegionException(file, "has a record of length " + fragmentLength
                            + " at position " + position + "; the ring is corrupt");
                    }
                    assembly.putBytes(total, buf, at + HEADER_LENGTH, fragmentLength);
                    total += fragmentLength;
                    position += recordLength(fragmentLength);
                    if ((fragmentFlags & FLAG_END) != 0) {
                        handler.onMessage(assembly, 0, total);
                        shown++;
                        head = position;
                        continue outer;
                    }
                }
                break;
            } else {
                head += recordLength(length);
            }
        }
        return shown;
    }

    void publishHead(final long newHead, final long newRead) {
        final AtomicBuffer buf = buffer;
        final long oldHead = buf.getLong(HEAD_OFFSET);
        buf.putLong(CONSUMER_INTENT_READ_OFFSET, newRead);
        // Before zeroing: a successor that finds us dead completes the step instead of reading zeroes.
        buf.putLongRelease(CONSUMER_INTENT_HEAD_OFFSET, newHead);
        zeroRange(oldHead, newHead);
        // Frees the ring up to newHead for producers: every read of those bytes happened before this store.
        buf.putLongRelease(HEAD_OFFSET, newHead);
        buf.putLongRelease(READ_OFFSET, newRead);
    }

    /** Zeroes the ring between two positions (at most one capacity apart), wrapping at the ring's end. */
    void zeroRange(final long from, final long to) {
        if (to <= from) {
            return;
        }
        final int start = (int) (from & mask);
        final int length = (int) (to - from);
        final int first = Math.min(length, capacity - start);
        buffer.setMemory(RING_OFFSET + start, first, (byte) 0);
        if (first < length) {
            buffer.setMemory(RING_OFFSET, length - first, (byte) 0);
        }
    }
}
