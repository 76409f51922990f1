package io.shmproc.state;

import io.shmproc.codec.Codec;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.memory.RegionKind;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The local implementation of {@link SharedList}: see there for what it guarantees.
 */
final class LocalSharedList<E> extends AbstractList<E> implements SharedList<E> {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_CAPACITY = 1024;
    /** Below this many positions a full list grows fourfold (growth has a fixed cost: one new index file). */
    private static final int FAST_GROWTH_BELOW = 1 << 16;
    private static final long COMPACT_MIN_DEAD_BYTES = 8L << 20;

    private final transient Store store;
    private final transient Codec<E> codec;
    private final transient ListOptions<E> options;

    LocalSharedList(final Store store, final ListOptions<E> options) {
        this.store = store;
        this.codec = options.codec();
        this.options = options;
        store.onRecount(LocalSharedList::recount);
    }

    public static <E> SharedList<E> open(final Path directory, final ListOptions<E> options) {
        return new LocalSharedList<>(Store.open(directory, RegionKind.LIST, options.maxElementBytes(),
            options.segmentBytes(), INITIAL_CAPACITY), options);
    }

    public static <E> SharedList<E> attach(final Path directory, final ListOptions<E> options) {
        return new LocalSharedList<>(Store.attach(directory, RegionKind.LIST), options);
    }

    // ---------------------------------------------------------------- reads, lock-free

    @Override
    public E get(final int index) {
        while (true) {
            final Generation generation = store.view();
            try {
                final long state = generation.listState();
                final int size = StoreLayout.listCount(state);
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException("index=" + index + " is out of range for a list of " + size
                        + " elements");
                }
                final long ref = generation.listSlot(StoreLayout.listHalf(state), index);
                // The half read is intact unless a structural change published another one meanwhile.
                if (sameStructure(state, generation.listState())) {
                    return decode(generation, ref);
                }
            } catch (final MissingRegionException e) {
                store.superseded(generation, e);
            }
        }
    }

    /** Whether two state words name the same half and structure (appends change only the count). */
    private static boolean sameStructure(final long state, final long now) {
        return (state ^ now) >>> 32 == 0;
    }

    @Override
    public int size() {
        store.repairIfOwnerDied();
        return StoreLayout.listCount(store.view().listState());
    }

    private E decode(final Generation generation, final long ref) {
        final AtomicBuffer segment = generation.entrySegment(ref);
        final int length = DictTable.valueLength(segment, ref);
        return length == StoreLayout.NULL_LENGTH ? null : codec.decode(segment, DictTable.valueOffset(segment, ref),
            length);
    }

    @Override
    public Iterator<E> iterator() {
        while (true) {
            final Generation generation = store.view();
            try {
                generation.mapAllSegments();
                final long state = generation.listState();
                final int size = StoreLayout.listCount(state);
                final int half = StoreLayout.listHalf(state);
                final long[] refs = new long[size];
                for (int i = 0; i < size; i++) {
                    refs[i] = generation.listSlot(half, i);
                }
                if (sameStructure(state, generation.listState()) && store.generation() == generation.number()) {
                    return new Snapshot(generation, refs);
                }
            } catch (final MissingRegionException e) {
                store.superseded(generation, e);
            }
        }
    }

    private final class Snapshot implements Iterator<E> {
        private final Generation generation;
        private final long[] refs;
        private int index;

        Snapshot(final Generation generation, final long[] refs) {
            this.generation = generation;
            this.refs = refs;
        }

        @Override
        public boolean hasNext() {
            return index < refs.length;
        }

        @Override
        public E next() {
            if (index >= refs.length) {
                throw new NoSuchElementException();
            }
            return decode(generation, refs[index++]);
        }
    }

    // ---------------------------------------------------------------- updates, under the writers' lock

    @Override
    public boolean add(final E element) {
        insert(-1, element);
        return true;
    }

    @Override
    public void add(final int index, final E element) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("index=" + index + " is negative");
        }
        insert(index, element);
    }

    private void insert(final int index, final E element) {
        final Scratch scratch = Scratch.acquire();
        try {
            final int length = encode(element, scratch);
            store.lock();
            try {
                Generation generation = store.view();
                final int size = StoreLayout.listCount(generation.listState());
                if (index > size) {
                    throw new IndexOutOfBoundsException("index=" + index + " is out of range for a list of " + size
                        + " elements");
                }
                if (size == generation.capacity()) {
                    generation = grow(generation);
                }
                final long state = generation.listState();
                final int half = StoreLayout.listHalf(state);
                final long ref = generation.append(scratch.value, 0, 0, scratch.value, 0, length, 0);
                if (index < 0 || index == size) {
                    generation.publishListSlot(half, size, ref);
                    // Publishes the element: its bytes and its position were written before.
                    generation.publishListState(StoreLayout.listState(StoreLayout.listSequence(state), half,
                        size + 1));
                } else {
                    final int other = half ^ 1;
                    generation.copyListSlots(half, 0, other, 0, index);
                    generation.publishListSlot(other, index, ref);
                    generation.copyListSlots(half, index, other, index + 1, size - index);
                    // Publishes the shifted half: every position of it was written before.
                    generation.publishListState(StoreLayout.listState(StoreLayout.listSequence(state) + 1, other,
                        size + 1));
                }
                generation.liveBytes(generation.liveBytes() + StoreLayout.entryLength(0, length));
                generation.used(size + 1);
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    private int encode(final E element, final Scratch scratch) {
        if (element == null) {
            return StoreLayout.NULL_LENGTH;
        }
        final int length = codec.encode(element, scratch.value, 0);
        final long bytes = (long) StoreLayout.ENTRY_HEADER + length;
        if (bytes > store.maxEntryBytes()) {
            throw new IllegalArgumentException("element of " + length + " encoded bytes (+16 header) is larger than"
                + " this list's maxElementBytes=" + store.maxEntryBytes()
                + "; create the list with a larger ListOptions.maxElementBytes");
        }
        return length;
    }

    @Override
    public E set(final int index, final E element) {
        final Scratch scratch = Scratch.acquire();
        try {
            final int length = encode(element, scratch);
            store.lock();
            try {
                final Generation generation = store.view();
                final long state = generation.listState();
                final int half = StoreLayout.listHalf(state);
                checkIndex(index, StoreLayout.listCount(state));
                final long old = generation.listSlot(half, index);
                final E previous = decode(generation, old);
                final long ref = generation.append(scratch.value, 0, 0, scratch.value, 0, length, 0);
                // Publishes the new element in place of the old one.
                generation.publishListSlot(half, index, ref);
                retire(generation, old, StoreLayout.entryLength(0, length));
                return previous;
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    /** Accounts for an entry no position references any more, and compacts when dead bytes dominate. */
    private void retire(final Generation generation, final long old, final int addedLength) {
        final int oldLength = Generation.entryLengthAt(generation.entrySegment(old), StoreLayout.refOffset(old));
        generation.liveBytes(generation.liveBytes() - oldLength + addedLength);
        generation.deadBytes(generation.deadBytes() + oldLength);
        final long dead = generation.deadBytes();
        if (dead > COMPACT_MIN_DEAD_BYTES && dead > generation.liveBytes()) {
            rebuild(generation, generation.capacity());
        }
    }

    @Override
    public E remove(final int index) {
        store.lock();
        try {
            final Generation generation = store.view();
            checkIndex(index, StoreLayout.listCount(generation.listState()));
            return removeAt(generation, index);
        } finally {
            store.unlock();
        }
    }

    /** Removes a position; lock holder only. */
    private E removeAt(final Generation generation, final int index) {
        final long state = generation.listState();
        final int size = StoreLayout.listCount(state);
        final int half = StoreLayout.listHalf(state);
        final long sequence = StoreLayout.listSequence(state) + 1;
        final long old = generation.listSlot(half, index);
        final E removed = decode(generation, old);
        if (index == size - 1) {
            // Publishes the shorter list; the new sequence makes readers of the old last position re-check.
            generation.publishListState(StoreLayout.listState(sequence, half, size - 1));
        } else {
            final int other = half ^ 1;
            generation.copyListSlots(half, 0, other, 0, index);
            generation.copyListSlots(half, index + 1, other, index, size - index - 1);
            // Publishes the shifted half: every position of it was written before.
            generation.publishListState(StoreLayout.listState(sequence, other, size - 1));
        }
        generation.used(size - 1);
        retire(generation, old, 0);
        return removed;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean remove(final Object o) {
        final Scratch scratch = Scratch.acquire();
        try {
            final int length = o == null ? StoreLayout.NULL_LENGTH : codec.encode((E) o, scratch.value, 0);
            store.lock();
            try {
                final Generation generation = store.view();
                final long state = generation.listState();
                final int size = StoreLayout.listCount(state);
                final int half = StoreLayout.listHalf(state);
                for (int i = 0; i < size; i++) {
                    final long ref = generation.listSlot(half, i);
                    final AtomicBuffer segment = generation.entrySegment(ref);
                    if (sameBytes(segment, DictTable.valueOffset(segment, ref), DictTable.valueLength(segment, ref),
                        scratch.value, length)) {
                        removeAt(generation, i);
                        return true;
                    }
                }
                return false;
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    @Override
    public boolean removeIf(final Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        store.lock();
        try {
            final Generation generation = store.view();
            final long state = generation.listState();
            final int size = StoreLayout.listCount(state);
            final int half = StoreLayout.listHalf(state);
            final BitSet doomed = new BitSet(size);
            for (int i = 0; i < size; i++) {
                if (filter.test(decode(generation, generation.listSlot(half, i)))) {
                    doomed.set(i);
                }
            }
            if (doomed.isEmpty()) {
                return false;
            }
            if (doomed.cardinality() == size) {
                store.publish(store.nextGeneration(INITIAL_CAPACITY, 0));
                return true;
            }
            // From the highest index down, so the lower indices stay valid after each removal.
            for (int i = doomed.length() - 1; i >= 0; i = doomed.previousSetBit(i - 1)) {
                removeAt(store.view(), i);
            }
            return true;
        } finally {
            store.unlock();
        }
    }

    @Override
    public boolean removeAll(final Collection<?> c) {
        Objects.requireNonNull(c, "c");
        return removeIf(c::contains);
    }

    @Override
    public boolean retainAll(final Collection<?> c) {
        Objects.requireNonNull(c, "c");
        return removeIf(e -> !c.contains(e));
    }

    private static boolean sameBytes(final AtomicBuffer segment, final int offset, final int length,
                                     final DirectBuffer other, final int otherLength) {
        if (length != otherLength) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (segment.getByte(offset + i) != other.getByte(i)) {
                return false;
            }
        }
        return true;
    }

    /** Removes every element at once: one new empty generation is published. */
    @Override
    public void clear() {
        store.lock();
        try {
            store.publish(store.nextGeneration(INITIAL_CAPACITY, 0));
        } finally {
            store.unlock();
        }
    }

    private static void checkIndex(final int index, final long size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index=" + index + " is out of range for a list of " + size
                + " elements");
        }
    }

    /**
     * Builds and publishes the next generation with the live elements, compacted, in a larger or equal index;
     * lock holder only.
     */
    private Generation rebuild(final Generation old, final long minCapacity) {
        final long state = old.listState();
        final int size = StoreLayout.listCount(state);
        final int half = StoreLayout.listHalf(state);
        final long capacity = Math.max(INITIAL_CAPACITY, Math.max(minCapacity, size + 1));
        if (capacity > StoreLayout.MAX_CAPACITY) {
            throw new IllegalStateException(store.directory() + ": list is full at " + size + " elements (at most "
                + StoreLayout.MAX_CAPACITY + ")");
        }
        final Generation next = store.nextGeneration((int) capacity, old.liveBytes());
        long live = 0;
        for (int i = 0; i < size; i++) {
            final long ref = old.listSlot(half, i);
            final AtomicBuffer segment = old.entrySegment(ref);
            next.publishListSlot(0, i, next.copyEntry(segment, StoreLayout.refOffset(ref)));
            live += Generation.entryLengthAt(segment, StoreLayout.refOffset(ref));
        }
        next.publishListState(StoreLayout.listState(0, 0, size));
        next.used(size);
        next.liveBytes(live);
        next.deadBytes(0);
        store.publish(next);
        return next;
    }

    /**
     * Publishes a generation with 4x (small lists) or 2x the positions over the same data segments (linked, not
     * copied): growth
     * copies 8 bytes per element and creates one index file. Compacts instead when dead bytes dominate.
     */
    private Generation grow(final Generation old) {
        final long state = old.listState();
        final int size = StoreLayout.listCount(state);
        final long capacity = Math.max(INITIAL_CAPACITY, (long) size * (size < FAST_GROWTH_BELOW ? 4 : 2));
        if (old.deadBytes() > old.liveBytes() || capacity > StoreLayout.MAX_CAPACITY) {
            return rebuild(old, capacity);
        }
        final Generation next = store.nextGenerationAdopting(old, (int) capacity);
        next.copyListSlotsFrom(old, StoreLayout.listHalf(state), size);
        next.publishListState(StoreLayout.listState(0, 0, size));
        next.used(size);
        next.liveBytes(old.liveBytes());
        next.deadBytes(old.deadBytes());
        store.publish(next);
        return next;
    }

    /** Recomputes the byte counters from the positions below the published size. */
    private static void recount(final Generation generation) {
        final long state = generation.listState();
        final int size = StoreLayout.listCount(state);
        final int half = StoreLayout.listHalf(state);
        long live = 0;
        for (int i = 0; i < size; i++) {
            final long ref = generation.listSlot(half, i);
            live += Generation.entryLengthAt(generation.entrySegment(ref), StoreLayout.refOffset(ref));
        }
        generation.used(size);
        generation.liveBytes(live);
    }

    // ---------------------------------------------------------------- handle

    @Override
    public Path directory() {
        return store.directory();
    }

    /** Releases this process's handle; other processes keep the list. Idempotent. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public boolean unlink() {
        return store.unlink();
    }

    /** The options this handle was opened with (for its compact form, {@link StoreHandleForm}). */
    ListOptions<E> options() {
        return options;
    }

    /**
     * Replaces this handle by its small serialized form, which re-attaches when deserialized.
     *
     * @return the serialized form
     */
    private Object writeReplace() {
        return new Ref<>(store.directory(), options);
    }

    /** The serialized form: the directory and the codec; the receiver re-attaches. */
    private static final class Ref<E> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String directory;
        private final ListOptions<E> options;

        Ref(final Path directory, final ListOptions<E> options) {
            this.directory = directory.toString();
            this.options = options;
        }

        private Object readResolve() {
            return attach(Path.of(directory), options);
        }
    }

    @Override
    public String toString() {
        return "SharedList" + super.toString();
    }
}
