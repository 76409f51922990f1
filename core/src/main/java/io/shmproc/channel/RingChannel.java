package io.shmproc.channel;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.Buffers;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.Sleepers;
import io.shmproc.memory.WarmupTrigger;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The machinery both channel kinds share: framing, fragmentation, reassembly, waiting, housekeeping. The
 * subclasses choose the Agrona ring and how a producer gets its slot.
 */
abstract class RingChannel implements MessageChannel {
    /** A ring whose head has not moved for this long, with a dead producer around, is unblocked. */
    static final long UNBLOCK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A ring whose head has not moved for this long is unblocked even when every producer seems alive. */
    static final long UNBLOCK_BACKSTOP_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Process liveness is checked at most this often. */
    static final long LIVENESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * Idle rounds a waiter makes before it reads the clock: a clock read costs about as much as a ring read,
     * so the first rounds, the ones that catch a message already in flight, skip it.
     */
    static final int UNTIMED_ROUNDS = 16;
    /**
     * Idle rounds a {@link WaitStrategy#BACKOFF} waiter spins and yields before it publishes itself as a sleeper
     * and sleeps in the kernel (when kernel wake-up is on): the backoff's spins and yields.
     */
    static final int SLEEP_AFTER_ROUNDS = WaitStrategy.BACKOFF_SPINS + WaitStrategy.BACKOFF_YIELDS;
    /**
     * Reads a waiter makes after publishing itself and before sleeping: time for a racing producer's store to
     * leave its store buffer (the producer does not fence before it checks for sleepers).
     */
    static final int RECHECK_ROUNDS = 8;
    /** Reads finding nothing between two checks of TAIL against HEAD on the consumer's side (a power of two). */
    static final int EMPTY_READS_PER_CHECK = 256;
    /** Reads of HEAD, TAIL, HEAD a position check makes at most to find a pair from one moment (else it skips). */
    static final int SNAPSHOT_ATTEMPTS = 4;

    private final MappedRegion region;
    private final Path file;
    private final ChannelOptions options;
    final RingBuffer ring;
    private final ProducerTable producers;
    private final int capacity;
    private final int maxMessageLength;
    private final int maxRecordLength;
    private final AtomicBuffer ringBuffer;
    private final int ringCapacity;
    private final int tailIndex;
    private final int headCacheIndex;
    private final int headIndex;
    private CorruptRegionException corruptRecord;
    private int emptyReads;
    private final IdleStrategy readIdle;
    private final IdleStrategy writeIdle;
    private final Fragmenter fragmenter;
    private final Sleepers dataSleepers;
    private final Sleepers spaceSleepers;
    private final boolean sleepy;
    private final Reassembler reassembler;
    private final Object fragmentLock = new Object();
    private final org.agrona.concurrent.MessageHandler dispatcher = this::onRecord;
    private volatile int producerSlot = -1;
    private int wholeTypeId;
    private WaitCheck waitCheck = WaitCheck.NONE;
    private MessageHandler current;
    private int delivered;
    private long stuckHead = -1;
    private long stuckSince;
    private long nextLivenessCheck;
    private long unblocked;
    private volatile boolean closed;

    RingChannel(final MappedRegion region, final Path file, final AtomicBuffer payload, final int offset,
                final ChannelOptions options, final int expectedProducers) {
        WarmupTrigger.fire();
        this.region = region;
        this.file = file;
        this.options = options;
        this.capacity = payload.getInt(offset + ChannelLayout.CAPACITY_OFFSET);
        this.maxMessageLength = payload.getInt(offset + ChannelLayout.MAX_MESSAGE_LENGTH_OFFSET);
        final int slots = payload.getInt(offset + ChannelLayout.PRODUCERS_OFFSET);
        if (capacity < ChannelOptions.MIN_CAPACITY || capacity > ChannelOptions.MAX_CAPACITY
            || Integer.bitCount(capacity) != 1 || maxMessageLength < 0
            || maxMessageLength > ChannelOptions.MAX_MAX_MESSAGE_LENGTH || slots < 1
            || slots > MessageFraming.MAX_PRODUCERS || (expectedProducers > 0 && slots != expectedProducers)
            || (long) offset + ChannelLayout.length(capacity, slots) > payload.capacity()) {
            throw new CorruptRegionException(file, "has an invalid channel block at offset " + offset + " (capacity "
                + capacity + ", maxMessageLength " + maxMessageLength + ", producer slots " + slots + ", "
                + payload.capacity() + " bytes available)");
        }
        final AtomicBuffer ringBytes = Buffers.slice(payload, offset + ChannelLayout.ringOffset(slots),
            ChannelLayout.ringLength(capacity));
        this.ring = newRing(ringBytes);
        this.ringBuffer = ringBytes;
        this.ringCapacity = ring.capacity();
        this.tailIndex = ringCapacity + RingBufferDescriptor.TAIL_POSITION_OFFSET;
        this.headCacheIndex = ringCapacity + RingBufferDescriptor.HEAD_CACHE_POSITION_OFFSET;
        this.headIndex = ringCapacity + RingBufferDescriptor.HEAD_POSITION_OFFSET;
        this.maxRecordLength = ring.maxMsgLength();
        this.producers = new ProducerTable(payload, offset, slots);
        this.readIdle = options.waitStrategy().newIdleStrategy();
        this.writeIdle = options.waitStrategy().newIdleStrategy();
        final Path dir = file == null ? null : file.toAbsolutePath().getParent();
        this.dataSleepers = new Sleepers(payload, offset + ChannelLayout.DATA_SLEEPERS_OFFSET, dir);
        this.spaceSleepers = new Sleepers(payload, offset + ChannelLayout.SPACE_SLEEPERS_OFFSET, dir);
        this.sleepy = options.waitStrategy() == WaitStrategy.BACKOFF && dataSleepers.usable();
        this.fragmenter = new Fragmenter(RecordSink.of(ring, this::wakeConsumer), options.waitStrategy(),
            options.stallTimeout());
        this.reassembler = new Reassembler(slots, maxMessageLength);
    }

    abstract RingBuffer newRing(AtomicBuffer ringBuffer);

    /**
     * Throws unless the consumer position is record-aligned, as the ring's layout promises: read from the head
     * word the ring's read loads next anyway (the consumer's own cache line), so it costs no extra traffic.
     */
    private void checkHead() {
        // plain loads: the ring's read loads both again with the ordering it needs
        final long head = ringBuffer.getLong(headIndex);
        if ((head & (RecordDescriptor.ALIGNMENT - 1)) != 0) {
            throw corruptHead(head);
        }
        // the first record's length word, on the line the read loads next: negative while a claim is in progress
        final int index = (int) head & (ringCapacity - 1);
        final int length = ringBuffer.getInt(index);
        if (length > ringCapacity - index || length < index - ringCapacity) {
            throw corruptRecord(index, length);
        }
    }

    private CorruptRegionException corruptHead(final long head) {
        return new CorruptRegionException(file, "its HEAD (consumer) position " + head + " is not a multiple of "
            + RecordDescriptor.ALIGNMENT + "; the ring was written by something other than shmproc and its"
            + " messages cannot be trusted");
    }

    /** The region kind of a standalone channel of this class. */
    abstract RegionKind regionKind();

    // ---------------------------------------------------------------- standalone regions and blocks, per kind

    /** Creates and initialises the shared file of a standalone channel of {@code kind} with {@code slots}. */
    static MappedRegion createRegion(final Path file, final RegionKind kind, final ChannelOptions options,
                                     final int slots) {
        return MappedRegion.create(file, kind, ChannelLayout.VERSION, ChannelLayout.length(options.capacity(), slots),
            payload -> ChannelLayout.initialize(payload, 0, options.capacity(), options.maxMessageLength(), slots));
    }

    /** Attaches to the shared file of a standalone channel of {@code kind}. */
    static MappedRegion attachRegion(final Path file, final RegionKind kind) {
        return MappedRegion.attach(file, kind, ChannelLayout.VERSION);
    }

    /** Makes the handle of a standalone channel over its region; closes the region when that fails. */
    static <C extends RingChannel> C handleOn(final MappedRegion region, final Function<MappedRegion, C> handle) {
        try {
            return handle.apply(region);
        } catch (final RuntimeException e) {
            region.close();
            throw e;
        }
    }

    /** Initialises a channel block of {@code slots} inside another object's payload; returns its length. */
    static int initializeBlock(final AtomicBuffer payload, final int offset, final ChannelOptions options,
                               final int slots) {
        ChannelLayout.initialize(payload, offset, options.capacity(), options.maxMessageLength(), slots);
        return ChannelLayout.length(options.capacity(), slots);
    }

    /**
     * The serialized form of a standalone channel (called by serialization for both kinds): its file, its kind
     * and this handle's options.
     */
    final Object writeReplace() throws NotSerializableException {
        if (region == null) {
            throw new NotSerializableException("a channel embedded in another object's region; serialize that object");
        }
        return new Ref(file, regionKind(), options);
    }

    /** A serialized standalone channel: re-attaches to the same file when deserialized. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final RegionKind kind;
        private final ChannelOptions options;

        Ref(final Path file, final RegionKind kind, final ChannelOptions options) {
            this.file = file.toString();
            this.kind = kind;
            this.options = options;
        }

        private Object readResolve() {
            return kind == RegionKind.SPSC_CHANNEL ? SpscChannel.attach(Path.of(file), options)
                : MpscChannel.attach(Path.of(file), options);
        }
    }

    abstract int claimSlot(ProducerTable table);

    @Override
    public final boolean offer(final DirectBuffer src, final int offset, final int length) {
        checkMessage(src, offset, length);
        final int typeId = wholeTypeId();
        if (length <= maxRecordLength) {
            if (write(typeId, src, offset, length)) {
                wakeConsumer();
                return true;
            }
            return false;
        }
        try {
            return writeFragmented(src, offset, length, 0);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.shmproc.exceptions.ShmprocException("interrupted in the middle of a fragmented message;"
                + " it is abandoned and will not be delivered", e);
        }
    }

    @Override
    public final boolean offer(final DirectBuffer src, final int offset, final int length, final long timeout,
                               final TimeUnit unit) throws InterruptedException {
        checkMessage(src, offset, length);
        final int typeId = wholeTypeId();
        final long timeoutNanos = unit.toNanos(timeout);
        if (length > maxRecordLength) {
            return writeFragmented(src, offset, length, timeoutNanos);
        }
        if (write(typeId, src, offset, length)) {
            wakeConsumer();
            return true;
        }
        if (timeoutNanos <= 0) {
            return false;
        }
        final IdleStrategy idle = writeIdle;
        final long start = System.nanoTime();
        long nextCheck = start + WAIT_CHECK_INTERVAL_NANOS;
        idle.reset();
        int rounds = 0;
        while (true) {
            if (sleepy && rounds >= SLEEP_AFTER_ROUNDS) {
                final long now = System.nanoTime();
                if (sleepForRoom(typeId, src, offset, length, timeoutNanos - (now - start))) {
                    wakeConsumer();
                    return true;
                }
            } else {
                idle.idle();
                if (write(typeId, src, offset, length)) {
                    wakeConsumer();
                    return true;
                }
            }
            if (++rounds < UNTIMED_ROUNDS) {
                continue;
            }
            final long now = System.nanoTime();
            if (now - start >= timeoutNanos) {
                return false;
            }
            if (now >= nextCheck) {
                checkWhileWaiting();
                nextCheck = now + WAIT_CHECK_INTERVAL_NANOS;
            }
        }
    }

    /**
     * Writes one record after checking the TAIL the ring loads next; when the ring looks full, checks the
     * positions against the real HEAD so a corrupt TAIL cannot make the producer wait forever.
     */
    private boolean write(final int typeId, final DirectBuffer src, final int offset, final int length) {
        checkTail();
        if (ring.write(typeId, src, offset, length)) {
            return true;
        }
        checkPositions();
        return false;
    }

    /**
     * Reads up to {@code limit} records after checking the HEAD and the first record's length; a record whose
     * length runs past the ring becomes a {@link CorruptRegionException}; every {@link #EMPTY_READS_PER_CHECK}th
     * read that finds nothing checks the positions against the TAIL (rarely, so that a spinning consumer does not
     * keep pulling the producer's cache line).
     */
    private int read(final int limit) {
        checkHead();
        final int records;
        try {
            records = ring.read(dispatcher, limit);
        } catch (final RuntimeException e) {
            throw pendingCorruption(e);
        }
        if (records == 0 && (++emptyReads & EMPTY_READS_PER_CHECK - 1) == 0) {
            checkPositions();
        }
        return records;
    }

    private RuntimeException pendingCorruption(final RuntimeException e) {
        final CorruptRegionException pending = corruptRecord;
        if (pending == null) {
            return e;
        }
        corruptRecord = null;
        if (pending != e) {
            pending.addSuppressed(e);
        }
        return pending;
    }

    /**
     * Throws unless the TAIL (producer position) is record-aligned and not behind the head cache, as the layout
     * promises: both words sit on the producer's cache line, which the ring's write loads next anyway. The head
     * cache is read first (an acquire), then the TAIL: a head cache is only ever set to a HEAD, never past the
     * TAIL of its moment, and the TAIL only grows, so in that order another producer's claim and cache update in
     * between cannot make a sound ring look corrupt (read the other way round, with several producers, it did).
     */
    private void checkTail() {
        final long headCache = ringBuffer.getLongVolatile(headCacheIndex);
        final long tail = ringBuffer.getLong(tailIndex);
        if ((tail & (RecordDescriptor.ALIGNMENT - 1)) != 0 || tail < headCache) {
            throw corruptTail(tail, headCache, "the head cache");
        }
    }

    /**
     * Throws unless {@code head <= tail <= head + capacity} and both are record-aligned: called only on slow paths
     * (the ring looked full to a producer, or empty to the consumer).
     */
    private void checkPositions() {
        for (int attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++) {
            final long head = ring.consumerPosition();
            final long tail = ring.producerPosition();
            if (ring.consumerPosition() != head) {
                continue; // the consumer moved while TAIL was read: not one moment's pair, read again
            }
            if ((head & (RecordDescriptor.ALIGNMENT - 1)) != 0) {
                checkHead();
            }
            if ((tail & (RecordDescriptor.ALIGNMENT - 1)) != 0 || tail < head || tail - head > ring.capacity()) {
                throw corruptTail(tail, head, "HEAD");
            }
            return;
        }
    }

    private CorruptRegionException corruptTail(final long tail, final long head, final String against) {
        return new CorruptRegionException(file, "its TAIL (producer) position " + tail + " breaks the ring's"
            + " invariant (a multiple of " + RecordDescriptor.ALIGNMENT + ", at or after " + against + " " + head
            + ", at most " + ring.capacity() + " bytes ahead of HEAD); the ring was written by something other than"
            + " shmproc and no message is accepted or delivered");
    }

    private CorruptRegionException corruptRecord(final int index, final int length) {
        return new CorruptRegionException(file, "has a record at ring index " + index + " whose length " + length
            + " runs past the ring's " + ring.capacity() + " bytes or the largest record of " + maxRecordLength
            + " bytes; the ring was written by something other than shmproc and its messages cannot be trusted");
    }

    private boolean writeFragmented(final DirectBuffer src, final int offset, final int length,
                                    final long timeoutNanos) throws InterruptedException {
        synchronized (fragmentLock) {
            return fragmenter.write(producerSlot, src, offset, length, timeoutNanos);
        }
    }

    @Override
    public final int tryClaim(final int length) {
        if (length < 0 || length > maxRecordLength) {
            throw new IllegalArgumentException("length=" + length + " cannot be claimed; a claim holds one record of"
                + " 0 to " + maxRecordLength + " bytes (use offer for longer messages)");
        }
        final int typeId = wholeTypeId();
        checkTail();
        final int index = ring.tryClaim(typeId, length);
        if (index < 0) {
            checkPositions();
        }
        return index;
    }

    @Override
    public final void commit(final int index) {
        ring.commit(index);
        wakeConsumer();
    }

    @Override
    public final void abort(final int index) {
        ring.abort(index);
    }

    @Override
    public final MutableDirectBuffer buffer() {
        return ring.buffer();
    }

    private void checkMessage(final DirectBuffer src, final int offset, final int length) {
        if (length < 0 || length > maxMessageLength) {
            throw new IllegalArgumentException("length=" + length + " exceeds the channel's maximum message length"
                + " of " + maxMessageLength + " bytes (maxMessageLength); nothing was written");
        }
        if (offset < 0 || (long) offset + length > src.capacity()) {
            throw new IllegalArgumentException("offset=" + offset + ", length=" + length + " is outside the source"
                + " buffer of " + src.capacity() + " bytes");
        }
    }

    private int wholeTypeId() {
        if (producerSlot < 0) {
            registerProducer();
        }
        return wholeTypeId;
    }

    private synchronized void registerProducer() {
        if (closed) {
            throw new ClosedException("channel " + describe() + " is closed");
        }
        if (producerSlot < 0) {
            final int slot = claimSlot(producers);
            wholeTypeId = MessageFraming.typeId(MessageFraming.WHOLE, slot);
            producerSlot = slot;
        }
    }

    @Override
    public final int poll(final MessageHandler handler, final int limit) {
        current = handler;
        delivered = 0;
        try {
            if (read(limit) > 0) {
                wakeProducers();
            }
        } finally {
            current = null;
        }
        return delivered;
    }

    @Override
    public final int poll(final MessageHandler handler, final int limit, final long timeout, final TimeUnit unit)
        throws InterruptedException {
        Objects.requireNonNull(handler, "handler");
        final long timeoutNanos = unit.toNanos(timeout);
        final IdleStrategy idle = readIdle;
        current = handler;
        delivered = 0;
        try {
            int records = read(limit);
            if (records > 0) {
                wakeProducers();
            }
            if (delivered > 0 || timeoutNanos <= 0) {
                return delivered;
            }
            final long start = System.nanoTime();
            long nextCheck = start + WAIT_CHECK_INTERVAL_NANOS;
            idle.reset();
            int rounds = 0;
            int idleRounds = 0;
            while (true) {
                if (records > 0) {
                    idleRounds = 0;
                    idle.reset();
                    records = read(limit);
                } else if (sleepy && idleRounds >= SLEEP_AFTER_ROUNDS) {
                    final long now = System.nanoTime();
                    // the sleep lasts at most the wake-up period; the checks below run after every sleep
                    records = sleepForMessages(limit, timeoutNanos - (now - start));
                } else {
                    idleRounds++;
                    idle.idle();
                    records = read(limit);
                }
                if (records > 0) {
                    wakeProducers();
                }
                if (delivered > 0) {
                    return delivered;
                }
                if (++rounds < UNTIMED_ROUNDS) {
                    continue;
                }
                final long now = System.nanoTime();
                if (now - start >= timeoutNanos) {
                    return 0;
                }
                if (now >= nextCheck) {
                    checkWhileWaiting();
                    checkPositions();
                    housekeep(now);
                    nextCheck = now + WAIT_CHECK_INTERVAL_NANOS;
                }
            }
        } finally {
            current = null;
        }
    }

    /**
     * Publishes this thread as a sleeper waiting for messages, reads once more, sleeps in the kernel up to
     * {@code sleepNanos} unless something came, withdraws; returns the records read.
     */
    private int sleepForMessages(final int limit, final long sleepNanos) {
        if (sleepNanos <= 0) {
            return read(limit);
        }
        final int slot = dataSleepers.publish();
        if (slot < 0) {
            readIdle.idle();
            return read(limit);
        }
        try {
            for (int i = 0; i < RECHECK_ROUNDS; i++) {
                final int records = read(limit);
                if (records > 0) {
                    return records;
                }
                Thread.onSpinWait();
            }
            dataSleepers.sleep(sleepNanos);
            return read(limit);
        } finally {
            dataSleepers.withdraw(slot);
        }
    }

    /** As {@link #sleepForMessages}, for a producer waiting for room; returns whether the message was written. */
    private boolean sleepForRoom(final int typeId, final DirectBuffer src, final int offset, final int length,
                                 final long sleepNanos) {
        if (sleepNanos <= 0) {
            return write(typeId, src, offset, length);
        }
        final int slot = spaceSleepers.publish();
        if (slot < 0) {
            writeIdle.idle();
            return write(typeId, src, offset, length);
        }
        try {
            for (int i = 0; i < RECHECK_ROUNDS; i++) {
                if (write(typeId, src, offset, length)) {
                    return true;
                }
                Thread.onSpinWait();
            }
            spaceSleepers.sleep(sleepNanos);
            return write(typeId, src, offset, length);
        } finally {
            spaceSleepers.withdraw(slot);
        }
    }

    /** After a record is published: wakes a consumer asleep in the kernel; one load when none is. */
    private void wakeConsumer() {
        if (dataSleepers.anyone()) {
            dataSleepers.wakeAll();
        }
    }

    /** After records are consumed: wakes producers asleep waiting for room; one load when none is. */
    private void wakeProducers() {
        if (spaceSleepers.anyone()) {
            spaceSleepers.wakeAll();
        }
    }

    /**
     * Wakes every waiter of this channel asleep in the kernel, consumers and producers, whatever they wait for:
     * for a change they check only when they wake (an end of a pipe closed). Never blocks; costs one load per
     * table when nobody sleeps.
     */
    public final void wakeSleepers() {
        if (dataSleepers.anyone()) {
            dataSleepers.wakeAll();
        }
        wakeProducers();
    }

    /**
     * The table of consumers asleep on this channel (for tests and tools).
     *
     * @return the data sleepers' table
     */
    public final Sleepers dataSleepers() {
        return dataSleepers;
    }

    private void checkWhileWaiting() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting on channel " + describe());
        }
        if (closed) {
            throw new ClosedException("channel " + describe() + " was closed while waiting");
        }
        waitCheck.check();
    }

    private void onRecord(final int typeId, final MutableDirectBuffer buffer, final int index, final int length) {
        if (length > maxRecordLength || length < 0) {
            // thrown from inside the ring's read, whose clean-up may then fail on the same length: read() reports this
            corruptRecord = corruptRecord(index - RecordDescriptor.HEADER_LENGTH,
                length + RecordDescriptor.HEADER_LENGTH);
            throw corruptRecord;
        }
        if ((typeId & MessageFraming.FRAME_MASK) == MessageFraming.WHOLE) {
            delivered++;
            current.onMessage(buffer, index, length);
        } else if (reassembler.onRecord(typeId, buffer, index, length, current)) {
            delivered++;
        }
    }

    @Override
    public final void housekeep() {
        housekeep(System.nanoTime());
    }

    private void housekeep(final long now) {
        final long head = ring.consumerPosition();
        final long tail = ring.producerPosition();
        if (head == tail) {
            stuckHead = -1;
            if (reassembler.assemblingCount() > 0 && now - nextLivenessCheck >= 0) {
                nextLivenessCheck = now + LIVENESS_INTERVAL_NANOS;
                for (int slot = 0; slot < reassembler.producerSlots(); slot++) {
                    if (reassembler.isAssembling(slot) && producers.isAbandoned(slot)) {
                        reassembler.discard(slot);
                    }
                }
            }
            return;
        }
        if (head != stuckHead) {
            stuckHead = head;
            stuckSince = now;
            return;
        }
        final long stuckFor = now - stuckSince;
        if (stuckFor >= UNBLOCK_AFTER_NANOS && now - nextLivenessCheck >= 0) {
            nextLivenessCheck = now + LIVENESS_INTERVAL_NANOS;
            final boolean deadProducer = producers.anyOwnerDead();
            if ((stuckFor >= UNBLOCK_BACKSTOP_NANOS || deadProducer) && ring.unblock()) {
                unblocked++;
                stuckHead = -1;
                if (deadProducer) {
                    // Report each dead producer once: a later stall of a live producer must not look like its.
                    producers.releaseDead();
                }
            }
        }
    }

    /**
     * Whether this handle has read the first fragments of a message and not yet its last: a reader that shares
     * the ring with other readers under a lock keeps the lock until this is {@code false}.
     *
     * @return {@code true} while a fragmented message is half read
     */
    public final boolean isAssembling() {
        return reassembler.assemblingCount() > 0;
    }

    @Override
    public final boolean isEmpty() {
        return ring.consumerPosition() == ring.producerPosition();
    }

    @Override
    public final int maxMessageLength() {
        return maxMessageLength;
    }

    @Override
    public final int maxRecordLength() {
        return maxRecordLength;
    }

    @Override
    public final int capacity() {
        return capacity;
    }

    @Override
    public final void waitCheck(final WaitCheck check) {
        this.waitCheck = Objects.requireNonNull(check, "check");
        fragmenter.waitCheck(check);
    }

    @Override
    public final Path file() {
        return file;
    }

    /**
     * The number of times this handle freed the ring from a dead producer's unfinished claim.
     *
     * @return the count
     */
    public final long unblockedCount() {
        return unblocked;
    }

    /**
     * Records dropped because they belonged to an abandoned message.
     *
     * @return the count
     */
    public final long droppedRecords() {
        return reassembler.droppedRecords();
    }

    /**
     * The producer slot this handle writes under, or -1 before its first write.
     *
     * @return the slot
     */
    public final int producerSlot() {
        return producerSlot;
    }

    /**
     * The process that owns a producer slot.
     *
     * @param slot the slot
     * @return its owner, or {@code null} when free
     */
    public final ProcessIdentity producer(final int slot) {
        return producers.owner(slot);
    }

    /**
     * Whether this handle was closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public final boolean isClosed() {
        return closed;
    }

    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (producerSlot >= 0) {
            producers.release(producerSlot);
        }
        if (region != null) {
            region.close();
        }
    }

    /**
     * Removes a standalone channel's file; processes that have it open keep using it.
     *
     * @return {@code true} if this call removed the file
     * @throws UnsupportedOperationException for a channel embedded in another object's region
     */
    public final boolean unlink() {
        if (region == null) {
            throw new UnsupportedOperationException("channel " + describe() + " is part of another object's region;"
                + " unlink that object");
        }
        return region.unlink();
    }

    final MappedRegion region() {
        return region;
    }

    private String describe() {
        return file == null ? "(embedded)" : file.toString();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + describe() + ", capacity " + capacity + ", maxMessageLength "
            + maxMessageLength + ", pending " + (ring.producerPosition() - ring.consumerPosition()) + " bytes"
            + (closed ? ", closed" : "") + "]";
    }
}
