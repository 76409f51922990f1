package io.shmproc.state;

import static io.shmproc.state.StoreLayout.CAPACITY_OFFSET;
import static io.shmproc.state.StoreLayout.COUNT_OFFSET;
import static io.shmproc.state.StoreLayout.CURSOR_OFFSET;
import static io.shmproc.state.StoreLayout.DEAD_BYTES_OFFSET;
import static io.shmproc.state.StoreLayout.ENTRY_HASH_OFFSET;
import static io.shmproc.state.StoreLayout.ENTRY_HEADER;
import static io.shmproc.state.StoreLayout.ENTRY_KEY_LENGTH_OFFSET;
import static io.shmproc.state.StoreLayout.ENTRY_VALUE_LENGTH_OFFSET;
import static io.shmproc.state.StoreLayout.FIRST_ENTRY_OFFSET;
import static io.shmproc.state.StoreLayout.GENERATION_OFFSET;
import static io.shmproc.state.StoreLayout.LIVE_BYTES_OFFSET;
import static io.shmproc.state.StoreLayout.NULL_LENGTH;
import static io.shmproc.state.StoreLayout.ORDER_COUNT_OFFSET;
import static io.shmproc.state.StoreLayout.ROLE_INDEX;
import static io.shmproc.state.StoreLayout.ROLE_OFFSET;
import static io.shmproc.state.StoreLayout.ROLE_SEGMENT;
import static io.shmproc.state.StoreLayout.SEGMENT_NUMBER_OFFSET;
import static io.shmproc.state.StoreLayout.USED_OFFSET;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One generation of a store: its index file and its data segments, mapped in this process.
 *
 * <p>Readers use a generation without locking: slots and counts are read with acquire semantics and entry
 * bytes never change once referenced. The append methods and the counter setters are for the store's lock
 * holder only. Mappings are kept through their buffers; the files' channels are closed at once, so a
 * generation costs no file descriptors, and a file unlinked after it was mapped stays readable here.
 */
final class Generation {
    private final Path directory;
    private final RegionKind kind;
    private final long number;
    private final AtomicBuffer index;
    private final int capacity;
    private final Object attachLock = new Object();
    private volatile AtomicBuffer[] segments = new AtomicBuffer[4];

    private Generation(final Path directory, final RegionKind kind, final long number, final AtomicBuffer index) {
        this.directory = directory;
        this.kind = kind;
        this.number = number;
        this.index = index;
        this.capacity = (int) index.getLong(CAPACITY_OFFSET);
    }

    /**
     * Maps an existing generation's index after checking it.
     *
     * @throws io.shmproc.exceptions.MissingRegionException when the file is gone (superseded)
     * @throws CorruptRegionException when it is damaged
     */
    static Generation attach(final Path directory, final RegionKind kind, final long number) {
        final Path file = directory.resolve(StoreLayout.indexName(number));
        final AtomicBuffer index = map(MappedRegion.attach(file, kind, StoreLayout.VERSION));
        final long capacity = index.getLong(CAPACITY_OFFSET);
        if (index.getInt(ROLE_OFFSET) != ROLE_INDEX || index.getLong(GENERATION_OFFSET) != number || capacity < 1
            || capacity > StoreLayout.MAX_CAPACITY || StoreLayout.indexPayloadLength(capacity) > index.capacity()) {
            throw new CorruptRegionException(file, "has a damaged index header (role " + index.getInt(ROLE_OFFSET)
                + ", generation " + index.getLong(GENERATION_OFFSET) + ", capacity " + capacity + ")");
        }
        return new Generation(directory, kind, number, index);
    }

    /** Creates a new, unpublished generation with an empty index and its first segment; lock holder only. */
    static Generation create(final Path directory, final RegionKind kind, final long number, final int capacity,
                             final long firstSegmentBytes) {
        final Generation generation = createIndex(directory, kind, number, capacity);
        generation.createSegment(0, firstSegmentBytes);
        return generation;
    }

    /**
     * Creates a new, unpublished generation whose index is new but whose data segments are the given older
     * generation's, hard-linked under this generation's names (entries never change, so both may name them);
     * appends continue at the older generation's cursor. Lock holder only.
     */
    static Generation adopting(final Generation old, final int capacity) {
        final Generation generation = createIndex(old.directory, old.kind, old.number + 1, capacity);
        final long cursor = old.index.getLong(CURSOR_OFFSET);
        for (int s = 0; s <= StoreLayout.cursorSegment(cursor); s++) {
            final Path link = old.directory.resolve(StoreLayout.segmentName(generation.number, s));
            deleteStale(link);
            final AtomicBuffer buffer = old.segment(s);
            try {
                Files.createLink(link, old.directory.resolve(StoreLayout.segmentName(old.number, s)));
            } catch (final java.io.IOException e) {
                throw new io.shmproc.exceptions.RegionException(link, "cannot link a data segment into the next"
                    + " generation: " + e, e);
            }
            synchronized (generation.attachLock) {
                generation.remember(s, buffer);
            }
        }
        generation.index.putLong(CURSOR_OFFSET, cursor);
        return generation;
    }

    private static Generation createIndex(final Path directory, final RegionKind kind, final long number,
                                          final int capacity) {
        final Path file = directory.resolve(StoreLayout.indexName(number));
        deleteStale(file);
        final AtomicBuffer index = map(MappedRegion.create(file, kind, StoreLayout.VERSION,
            StoreLayout.indexPayloadLength(capacity), payload -> {
                payload.putInt(ROLE_OFFSET, ROLE_INDEX);
                payload.putLong(GENERATION_OFFSET, number);
                payload.putLong(CAPACITY_OFFSET, capacity);
                payload.putLong(CURSOR_OFFSET, StoreLayout.cursor(0, FIRST_ENTRY_OFFSET));
            }));
        return new Generation(directory, kind, number, index);
    }

    private static AtomicBuffer map(final MappedRegion region) {
        return region.detachPayload();
    }

    private static void deleteStale(final Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (final java.io.IOException e) {
            throw new io.shmproc.exceptions.RegionException(file, "cannot remove a stale file: " + e, e);
        }
    }

    long number() {
        return number;
    }

    int capacity() {
        return capacity;
    }

    AtomicBuffer index() {
        return index;
    }

    Path directory() {
        return directory;
    }

    /**
     * The buffer of a data segment, mapping it on first use.
     *
     * @throws io.shmproc.exceptions.MissingRegionException when the generation was superseded and removed
     */
    AtomicBuffer segment(final int segment) {
        final AtomicBuffer[] mapped = segments;
        if (segment < mapped.length) {
            final AtomicBuffer buffer = mapped[segment];
            if (buffer != null) {
                return buffer;
            }
        }
        return attachSegment(segment);
    }

    private AtomicBuffer attachSegment(final int segment) {
        synchronized (attachLock) {
            AtomicBuffer[] mapped = segments;
            if (segment < mapped.length && mapped[segment] != null) {
                return mapped[segment];
            }
            final Path file = directory.resolve(StoreLayout.segmentName(number, segment));
            final AtomicBuffer buffer = map(MappedRegion.attach(file, kind, StoreLayout.VERSION));
            // A segment adopted from an older generation keeps the generation that created it.
            if (buffer.getInt(ROLE_OFFSET) != ROLE_SEGMENT || buffer.getLong(GENERATION_OFFSET) > number
                || buffer.getLong(GENERATION_OFFSET) < 1
                || buffer.getLong(SEGMENT_NUMBER_OFFSET) != segment) {
                throw new CorruptRegionException(file, "has a damaged segment header (role "
                    + buffer.getInt(ROLE_OFFSET) + ", generation " + buffer.getLong(GENERATION_OFFSET) + ", segment "
                    + buffer.getLong(SEGMENT_NUMBER_OFFSET) + ")");
            }
            remember(segment, buffer);
            return buffer;
        }
    }

    private void remember(final int segment, final AtomicBuffer buffer) {
        AtomicBuffer[] mapped = segments;
        if (segment >= mapped.length) {
            mapped = Arrays.copyOf(mapped, Math.max(segment + 1, mapped.length * 2));
        } else {
            mapped = mapped.clone();
        }
        mapped[segment] = buffer;
        segments = mapped;
    }

    private AtomicBuffer createSegment(final int segment, final long bytes) {
        if (segment >= StoreLayout.MAX_SEGMENTS) {
            throw new IllegalStateException(directory + ": generation " + number + " ran out of segment numbers");
        }
        final Path file = directory.resolve(StoreLayout.segmentName(number, segment));
        deleteStale(file);
        final AtomicBuffer buffer = map(MappedRegion.create(file, kind, StoreLayout.VERSION, bytes, payload -> {
            payload.putInt(ROLE_OFFSET, ROLE_SEGMENT);
            payload.putLong(GENERATION_OFFSET, number);
            payload.putLong(SEGMENT_NUMBER_OFFSET, segment);
        }));
        synchronized (attachLock) {
            remember(segment, buffer);
        }
        return buffer;
    }

    /** Maps every segment written so far, so that iterating this generation never needs a file again. */
    void mapAllSegments() {
        final int last = StoreLayout.cursorSegment(index.getLongVolatile(CURSOR_OFFSET));
        for (int s = 0; s <= last; s++) {
            segment(s);
        }
    }

    /**
     * Appends an entry out of place; lock holder only. Nothing references it until the caller publishes the
     * returned reference.
     *
     * @return the entry's reference (segment and offset, no tag)
     */
    long append(final DirectBuffer key, final int keyOffset, final int keyLength, final DirectBuffer value,
                final int valueOffset, final int valueLength, final long hash) {
        final int length = StoreLayout.entryLength(keyLength, valueLength);
        final long cursor = index.getLong(CURSOR_OFFSET);
        int segment = StoreLayout.cursorSegment(cursor);
        int offset = StoreLayout.cursorOffset(cursor);
        AtomicBuffer buffer = segment(segment);
        if ((long) offset + length > buffer.capacity()) {
            final long wanted = Math.max(Math.min((long) buffer.capacity() * 2, StoreLayout.MAX_SEGMENT_BYTES),
                (long) FIRST_ENTRY_OFFSET + length);
            segment++;
            offset = FIRST_ENTRY_OFFSET;
            buffer = createSegment(segment, wanted);
        }
        buffer.putInt(offset + ENTRY_KEY_LENGTH_OFFSET, keyLength);
        buffer.putInt(offset + ENTRY_VALUE_LENGTH_OFFSET, valueLength);
        buffer.putLong(offset + ENTRY_HASH_OFFSET, hash);
        if (keyLength > 0) {
            buffer.putBytes(offset + ENTRY_HEADER, key, keyOffset, keyLength);
        }
        if (valueLength > 0) {
            buffer.putBytes(offset + ENTRY_HEADER + keyLength, value, valueOffset, valueLength);
        }
        // Only this lock holder reads the cursor; the release orders the entry bytes before it for a successor.
        index.putLongRelease(CURSOR_OFFSET, StoreLayout.cursor(segment, offset + length));
        return StoreLayout.ref(segment, offset);
    }

    /** Copies an entry of another generation into this one; lock holder only. */
    long copyEntry(final AtomicBuffer source, final int offset) {
        final int keyLength = source.getInt(offset + ENTRY_KEY_LENGTH_OFFSET);
        final int valueLength = source.getInt(offset + ENTRY_VALUE_LENGTH_OFFSET);
        final long hash = source.getLong(offset + ENTRY_HASH_OFFSET);
        return append(source, offset + ENTRY_HEADER, keyLength, source, offset + ENTRY_HEADER + keyLength,
            valueLength, hash);
    }

    /** The segment buffer of a reference, after checking the entry lies inside it. */
    AtomicBuffer entrySegment(final long ref) {
        final AtomicBuffer buffer = segment(StoreLayout.refSegment(ref));
        final int offset = StoreLayout.refOffset(ref);
        if (offset < FIRST_ENTRY_OFFSET || offset + ENTRY_HEADER > buffer.capacity()) {
            throw corrupt(ref, "points outside its segment");
        }
        final int keyLength = buffer.getInt(offset + ENTRY_KEY_LENGTH_OFFSET);
        final int valueLength = buffer.getInt(offset + ENTRY_VALUE_LENGTH_OFFSET);
        if (keyLength < 0 || valueLength < NULL_LENGTH
            || (long) offset + ENTRY_HEADER + keyLength + Math.max(0, valueLength) > buffer.capacity()) {
            throw corrupt(ref, "has impossible lengths (key " + keyLength + ", value " + valueLength + ")");
        }
        return buffer;
    }

    private CorruptRegionException corrupt(final long ref, final String problem) {
        return new CorruptRegionException(directory.resolve(StoreLayout.segmentName(number,
            StoreLayout.refSegment(ref))), "entry at offset " + StoreLayout.refOffset(ref) + " " + problem);
    }

    /** The value length of the entry at an offset ({@link StoreLayout#NULL_LENGTH} for a stored null). */
    static int valueLengthAt(final AtomicBuffer segment, final int offset) {
        return segment.getInt(offset + ENTRY_VALUE_LENGTH_OFFSET);
    }

    static int entryLengthAt(final AtomicBuffer segment, final int offset) {
        return StoreLayout.entryLength(segment.getInt(offset + ENTRY_KEY_LENGTH_OFFSET),
            segment.getInt(offset + ENTRY_VALUE_LENGTH_OFFSET));
    }

    long slot(final int slot) {
        return index.getLongVolatile(StoreLayout.slotOffset(slot));
    }

    /** Publishes a slot: the entry it references was written before (release store). */
    void publishSlot(final int slot, final long value) {
        index.putLongRelease(StoreLayout.slotOffset(slot), value);
    }

    long count() {
        return index.getLongVolatile(COUNT_OFFSET);
    }

    // ---- dict insertion order (StoreLayout: positions and order after the hash slots)

    /** The insertion position recorded for a hash slot's key (meaningful only while the slot is live). */
    int position(final int slot) {
        return index.getIntVolatile(StoreLayout.positionOffset(capacity, slot));
    }

    /** Records a hash slot's insertion position; lock holder only, before the slot is published. */
    void position(final int slot, final int position) {
        index.putInt(StoreLayout.positionOffset(capacity, slot), position);
    }

    /** The hash slot of the key inserted at a position (check with {@link #position(int)}). */
    int order(final int position) {
        return index.getIntVolatile(StoreLayout.orderOffset(capacity, position));
    }

    /** Records the hash slot inserted at a position; lock holder only, before the slot is published. */
    void order(final int position, final int slot) {
        index.putInt(StoreLayout.orderOffset(capacity, position), slot);
    }

    /** The insertion positions handed out; positions below it may be live. */
    int orderCount() {
        return (int) index.getLongVolatile(ORDER_COUNT_OFFSET);
    }

    /** Publishes the order count: the order entries below it were written before (release store). */
    void publishOrderCount(final int count) {
        index.putLongRelease(ORDER_COUNT_OFFSET, count);
    }

    /**
     * The hash slot word of the key at an insertion position, or {@link StoreLayout#EMPTY} when that position's
     * key was removed (or its slot reused by a later key); lock-free.
     */
    long ordered(final int position) {
        final int slotIndex = order(position);
        if (slotIndex < 0 || slotIndex >= capacity) {
            return StoreLayout.EMPTY;
        }
        final long slot = slot(slotIndex);
        // The position was written before the slot's release store, so a live slot read here has its own.
        if (slot == StoreLayout.EMPTY || slot == StoreLayout.TOMBSTONE || position(slotIndex) != position) {
            return StoreLayout.EMPTY;
        }
        return slot;
    }

    // ---- list state and halves

    /** The list's state word (count, live half, structure counter); acquire. */
    long listState() {
        return index.getLongVolatile(COUNT_OFFSET);
    }

    /** Publishes the list's state word: the positions it names were written before (release store). */
    void publishListState(final long state) {
        index.putLongRelease(COUNT_OFFSET, state);
    }

    /** A list position of one half; acquire. */
    long listSlot(final int half, final int i) {
        return index.getLongVolatile(StoreLayout.listSlotOffset(capacity, half, i));
    }

    /** Publishes a list position of one half (release store): the entry it references was written before. */
    void publishListSlot(final int half, final int i, final long ref) {
        index.putLongRelease(StoreLayout.listSlotOffset(capacity, half, i), ref);
    }

    /** Copies the first {@code length} positions of another generation's half into half 0; lock holder only. */
    void copyListSlotsFrom(final Generation other, final int otherHalf, final int length) {
        if (length > 0) {
            index.putBytes(StoreLayout.listSlotOffset(capacity, 0, 0), other.index,
                StoreLayout.listSlotOffset(other.capacity, otherHalf, 0), length * Long.BYTES);
        }
    }

    /** Copies {@code length} positions between halves (or within one, non-overlapping); lock holder only. */
    void copyListSlots(final int fromHalf, final int from, final int toHalf, final int to, final int length) {
        if (length > 0) {
            index.putBytes(StoreLayout.listSlotOffset(capacity, toHalf, to), index,
                StoreLayout.listSlotOffset(capacity, fromHalf, from), length * Long.BYTES);
        }
    }

    /** Publishes the count: for a list, the slots below it were written before (release store). */
    void publishCount(final long count) {
        index.putLongRelease(COUNT_OFFSET, count);
    }

    long used() {
        return index.getLong(USED_OFFSET);
    }

    void used(final long used) {
        index.putLong(USED_OFFSET, used);
    }

    long liveBytes() {
        return index.getLong(LIVE_BYTES_OFFSET);
    }

    void liveBytes(final long bytes) {
        index.putLong(LIVE_BYTES_OFFSET, bytes);
    }

    long deadBytes() {
        return index.getLong(DEAD_BYTES_OFFSET);
    }

    void deadBytes(final long bytes) {
        index.putLong(DEAD_BYTES_OFFSET, bytes);
    }
}
