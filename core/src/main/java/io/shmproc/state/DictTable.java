package io.shmproc.state;

import static io.shmproc.state.StoreLayout.EMPTY;
import static io.shmproc.state.StoreLayout.ENTRY_HASH_OFFSET;
import static io.shmproc.state.StoreLayout.ENTRY_HEADER;
import static io.shmproc.state.StoreLayout.ENTRY_KEY_LENGTH_OFFSET;
import static io.shmproc.state.StoreLayout.ENTRY_VALUE_LENGTH_OFFSET;
import static io.shmproc.state.StoreLayout.TOMBSTONE;

import io.shmproc.exceptions.CorruptRegionException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The open-addressing hash table of a {@link SharedDict} over encoded keys: lock-free lookup, and the
 * lock holder's insert, replace, remove and rebuild.
 *
 * <p>Linear probing over a power-of-two number of slots. A slot holds a reference to an immutable entry
 * tagged with 12 bits of the key's hash, so most mismatches are rejected without touching the entry. A
 * removed key leaves a tombstone. Slots in use (live plus tombstones) stay at most half the capacity; the
 * table is rebuilt into a new generation when that would be exceeded, and also when dead entry bytes
 * (overwritten or removed) outweigh the live ones, which compacts the data segments.
 *
 * <p><b>Insertion order</b> (Python's dict order): a new key takes the next insertion position {@code p}; the
 * index records {@code order[p] = slot} and {@code position[slot] = p} before the slot is published, then
 * publishes the order count. Replacing a value changes only the slot, so the key keeps its position; removing
 * a key leaves its position behind, dead (its slot is a tombstone, or was reused by a key with another
 * position). Iteration walks the positions and skips dead ones. A rebuild copies the live keys in order, so
 * the order survives growth and compaction; the table is also rebuilt when the positions run out.
 */
final class DictTable {
    /** Slots of a new or cleared dict. */
    static final int INITIAL_CAPACITY = 1024;
    private static final long COMPACT_MIN_DEAD_BYTES = 8L << 20;

    private final Store store;

    DictTable(final Store store) {
        this.store = store;
        store.onRecount(this::recount);
    }

    /**
     * The slot word of a key in a generation, or {@link StoreLayout#EMPTY}; lock-free.
     *
     * @throws io.shmproc.exceptions.MissingRegionException when the generation was superseded meanwhile
     */
    long find(final Generation generation, final DirectBuffer key, final int keyLength, final long hash) {
        final int mask = mask(generation);
        final long tag = StoreLayout.tag(hash);
        int i = (int) hash & mask;
        for (int probes = 0; probes <= mask; probes++) {
            final long slot = generation.slot(i);
            if (slot == EMPTY) {
                return EMPTY;
            }
            if (slot != TOMBSTONE && StoreLayout.tagOf(slot) == tag && matches(generation, slot, key, keyLength,
                hash)) {
                return slot;
            }
            i = (i + 1) & mask;
        }
        return EMPTY;
    }

    /**
     * The slot index of a key, or {@code -(insertion slot) - 1} when absent; lock holder only.
     */
    int locate(final Generation generation, final DirectBuffer key, final int keyLength, final long hash) {
        final int mask = mask(generation);
        final long tag = StoreLayout.tag(hash);
        int i = (int) hash & mask;
        int insertion = -1;
        for (int probes = 0; probes <= mask; probes++) {
            final long slot = generation.slot(i);
            if (slot == EMPTY) {
                return -(insertion >= 0 ? insertion : i) - 1;
            }
            if (slot == TOMBSTONE) {
                if (insertion < 0) {
                    insertion = i;
                }
            } else if (StoreLayout.tagOf(slot) == tag && matches(generation, slot, key, keyLength, hash)) {
                return i;
            }
            i = (i + 1) & mask;
        }
        if (insertion >= 0) {
            return -insertion - 1;
        }
        throw new CorruptRegionException(generation.directory(), "hash table of generation " + generation.number()
            + " has no free slot: its counters were damaged");
    }

    private static int mask(final Generation generation) {
        final int capacity = generation.capacity();
        if (Integer.bitCount(capacity) != 1) {
            throw new CorruptRegionException(generation.directory(), "index of generation " + generation.number()
                + " has capacity " + capacity + ", not a power of two");
        }
        return capacity - 1;
    }

    private static boolean matches(final Generation generation, final long slot, final DirectBuffer key,
                                   final int keyLength, final long hash) {
        final AtomicBuffer segment = generation.entrySegment(slot);
        final int offset = StoreLayout.refOffset(slot);
        if (segment.getLong(offset + ENTRY_HASH_OFFSET) != hash
            || segment.getInt(offset + ENTRY_KEY_LENGTH_OFFSET) != keyLength) {
            return false;
        }
        final int start = offset + ENTRY_HEADER;
        int i = 0;
        for (; i + Long.BYTES <= keyLength; i += Long.BYTES) {
            if (segment.getLong(start + i) != key.getLong(i)) {
                return false;
            }
        }
        for (; i < keyLength; i++) {
            if (segment.getByte(start + i) != key.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes room for one more key, rebuilding into a new generation when needed; lock holder only.
     *
     * @return the generation to insert into
     */
    Generation ensureRoom(final Generation generation) {
        if ((generation.used() + 1) * 2 <= generation.capacity() && generation.orderCount() < generation.capacity()) {
            return generation;
        }
        final long wanted = Math.max(INITIAL_CAPACITY, (generation.count() + 1) * 3);
        final long capacity = Long.highestOneBit(wanted - 1) << 1;
        if (capacity > StoreLayout.MAX_CAPACITY) {
            throw new IllegalStateException(store.directory() + ": dict is full at " + generation.count()
                + " entries (at most " + StoreLayout.MAX_CAPACITY / 2 + ")");
        }
        return rebuild(generation, (int) capacity);
    }

    /** Compacts the data segments when dead bytes outweigh live ones; lock holder only. */
    void maybeCompact(final Generation generation) {
        final long dead = generation.deadBytes();
        if (dead > COMPACT_MIN_DEAD_BYTES && dead > generation.liveBytes()) {
            rebuild(generation, generation.capacity());
        }
    }

    /** Inserts a new entry at a free slot found by {@link #locate}; lock holder only. */
    void insert(final Generation generation, final int insertion, final long ref, final long hash) {
        final boolean reusesEmpty = generation.slot(insertion) == EMPTY;
        final int position = generation.orderCount();
        generation.position(insertion, position);
        generation.order(position, insertion);
        // Publishes the entry and its position: its bytes, position and order entry were written before.
        generation.publishSlot(insertion, StoreLayout.tag(hash) | ref);
        generation.publishOrderCount(position + 1);
        generation.publishCount(generation.count() + 1);
        if (reusesEmpty) {
            generation.used(generation.used() + 1);
        }
        generation.liveBytes(generation.liveBytes() + entryLength(generation, ref));
    }

    /** Replaces the entry of a present key; lock holder only. */
    void replace(final Generation generation, final int slotIndex, final long ref) {
        final long old = generation.slot(slotIndex);
        // Publishes the new entry and retires the old one in one store.
        generation.publishSlot(slotIndex, StoreLayout.tagOf(old) | ref);
        final int oldLength = entryLength(generation, old);
        generation.liveBytes(generation.liveBytes() - oldLength + entryLength(generation, ref));
        generation.deadBytes(generation.deadBytes() + oldLength);
    }

    /** Removes the entry of a present key; lock holder only. */
    void remove(final Generation generation, final int slotIndex) {
        final long old = generation.slot(slotIndex);
        generation.publishSlot(slotIndex, TOMBSTONE);
        generation.publishCount(generation.count() - 1);
        final int oldLength = entryLength(generation, old);
        generation.liveBytes(generation.liveBytes() - oldLength);
        generation.deadBytes(generation.deadBytes() + oldLength);
        trimOrder(generation);
    }

    /** Drops dead positions at the end of the order, so the last position is live (popping stays O(1)). */
    private static void trimOrder(final Generation generation) {
        int count = generation.orderCount();
        while (count > 0 && generation.ordered(count - 1) == EMPTY) {
            count--;
        }
        if (count != generation.orderCount()) {
            generation.publishOrderCount(count);
        }
    }

    /**
     * The slot index of the key at the last live insertion position, or -1 when the dict is empty; lock holder.
     */
    int last(final Generation generation) {
        for (int p = generation.orderCount() - 1; p >= 0; p--) {
            if (generation.ordered(p) != EMPTY) {
                return generation.order(p);
            }
        }
        return -1;
    }

    /** Replaces the live generation by an empty one; lock holder only. */
    void clear() {
        store.publish(store.nextGeneration(INITIAL_CAPACITY, 0));
    }

    private static int entryLength(final Generation generation, final long ref) {
        return Generation.entryLengthAt(generation.entrySegment(ref), StoreLayout.refOffset(ref));
    }

    /** Copies every live entry into a new generation of the given capacity and publishes it. */
    private Generation rebuild(final Generation old, final int capacity) {
        final Generation next = store.nextGeneration(capacity, old.liveBytes());
        final int mask = capacity - 1;
        int count = 0;
        long live = 0;
        final int positions = old.orderCount();
        for (int p = 0; p < positions; p++) {
            final long slot = old.ordered(p);
            if (slot == EMPTY) {
                continue;
            }
            final AtomicBuffer segment = old.entrySegment(slot);
            final int offset = StoreLayout.refOffset(slot);
            final long hash = segment.getLong(offset + ENTRY_HASH_OFFSET);
            final long ref = next.copyEntry(segment, offset);
            int j = (int) hash & mask;
            while (next.slot(j) != EMPTY) {
                j = (j + 1) & mask;
            }
            next.position(j, count);
            next.order(count, j);
            next.publishSlot(j, StoreLayout.tag(hash) | ref);
            count++;
            live += Generation.entryLengthAt(segment, offset);
        }
        next.publishOrderCount(count);
        next.publishCount(count);
        next.used(count);
        next.liveBytes(live);
        next.deadBytes(0);
        store.publish(next);
        return next;
    }

    /**
     * Recomputes the counters from the slots after a writer died between a slot store and its counters; the
     * order count becomes one past the last live position.
     */
    private void recount(final Generation generation) {
        long count = 0;
        long used = 0;
        long live = 0;
        int positions = 0;
        for (int i = 0; i < generation.capacity(); i++) {
            final long slot = generation.slot(i);
            if (slot == EMPTY) {
                continue;
            }
            used++;
            if (slot != TOMBSTONE) {
                count++;
                live += entryLength(generation, slot);
                // Every live slot had its position and order entry written before it was published.
                final int position = generation.position(i);
                if (position < 0 || position >= generation.capacity() || generation.order(position) != i) {
                    throw new CorruptRegionException(generation.directory(), "index of generation "
                        + generation.number() + " has slot " + i + " at insertion position " + position
                        + ", which does not name it back: the order arrays were damaged");
                }
                positions = Math.max(positions, position + 1);
            }
        }
        generation.publishOrderCount(positions);
        generation.publishCount(count);
        generation.used(used);
        generation.liveBytes(live);
    }

    /** The value bytes' offset of an entry. */
    static int valueOffset(final AtomicBuffer segment, final long slot) {
        final int offset = StoreLayout.refOffset(slot);
        return offset + ENTRY_HEADER + segment.getInt(offset + ENTRY_KEY_LENGTH_OFFSET);
    }

    /** The value bytes' length of an entry. */
    static int valueLength(final AtomicBuffer segment, final long slot) {
        return segment.getInt(StoreLayout.refOffset(slot) + ENTRY_VALUE_LENGTH_OFFSET);
    }

    /** The key bytes' offset of an entry. */
    static int keyOffset(final long slot) {
        return StoreLayout.refOffset(slot) + ENTRY_HEADER;
    }

    /** The key bytes' length of an entry. */
    static int keyLength(final AtomicBuffer segment, final long slot) {
        return segment.getInt(StoreLayout.refOffset(slot) + ENTRY_KEY_LENGTH_OFFSET);
    }
}
