package io.shmproc.channel;

import static io.shmproc.channel.MpmcLayout.FLAG_BEGIN;
import static io.shmproc.channel.MpmcLayout.FLAG_END;
import static io.shmproc.channel.MpmcLayout.FLAG_PADDING;
import static io.shmproc.channel.MpmcLayout.FLAG_READY;
import static io.shmproc.channel.MpmcLayout.HEADER_LENGTH;
import static io.shmproc.channel.MpmcLayout.HEAD_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_LOCK_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_PID_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_START_OFFSET;
import static io.shmproc.channel.MpmcLayout.RECORD_FLAGS_OFFSET;
import static io.shmproc.channel.MpmcLayout.RECORD_LENGTH_OFFSET;
import static io.shmproc.channel.MpmcLayout.RING_OFFSET;
import static io.shmproc.channel.MpmcLayout.TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.WRITTEN_OFFSET;
import static io.shmproc.channel.MpmcLayout.recordLength;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.ArrayBuffer;
import java.util.concurrent.locks.LockSupport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The write and read paths of an {@link MpmcChannel} message larger than one record: a run of consecutive
 * fragments (BEGIN ... END) written under one hold of the producer lock and read, into a reassembly buffer,
 * under one hold of the consumer lock. One instance per channel handle; every method is called with the
 * corresponding lock held, so the reassembly buffer is never shared.
 *
 * <p><b>Across processes.</b> Fragments are published one by one (each by its READY flags word, as a whole
 * record is) so that a message larger than the ring streams through it; the message count {@code WRITTEN} grows
 * only with the END fragment. The reader frees each fragment as soon as it has copied it, and delivers the
 * message only when END arrives: no consumer ever sees part of a message.
 *
 * <p><b>Crashes.</b> A writer that dies, times out or is interrupted after publishing its first fragments
 * leaves an unfinished message: the reader discards it once it sees the writer gone (the producer lock free,
 * or not the word it was at BEGIN, or its holder dead at a liveness check at most every
 * {@value MpmcChannel#LIVENESS_CHECK_MILLIS} ms) with nothing more ready, or when a new BEGIN arrives. A reader
 * that dies mid-message loses that message: the next consumer skips its remaining fragments (see
 * {@link MpmcRing#drain}). Nothing here is on the path of a whole record.
 */
final class MpmcFragments {
    private final MpmcChannel channel;
    private final MpmcRing ring;
    private final MpmcRecovery recovery;
    private final AtomicBuffer buffer;
    private final int capacity;
    private final int mask;
    private final int maxFragment;
    private final int maxMessage;
    /** The reassembly buffer, made at the first fragmented message: a stream of small ones never loads it. */
    private ArrayBuffer assembly;

    MpmcFragments(final MpmcChannel channel, final MpmcRing ring, final MpmcRecovery recovery) {
        this.channel = channel;
        this.ring = ring;
        this.recovery = recovery;
        this.buffer = channel.buffer();
        this.capacity = channel.capacity();
        this.mask = capacity - 1;
        this.maxFragment = channel.maxFragment();
        this.maxMessage = channel.maxMessageLength();
    }

    // ---------------------------------------------------------------- writing (producer lock held)

    /**
     * Writes every fragment of a message if the whole of it fits now (by bytes and by items); never waits.
     *
     * @return {@code true} when the message was published, {@code false} when it does not fit now
     */
    boolean writeNow(final DirectBuffer src, final int offset, final int length) {
        if (freeBytes() < fragmentedLength(length) || !ring.hasItemRoom()) {
            return false;
        }
        try {
            return write(src, offset, length, 0, null);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt(); // cannot happen: without an idle strategy nothing waits
            return false;
        }
    }

    /**
     * Writes a message fragment by fragment, waiting for space between fragments until a deadline; with no
     * idle strategy ({@code null}) it never waits and returns {@code false} where it would.
     *
     * @return {@code true} when the END fragment was published, {@code false} when the deadline passed first
     *     (the fragments already published form an unfinished message that consumers discard)
     */
    boolean write(final DirectBuffer src, final int offset, final int length, final long deadlineNanos,
                  final IdleStrategy idle) throws InterruptedException {
        final AtomicBuffer buf = buffer;
        int done = 0;
        long lastCheck = System.nanoTime();
        if (idle != null) {
            idle.reset();
        }
        while (!ring.hasItemRoom()) {
            if (idle == null) {
                return false;
            }
            lastCheck = channel.waitStep(deadlineNanos, idle, lastCheck);
            if (lastCheck < 0) {
                return false;
            }
        }
        while (done < length) {
            final int chunk = Math.min(maxFragment, length - done);
            final int recordLength = recordLength(chunk);
            final long tail = buf.getLong(TAIL_OFFSET);
            if (!ring.ensureSpace(tail, recordLength)) {
                if (idle == null) {
                    return false;
                }
                lastCheck = channel.waitStep(deadlineNanos, idle, lastCheck);
                if (lastCheck < 0) {
                    return false; // consumers see the writer gone and discard the fragments already published
                }
                continue;
            }
            if (idle != null) {
                idle.reset();
            }
            final boolean last = done + chunk == length;
            final long written = buf.getLong(WRITTEN_OFFSET) + (last ? 1 : 0);
            final long at = ring.layOut(tail, chunk, recordLength, written);
            buf.putBytes(RING_OFFSET + (int) (at & mask) + HEADER_LENGTH, src, offset + done, chunk);
            ring.publish(tail, at, (done == 0 ? FLAG_BEGIN : 0) | (last ? FLAG_END : 0), recordLength, written);
            channel.wakeConsumer(); // a sleeping consumer must drain the fragments to make room
            done += chunk;
        }
        return true;
    }

    /** Ring bytes a message of {@code length} may need: its fragments plus the worst padding. */
    private long fragmentedLength(final int length) {
        final long fragments = (length + (long) maxFragment - 1) / maxFragment;
        return fragments * recordLength(maxFragment) + capacity / 8;
    }

    private long freeBytes() {
        return capacity - (buffer.getLong(TAIL_OFFSET) - buffer.getLongVolatile(HEAD_OFFSET));
    }

    // ---------------------------------------------------------------- reading (consumer lock held)

    /**
     * Reads one fragmented message whose BEGIN record is at {@code head}, publishing the head fragment by
     * fragment. Returns 1 when it was delivered, 0 when it was discarded because its writer is gone.
     */
    long read(final long beginHead, final long startRead, final MpmcChannel.ReadHandler handler) {
        final AtomicBuffer buf = buffer;
        if (assembly == null) {
            assembly = ArrayBuffer.growable(256);
        }
        final ArrayBuffer whole = assembly;
        long head = beginHead;
        long read = startRead;
        int assembled = 0;
        boolean first = true;
        final long writerLock = buf.getLongVolatile(PRODUCER_LOCK_OFFSET);
        long lastCheck = System.nanoTime();
        int spins = 0;
        while (true) {
            if (!ring.readyAt(head)) {
                ring.publishHead(head, read);
                final long lockNow = buf.getLongVolatile(PRODUCER_LOCK_OFFSET);
                if (!ring.readyAt(head)) {
                    if ((lockNow & MpmcLocks.PID_MASK) == 0 || lockNow != writerLock) {
                        return 0; // the writer released the lock without an END: it gave up
                    }
                    final long now = System.nanoTime();
                    if (now - lastCheck > MpmcChannel.LIVENESS_CHECK_NANOS) {
                        lastCheck = now;
                        if (recovery.holderDead(lockNow, PRODUCER_PID_OFFSET, PRODUCER_START_OFFSET)) {
                            return 0; // the writer died mid-message
                        }
                    }
                    channel.ensureOpen();
                    backoff(++spins);
                    continue;
                }
            }
            spins = 0;
            final int index = RING_OFFSET + (int) (head & mask);
            final int flags = buf.getIntVolatile(index + RECORD_FLAGS_OFFSET) & ~FLAG_READY;
            final int length = buf.getInt(index + RECORD_LENGTH_OFFSET);
            if ((flags & FLAG_PADDING) != 0) {
                head += capacity - (int) (head & mask);
                continue;
            }
            if (!first && (flags & FLAG_BEGIN) != 0) {
                ring.publishHead(head, read);
                return 0; // a new message began: the previous writer gave up; leave this record for the caller
            }
            first = false;
            if (assembled + (long) length > maxMessage) {
                throw new CorruptRegionException(channel.file(), "has a fragmented message longer than its maximum "
                    + maxMessage + "; the ring is corrupt");
            }
            whole.putBytes(assembled, buf, index + HEADER_LENGTH, length);
            assembled += length;
            head += recordLength(length);
            ring.publishHead(head, read); // zero and free each fragment at once: the writer needs the space
            if ((flags & FLAG_END) != 0) {
                read++;
                ring.publishHead(head, read);
                handler.onMessage(whole, 0, assembled);
                return 1;
            }
        }
    }

    private static void backoff(final int spins) {
        if (spins < 100) {
            Thread.onSpinWait();
        } else if (spins < 200) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(50_000);
        }
    }
}
