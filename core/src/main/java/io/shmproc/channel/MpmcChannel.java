package io.shmproc.channel;

import static io.shmproc.channel.MpmcLayout.CAPACITY_OFFSET;
import static io.shmproc.channel.MpmcLayout.CONSUMER_LOCK_OFFSET;
import static io.shmproc.channel.MpmcLayout.CONSUMER_PID_OFFSET;
import static io.shmproc.channel.MpmcLayout.CONSUMER_START_OFFSET;
import static io.shmproc.channel.MpmcLayout.HEAD_OFFSET;
import static io.shmproc.channel.MpmcLayout.MAX_FRAGMENT_OFFSET;
import static io.shmproc.channel.MpmcLayout.MAX_ITEMS_OFFSET;
import static io.shmproc.channel.MpmcLayout.MAX_MESSAGE_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_LOCK_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_PID_OFFSET;
import static io.shmproc.channel.MpmcLayout.PRODUCER_START_OFFSET;
import static io.shmproc.channel.MpmcLayout.READ_OFFSET;
import static io.shmproc.channel.MpmcLayout.TAIL_OFFSET;
import static io.shmproc.channel.MpmcLayout.WRITTEN_OFFSET;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.Sleepers;
import io.shmproc.memory.WarmupTrigger;
import java.nio.file.Path;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * A bounded many-producer many-consumer channel of byte messages over one shared file, safe against any
 * producer or consumer being killed at any instruction.
 *
 * <p><b>Protocol.</b> Producers serialise on a <em>producer lock</em> and consumers on a <em>consumer
 * lock</em>: each is one CAS word holding an acquisition sequence and the holder's pid. A producer writes a
 * whole record into the ring and only then publishes it by a release store of its flags word with READY; a
 * consumer reads READY records from the head, zeroes them and frees them by moving the head. A message larger than
 * {@link #maxFragment()} travels as consecutive fragments (BEGIN ... END) written under one hold of the
 * producer lock and read under one hold of the consumer lock, so fragments never interleave and no consumer
 * ever sees part of a message. See {@code docs/design/queues.md}.
 *
 * <p><b>Crashes.</b> A lock word names its holder, so a waiter whose wait lasts longer than
 * {@value #LIVENESS_CHECK_MILLIS} ms checks whether the holder still lives and, if not, takes the lock over
 * (liveness is checked only while waiting, never per message).
 * <ul>
 *   <li>A producer killed mid-write leaves nothing visible: its record was never marked READY, and whoever
 *   takes the lock over zeroes the span it had laid out. If it had already published
 *   the first fragments of a large message, the consumer reading them discards the partial message once it
 *   sees the writer gone (dead, or the producer lock released or taken over) and nothing more coming.</li>
 *   <li>A consumer killed while holding the consumer lock loses nothing that it had not fully taken: a whole
 *   message it was reading is still at the head and is delivered to the next consumer (redelivered). Only a
 *   fragmented message whose first fragments it had already consumed is lost: the next consumer skips the
 *   remaining fragments.</li>
 * </ul>
 *
 * <p><b>Threads.</b> A handle may be used by many threads; the locks serialise them like separate processes.
 * Handlers run while the consumer lock is held: keep them short, and copy what you keep.
 *
 * <pre>{@code
 * MpmcChannel ch = MpmcChannel.create(path, 1 << 20, 0, 16 << 20);
 * ch.offer(buffer, 0, length);                       // false when full
 * ch.poll((buf, offset, length) -> consume(buf, offset, length), 16);
 * }</pre>
 */
public final class MpmcChannel implements AutoCloseable {
    /** How often (at most) a waiter checks whether a lock holder is still alive. */
    public static final long LIVENESS_CHECK_MILLIS = 20;

    /** {@link #LIVENESS_CHECK_MILLIS} in nanoseconds. */
    static final long LIVENESS_CHECK_NANOS = LIVENESS_CHECK_MILLIS * 1_000_000L;

    /**
     * Receives one message; the bytes are valid only during the call.
     */
    @FunctionalInterface
    public interface ReadHandler {
        /**
         * Called with one whole message.
         *
         * @param buffer the ring (or, for a fragmented message, a reassembly buffer)
         * @param offset where the message starts
         * @param length its length
         */
        void onMessage(DirectBuffer buffer, int offset, int length);
    }

    private final MappedRegion region;
    private final AtomicBuffer buffer;
    private final int capacity;
    private final int maxFragment;
    private final long maxItems;
    private final int maxMessage;
    /** The records of the ring: the whole-record write and read paths, and the primitives they share. */
    private final MpmcRing ring;
    /** The two lock words; with them the liveness checks and repair after a dead holder (only while waiting). */
    private final MpmcLocks locks;
    /** Messages larger than one record: never on the path of a whole record. */
    private final MpmcFragments fragments;
    /** The open zero-copy claim, if any. */
    private final MpmcClaim claim;
    /** Consumers asleep in the kernel waiting for a message; producers check it after each message. */
    private final Sleepers dataSleepers;
    /** Producers asleep in the kernel waiting for room; consumers check it after each batch. */
    private final Sleepers spaceSleepers;
    private volatile boolean closed;

    private MpmcChannel(final MappedRegion region) {
        this.region = region;
        this.buffer = region.payload();
        this.capacity = buffer.getInt(CAPACITY_OFFSET);
        this.maxFragment = buffer.getInt(MAX_FRAGMENT_OFFSET);
        this.maxItems = buffer.getLong(MAX_ITEMS_OFFSET);
        this.maxMessage = buffer.getInt(MAX_MESSAGE_OFFSET);
        if (Integer.bitCount(capacity) != 1 || capacity < MpmcLayout.MIN_CAPACITY
            || MpmcLayout.payloadLength(capacity) > buffer.capacity() || maxFragment != MpmcLayout.maxFragment(capacity)
            || maxItems < 0 || maxMessage < 0) {
            region.close();
            throw new CorruptRegionException(region.file(), "has an inconsistent MPMC configuration (capacity "
                + capacity + ", max fragment " + maxFragment + ", max items " + maxItems + ", max message "
                + maxMessage + ")");
        }
        this.ring = new MpmcRing(buffer, capacity, maxFragment, maxItems, region.file());
        this.locks = new MpmcLocks(this, ring, ProcessIdentity.current());
        this.fragments = new MpmcFragments(this, ring, locks.recovery());
        this.claim = new MpmcClaim(ring, buffer, capacity);
        final Path dir = region.file().toAbsolutePath().getParent();
        this.dataSleepers = new Sleepers(buffer, MpmcLayout.DATA_SLEEPERS_OFFSET, dir);
        this.spaceSleepers = new Sleepers(buffer, MpmcLayout.SPACE_SLEEPERS_OFFSET, dir);
    }

    /**
     * Creates a channel file of kind {@link RegionKind#MPMC_CHANNEL}.
     *
     * @param file             where to create it; must not exist
     * @param capacity         ring bytes: a power of two from {@value MpmcLayout#MIN_CAPACITY} to
     *                         {@value MpmcLayout#MAX_CAPACITY}
     * @param maxItems         the most messages the ring may hold at once, or 0 for no bound but bytes
     * @param maxMessageLength the largest message, at least 0 (larger than the ring is fine: it is fragmented)
     * @return the creator's handle
     * @throws IllegalArgumentException when an argument is out of range
     * @throws io.shmproc.exceptions.RegionException when the file cannot be created
     */
    public static MpmcChannel create(final Path file, final int capacity, final long maxItems,
                                     final int maxMessageLength) {
        return create(file, RegionKind.MPMC_CHANNEL, capacity, maxItems, maxMessageLength);
    }

    /**
     * Creates a channel file of a given kind, for layers that build on this channel (a queue).
     *
     * @param file             where to create it; must not exist
     * @param kind             the kind written into the header
     * @param capacity         ring bytes, a power of two
     * @param maxItems         item bound, or 0
     * @param maxMessageLength the largest message
     * @return the creator's handle
     * @throws IllegalArgumentException when an argument is out of range
     * @throws io.shmproc.exceptions.RegionException when the file cannot be created
     */
    public static MpmcChannel create(final Path file, final RegionKind kind, final int capacity,
                                     final long maxItems, final int maxMessageLength) {
        validateCapacity(capacity);
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems=" + maxItems + " is negative; expected 0 (no bound) or more");
        }
        if (maxMessageLength < 0 || maxMessageLength > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " is out of range; expected 0"
                + " to " + (Integer.MAX_VALUE - 64));
        }
        WarmupTrigger.fire();
        final MappedRegion region = MappedRegion.create(file, kind, MpmcLayout.VERSION,
            MpmcLayout.payloadLength(capacity), payload -> {
                payload.putInt(CAPACITY_OFFSET, capacity);
                payload.putInt(MAX_FRAGMENT_OFFSET, MpmcLayout.maxFragment(capacity));
                payload.putLong(MAX_ITEMS_OFFSET, maxItems);
                payload.putInt(MAX_MESSAGE_OFFSET, maxMessageLength);
            });
        return new MpmcChannel(region);
    }

    /**
     * Attaches to a channel file of kind {@link RegionKind#MPMC_CHANNEL}.
     *
     * @param file the file
     * @return a new handle
     * @throws io.shmproc.exceptions.RegionException when the file is missing, corrupt or of another kind
     */
    public static MpmcChannel attach(final Path file) {
        return attach(file, RegionKind.MPMC_CHANNEL);
    }

    /**
     * Attaches to a channel file of a given kind.
     *
     * @param file the file
     * @param kind the kind the caller expects
     * @return a new handle
     * @throws io.shmproc.exceptions.RegionException when the file is missing, corrupt or of another kind
     */
    public static MpmcChannel attach(final Path file, final RegionKind kind) {
        WarmupTrigger.fire();
        return new MpmcChannel(MappedRegion.attach(file, kind, MpmcLayout.VERSION));
    }

    /**
     * Checks a ring capacity.
     *
     * @param capacity the capacity in bytes
     * @throws IllegalArgumentException unless it is a power of two in range
     */
    public static void validateCapacity(final int capacity) {
        if (capacity < MpmcLayout.MIN_CAPACITY || capacity > MpmcLayout.MAX_CAPACITY
            || Integer.bitCount(capacity) != 1) {
            final int suggestion = capacity <= MpmcLayout.MIN_CAPACITY ? MpmcLayout.MIN_CAPACITY
                : capacity >= MpmcLayout.MAX_CAPACITY ? MpmcLayout.MAX_CAPACITY
                : Integer.highestOneBit(capacity - 1) << 1;
            throw new IllegalArgumentException("capacity=" + capacity + " is not a power of two from "
                + MpmcLayout.MIN_CAPACITY + " to " + MpmcLayout.MAX_CAPACITY + " bytes; use " + suggestion);
        }
    }

    // ---------------------------------------------------------------- producers

    /**
     * Writes a message if it fits now; never waits for space (it may spin briefly for the producer lock).
     *
     * @param src    the bytes
     * @param offset where they start
     * @param length how many, 0 to {@link #maxMessageLength()}
     * @return {@code true} when the whole message was published, {@code false} when the ring is full (by bytes
     *     or by items) or another producer holds the lock
     * @throws IllegalArgumentException when the length is out of range (nothing is written)
     * @throws ClosedException          when this handle is closed
     */
    public boolean offer(final DirectBuffer src, final int offset, final int length) {
        checkMessageLength(length);
        ensureOpen();
        return locks.tryAcquire(PRODUCER_LOCK_OFFSET, PRODUCER_PID_OFFSET, PRODUCER_START_OFFSET)
            && writeNowAndRelease(src, offset, length) && wakeConsumer();
    }

    /**
     * Writes a message if it fits now, like {@link #offer(DirectBuffer, int, int)}, but when another producer
     * holds the lock waits for it up to {@code lockPatienceNanos} (taking it over if its holder died) instead of
     * giving up: never waits for space. What {@code BlockingQueue.offer} needs, which fails only without room.
     *
     * @param src               the bytes
     * @param offset            where they start
     * @param length            how many, 0 to {@link #maxMessageLength()}
     * @param lockPatienceNanos how long to wait for the producer lock, in nanoseconds
     * @param idle              how to wait for the lock (used by one thread at a time)
     * @return {@code true} when published, {@code false} when the ring is full or the lock stayed taken
     * @throws InterruptedException     when interrupted while waiting for the lock (nothing is written)
     * @throws IllegalArgumentException when the length is out of range (nothing is written)
     * @throws ClosedException          when this handle is closed
     */
    public boolean offerNow(final DirectBuffer src, final int offset, final int length, final long lockPatienceNanos,
                            final IdleStrategy idle) throws InterruptedException {
        checkMessageLength(length);
        ensureOpen();
        return locks.acquireWithin(PRODUCER_LOCK_OFFSET, PRODUCER_PID_OFFSET, PRODUCER_START_OFFSET,
            lockPatienceNanos, idle) && writeNowAndRelease(src, offset, length) && wakeConsumer();
    }

    /** Writes a message if it fits now, holding the producer lock, and releases the lock. */
    private boolean writeNowAndRelease(final DirectBuffer src, final int offset, final int length) {
        try {
            if (length <= maxFragment) {
                return ring.writeWhole(src, offset, length);
            }
            return fragments.writeNow(src, offset, length);
        } finally {
            locks.release(PRODUCER_LOCK_OFFSET);
        }
    }

    /**
     * Writes a message, waiting for space and for the producer lock until a deadline.
     *
     * <p>A message larger than one fragment streams through the ring as consumers drain it. If the deadline
     * passes (or the thread is interrupted) after its first fragments were published, the writer stops and
     * releases the lock; consumers discard the partial message, so the call leaves no trace.
     *
     * @param src           the bytes
     * @param offset        where they start
     * @param length        how many, 0 to {@link #maxMessageLength()}
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} to wait for ever
     * @param idle          how to wait (used by one thread at a time)
     * @return {@code true} when published, {@code false} when the deadline passed first
     * @throws InterruptedException     when interrupted while waiting (nothing of the message stays visible)
     * @throws IllegalArgumentException when the length is out of range
     * @throws ClosedException          when this handle is closed, also while waiting
     */
    public boolean offer(final DirectBuffer src, final int offset, final int length, final long deadlineNanos,
                         final IdleStrategy idle) throws InterruptedException {
        checkMessageLength(length);
        ensureOpen();
        if (!locks.acquire(PRODUCER_LOCK_OFFSET, PRODUCER_PID_OFFSET, PRODUCER_START_OFFSET, deadlineNanos, idle)) {
            return false;
        }
        final boolean written;
        try {
            written = length <= maxFragment ? writeWhole(src, offset, length, deadlineNanos, idle)
                : fragments.write(src, offset, length, deadlineNanos, idle);
        } finally {
            locks.release(PRODUCER_LOCK_OFFSET);
        }
        return written && wakeConsumer();
    }

    /** Writes one whole record, waiting for room until a deadline (the producer lock held). */
    private boolean writeWhole(final DirectBuffer src, final int offset, final int length, final long deadlineNanos,
                               final IdleStrategy idle) throws InterruptedException {
        idle.reset();
        long lastCheck = System.nanoTime();
        int rounds = 0;
        final boolean sleepy = sleepy(idle);
        while (!ring.writeWhole(src, offset, length)) {
            if (sleepy && ++rounds > RingChannel.SLEEP_AFTER_ROUNDS) {
                final int slot = spaceSleepers.publish();
                if (slot >= 0) {
                    try {
                        for (int i = 0; i < RingChannel.RECHECK_ROUNDS; i++) {
                            if (ring.writeWhole(src, offset, length)) {
                                return true;
                            }
                            Thread.onSpinWait();
                        }
                        lastCheck = sleepStep(deadlineNanos, spaceSleepers, lastCheck);
                    } finally {
                        spaceSleepers.withdraw(slot);
                    }
                    if (lastCheck < 0) {
                        return false;
                    }
                    continue;
                }
            }
            lastCheck = waitStep(deadlineNanos, idle, lastCheck);
            if (lastCheck < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Claims space for a message of up to {@link #maxFragment()} bytes to be written in place; on success the
     * caller holds the producer lock until {@link #commit(int)} or {@link #abort(int)}, which it must call
     * from the same thread. A process killed between claim and commit leaves nothing visible.
     *
     * @param length the message length, 0 to {@link #maxFragment()}
     * @return the offset in {@link #buffer()} at which to write the message, or -1 when the ring is full
     * @throws IllegalArgumentException when the length is out of range
     * @throws ClosedException          when this handle is closed
     */
    public int tryClaim(final int length) {
        if (length < 0 || length > maxFragment) {
            throw new IllegalArgumentException("length=" + length + " cannot be claimed; expected 0 to " + maxFragment
                + " (one fragment); use offer() for larger messages");
        }
        ensureOpen();
        if (!locks.tryAcquire(PRODUCER_LOCK_OFFSET, PRODUCER_PID_OFFSET, PRODUCER_START_OFFSET)) {
            return -1;
        }
        final int at = claim.open(length);
        if (at < 0) {
            locks.release(PRODUCER_LOCK_OFFSET);
        }
        return at;
    }

    /**
     * Publishes a claimed message and releases the producer lock.
     *
     * @param offset the offset {@link #tryClaim(int)} returned
     * @throws IllegalStateException when no claim at that offset is open
     */
    public void commit(final int offset) {
        claim.commit(offset);
        locks.release(PRODUCER_LOCK_OFFSET);
        wakeConsumer();
    }

    /**
     * Abandons a claim: nothing becomes visible; releases the producer lock.
     *
     * @param offset the offset {@link #tryClaim(int)} returned
     * @throws IllegalStateException when no claim at that offset is open
     */
    public void abort(final int offset) {
        claim.abort(offset);
        locks.release(PRODUCER_LOCK_OFFSET);
    }

    // ---------------------------------------------------------------- consumers

    /**
     * Delivers up to {@code limit} messages that are ready now, in ring order, without waiting for new ones.
     * A fragmented message whose first fragment is ready is delivered whole (the call waits for its writer's
     * remaining fragments, or discards it if the writer is gone).
     *
     * @param handler receives each message while the consumer lock is held
     * @param limit   the most messages to deliver, at least 1
     * @return the number delivered; 0 when the channel is empty or another consumer holds the lock
     * @throws ClosedException when this handle is closed
     */
    public int poll(final ReadHandler handler, final int limit) {
        ensureOpen();
        if (!ring.headReady() || !locks.tryAcquire(CONSUMER_LOCK_OFFSET, CONSUMER_PID_OFFSET, CONSUMER_START_OFFSET)) {
            return 0;
        }
        return drainAndRelease(handler, limit);
    }

    /**
     * Delivers up to {@code limit} messages that are ready now, like {@link #poll(ReadHandler, int)}, but when
     * another consumer holds the lock waits for it up to {@code lockPatienceNanos} (taking it over if its holder
     * died) instead of giving up: never waits for messages. What {@code BlockingQueue.poll()} needs, which
     * returns nothing only when the queue is empty.
     *
     * @param handler           receives each message while the consumer lock is held
     * @param limit             the most messages to deliver, at least 1
     * @param lockPatienceNanos how long to wait for the consumer lock, in nanoseconds
     * @param idle              how to wait for the lock (used by one thread at a time)
     * @return the number delivered; 0 when the channel is empty (or the lock stayed taken)
     * @throws InterruptedException when interrupted while waiting for the lock (nothing is consumed)
     * @throws ClosedException      when this handle is closed
     */
    public int pollNow(final ReadHandler handler, final int limit, final long lockPatienceNanos,
                       final IdleStrategy idle) throws InterruptedException {
        ensureOpen();
        if (!ring.headReady() || !locks.acquireWithin(CONSUMER_LOCK_OFFSET, CONSUMER_PID_OFFSET,
            CONSUMER_START_OFFSET, lockPatienceNanos, idle)) {
            return 0;
        }
        return drainAndRelease(handler, limit);
    }

    /** Delivers what is ready, holding the consumer lock, and releases the lock. */
    private int drainAndRelease(final ReadHandler handler, final int limit) {
        final int n;
        try {
            n = ring.drain(handler, limit, fragments);
        } finally {
            locks.release(CONSUMER_LOCK_OFFSET);
        }
        if (spaceSleepers.anyone()) {
            spaceSleepers.wakeAll(); // after the consumer lock is free: a woken producer may need room now
        }
        return n;
    }

    /**
     * Delivers at least one and up to {@code limit} messages, waiting until a deadline for the first.
     *
     * @param handler       receives each message while the consumer lock is held
     * @param limit         the most messages to deliver, at least 1
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE}
     * @param idle          how to wait (used by one thread at a time)
     * @return the number delivered; 0 only when the deadline passed
     * @throws InterruptedException when interrupted while waiting (nothing was consumed)
     * @throws ClosedException      when this handle is closed, also while waiting
     */
    public int poll(final ReadHandler handler, final int limit, final long deadlineNanos, final IdleStrategy idle)
        throws InterruptedException {
        int n = poll(handler, limit);
        if (n > 0) {
            return n;
        }
        idle.reset();
        long lastCheck = System.nanoTime();
        int rounds = 0;
        final boolean sleepy = sleepy(idle);
        while (true) {
            if (ring.headReady() && locks.acquire(CONSUMER_LOCK_OFFSET, CONSUMER_PID_OFFSET, CONSUMER_START_OFFSET,
                deadlineNanos, idle)) {
                n = drainAndRelease(handler, limit);
                if (n > 0) {
                    return n;
                }
            }
            if (sleepy && ++rounds > RingChannel.SLEEP_AFTER_ROUNDS) {
                final int slot = dataSleepers.publish();
                if (slot >= 0) {
                    try {
                        if (awaitHead()) {
                            continue;
                        }
                        lastCheck = sleepStep(deadlineNanos, dataSleepers, lastCheck);
                    } finally {
                        dataSleepers.withdraw(slot);
                    }
                    if (lastCheck < 0) {
                        return 0;
                    }
                    continue;
                }
            }
            lastCheck = waitStep(deadlineNanos, idle, lastCheck);
            if (lastCheck < 0) {
                return 0;
            }
        }
    }

    /** Re-reads the head a few times after publishing a sleeper (a racing producer did not fence). */
    private boolean awaitHead() {
        for (int i = 0; i < RingChannel.RECHECK_ROUNDS; i++) {
            if (ring.headReady()) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    /**
     * Shows the message at the head without consuming it.
     *
     * @param handler receives the message while the consumer lock is held
     * @return 1 when a message was shown, 0 when the channel is empty (or another consumer holds the lock), -1
     *     when the head message is fragmented and cannot be shown without consuming it
     * @throws ClosedException when this handle is closed
     */
    public int peek(final ReadHandler handler) {
        ensureOpen();
        if (!ring.headReady() || !locks.tryAcquire(CONSUMER_LOCK_OFFSET, CONSUMER_PID_OFFSET, CONSUMER_START_OFFSET)) {
            return 0;
        }
        return peekAndRelease(handler);
    }

    /**
     * Shows the message at the head without consuming it, like {@link #peek(ReadHandler)}, but when another
     * consumer holds the lock waits for it up to {@code lockPatienceNanos} instead of giving up.
     *
     * @param handler           receives the message while the consumer lock is held
     * @param lockPatienceNanos how long to wait for the consumer lock, in nanoseconds
     * @param idle              how to wait for the lock (used by one thread at a time)
     * @return as {@link #peek(ReadHandler)}
     * @throws InterruptedException when interrupted while waiting for the lock
     * @throws ClosedException      when this handle is closed
     */
    public int peekNow(final ReadHandler handler, final long lockPatienceNanos, final IdleStrategy idle)
        throws InterruptedException {
        ensureOpen();
        if (!ring.headReady() || !locks.acquireWithin(CONSUMER_LOCK_OFFSET, CONSUMER_PID_OFFSET,
            CONSUMER_START_OFFSET, lockPatienceNanos, idle)) {
            return 0;
        }
        return peekAndRelease(handler);
    }

    /**
     * Shows, in order and without consuming them, up to {@code limit} messages published now (a weakly
     * consistent snapshot: what a consumer would take next, except messages still being written); waits for the
     * consumer lock like {@link #peekNow}, so consumers pause while the handler runs.
     *
     * @param handler           receives each message while the consumer lock is held
     * @param limit             the most messages to show
     * @param lockPatienceNanos how long to wait for the consumer lock, in nanoseconds
     * @param idle              how to wait for the lock (used by one thread at a time)
     * @return the number of messages shown; 0 when empty, -1 when another consumer held the lock throughout
     * @throws InterruptedException when interrupted while waiting for the lock
     * @throws ClosedException      when this handle is closed
     */
    public int snapshot(final ReadHandler handler, final int limit, final long lockPatienceNanos,
                        final IdleStrategy idle) throws InterruptedException {
        ensureOpen();
        if (!ring.headReady()) {
            return 0;
        }
        if (!locks.acquireWithin(CONSUMER_LOCK_OFFSET, CONSUMER_PID_OFFSET, CONSUMER_START_OFFSET,
            lockPatienceNanos, idle)) {
            return -1;
        }
        try {
            return ring.snapshot(handler, limit, ArrayBuffer.growable(maxFragment()));
        } finally {
            locks.release(CONSUMER_LOCK_OFFSET);
        }
    }

    private int peekAndRelease(final ReadHandler handler) {
        try {
            return ring.peek(handler);
        } finally {
            locks.release(CONSUMER_LOCK_OFFSET);
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * One idle step of a wait with a deadline; returns the time of the last liveness check (unchanged), or -1
     * when the deadline passed.
     */
    long waitStep(final long deadlineNanos, final IdleStrategy idle, final long lastCheck)
        throws InterruptedException {
        if (closed) {
            throw closedException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting on " + region.file());
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
            return -1;
        }
        idle.idle();
        return lastCheck;
    }

    /**
     * One kernel sleep of a wait with a deadline, the caller published in {@code table}; returns as
     * {@link #waitStep}.
     */
    private long sleepStep(final long deadlineNanos, final Sleepers table, final long lastCheck)
        throws InterruptedException {
        if (closed) {
            throw closedException();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting on " + region.file());
        }
        final long now = System.nanoTime();
        if (deadlineNanos != Long.MAX_VALUE && now - deadlineNanos >= 0) {
            return -1;
        }
        table.sleep(deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - now);
        return lastCheck;
    }

    /** Whether a wait with this idle strategy sleeps in the kernel once it has spun and yielded. */
    private boolean sleepy(final IdleStrategy idle) {
        return idle instanceof DeepeningBackoffIdleStrategy && dataSleepers.usable();
    }

    /** After a message is published: wakes one consumer asleep in the kernel; one load when none is. */
    boolean wakeConsumer() {
        if (dataSleepers.anyone()) {
            dataSleepers.wakeOne();
        }
        return true;
    }

    /**
     * The table of consumers asleep on this channel (for tests and tools).
     *
     * @return the data sleepers' table
     */
    public Sleepers dataSleepers() {
        return dataSleepers;
    }

    // ---------------------------------------------------------------- state

    /**
     * Messages in the channel now (published and not yet consumed); approximate while others operate.
     *
     * @return the count, never negative
     */
    public long size() {
        final long read = buffer.getLongVolatile(READ_OFFSET);
        final long written = buffer.getLongVolatile(WRITTEN_OFFSET);
        return Math.max(0, written - read);
    }

    /**
     * Messages ever published.
     *
     * @return the count
     */
    public long writtenCount() {
        return buffer.getLongVolatile(WRITTEN_OFFSET);
    }

    /**
     * Messages ever consumed (or lost with a consumer that died mid-way through a fragmented message).
     *
     * @return the count
     */
    public long readCount() {
        return buffer.getLongVolatile(READ_OFFSET);
    }

    /**
     * Bytes of the ring in use now.
     *
     * @return tail minus head
     */
    public long usedBytes() {
        return buffer.getLongVolatile(TAIL_OFFSET) - buffer.getLongVolatile(HEAD_OFFSET);
    }

    /**
     * The ring capacity in bytes.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * The largest payload of one record; larger messages are fragmented.
     *
     * @return the largest fragment
     */
    public int maxFragment() {
        return maxFragment;
    }

    /**
     * The item bound, 0 when there is none.
     *
     * @return the most messages the channel holds
     */
    public long maxItems() {
        return maxItems;
    }

    /**
     * The largest message.
     *
     * @return its length in bytes
     */
    public int maxMessageLength() {
        return maxMessage;
    }

    /**
     * The shared words reserved for the layer above ({@link MpmcLayout#userWordOffset(int)} addresses them).
     *
     * @return the region's payload buffer
     */
    public AtomicBuffer buffer() {
        return buffer;
    }

    /**
     * The channel's file.
     *
     * @return the path
     */
    public Path file() {
        return region.file();
    }

    /**
     * Whether this handle was closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /** Releases this process's handle; blocked calls on it fail with {@link ClosedException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        region.close();
    }

    /**
     * Removes the file's name; handles already open keep working.
     *
     * @return {@code true} if this call removed it
     */
    public boolean unlink() {
        return region.unlink();
    }

    void ensureOpen() {
        if (closed) {
            throw closedException();
        }
    }

    private ClosedException closedException() {
        return new ClosedException(region.file() + ": this channel handle is closed");
    }

    private void checkMessageLength(final int length) {
        if (length < 0 || length > maxMessage) {
            throw new IllegalArgumentException("length=" + length + " is out of range; expected 0 to " + maxMessage
                + " bytes (the channel's maxMessageLength)");
        }
    }

    @Override
    public String toString() {
        return "MpmcChannel[" + region.file() + ", capacity " + capacity + " B, " + size() + " messages"
            + (maxItems > 0 ? " of at most " + maxItems : "") + ", " + usedBytes() + " B used"
            + (closed ? ", closed" : "") + "]";
    }
}
