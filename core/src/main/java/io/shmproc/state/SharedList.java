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
import java.util.RandomAccess;
import java.util.function.Predicate;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A list in shared memory that every attached process reads and appends to directly (Python's
 * {@code Manager().list()}, without the manager's server process).
 *
 * <p><b>Elements</b> are stored as bytes through the {@linkplain ListOptions#codec() codec}, up to
 * {@link ListOptions#maxElementBytes()} each; {@code null} is stored as Python stores {@code None}.
 *
 * <p><b>Atomicity across processes.</b> {@code get}, {@code size} and iteration never lock. {@code add},
 * {@code set}, {@code remove} and {@code clear} run under one cross-process writer lock: an append writes the
 * element, then its position, then publishes the new size with one store; {@code set} swaps one position with
 * one store. Inserting or removing before the end (O(n) 8-byte copies, as Python's {@code list} shifts its
 * pointers) writes the shifted positions into the spare half of the index and publishes them with one store of
 * the state word. Each single call is atomic; sequences of calls ({@code if (!l.contains(x)) l.add(x)}) are
 * not. Iterators walk the list as it was when they were created, and never fail.
 *
 * <p><b>Growth.</b> No capacity is declared: a full index is replaced by one four times the size (two times from
 * 65,536 elements on) over the same data segments (8 bytes copied per element); data grows in segments, and is
 * compacted when replaced or removed elements outweigh the live ones.
 *
 * <p><b>Crashes.</b> A process killed at any instruction leaves the list consistent: an append is either
 * complete or absent, the lock passes to the next writer, and every call that returned before the kill is kept.
 *
 * <pre>{@code
 * SharedList<Long> pids = mp.list("pids");          // Python: l = manager.list()
 * pids.add(ProcessHandle.current().pid());          // l.append(os.getpid())
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same files.
 *
 * @param <E> the element type
 */
public final class SharedList<E> extends AbstractList<E> implements RandomAccess, AutoCloseable, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_CAPACITY = 1024;
    /** Below this many positions a full list grows fourfold (growth has a fixed cost: one new index file). */
    private static final int FAST_GROWTH_BELOW = 1 << 16;
    private static final long COMPACT_MIN_DEAD_BYTES = 8L << 20;

    private final transient Store store;
    private final transient Codec<E> codec;
    private final transient ListOptions<E> options;

    private SharedList(final Store store, final ListOptions<E> options) {
        this.store = store;
        this.codec = options.codec();
        this.options = options;
        store.onRecount(SharedList::recount);
    }

    /**
     * Creates the list, or attaches to it when its directory exists.
     *
     * @param directory the list's directory
     * @param options   codec and limits
     * @param <E>       the element type
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when it exists but is damaged or not a list
     */
    public static <E> SharedList<E> open(final Path directory, final ListOptions<E> options) {
        return new SharedList<>(Store.open(directory, RegionKind.LIST, options.maxElementBytes(),
            options.segmentBytes(), INITIAL_CAPACITY), options);
    }

    /**
     * Attaches to an existing list.
     *
     * @param directory the list's directory
     * @param options   the codec (limits are read from the list)
     * @param <E>       the element type
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when it is missing, damaged or not a list
     */
    public static <E> SharedList<E> attach(final Path directory, final ListOptions<E> options) {
        return new SharedList<>(Store.attach(directory, RegionKind.LIST), options);
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

    /**
     * The number of elements; repairs the store first when a writer died holding the lock.
     *
     * @return the size
     */
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

    /**
     * An iterator over the list as it is now: it copies the element references (8 bytes each) and decodes the
     * elements lazily from the same immutable entries, so later changes by any process never disturb it.
     *
     * @return a snapshot iterator
     */
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

    /**
     * Appends an element (Python's {@code append}).
     *
     * @param element the element, or {@code null}
     * @return {@code true}
     * @throws IllegalArgumentException when the encoded element exceeds the list's limit (nothing is written)
     * @throws io.shmproc.exceptions.CodecException when it cannot be encoded (nothing is written)
     */
    @Override
    public boolean add(final E element) {
        insert(-1, element);
        return true;
    }

    /**
     * Inserts an element (Python's {@code insert(i, x)}): the positions after it shift by one, O(n) 8-byte
     * copies in shared memory, published with one store.
     *
     * @param index   where, 0 to {@link #size()}
     * @param element the element, or {@code null}
     * @throws IndexOutOfBoundsException when the index is out of range
     */
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

    /**
     * Replaces the element at an index with one store.
     *
     * @param index   the position
     * @param element the element, or {@code null}
     * @return the element it replaced
     */
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

    /**
     * Removes the element at an index (Python's {@code pop(i)}): the positions after it shift by one, O(n)
     * 8-byte copies in shared memory, published with one store; removing the last element is O(1).
     *
     * @param index the position
     * @return the removed element
     * @throws IndexOutOfBoundsException when the index is out of range
     */
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

    /**
     * Removes the first element whose encoding equals the given object's (Python's {@code remove(x)}).
     *
     * @param o the element to remove, or {@code null}
     * @return {@code true} if one was removed
     */
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

    /**
     * Removes every element the filter accepts, atomically across processes: the filter sees each element under
     * the writers' lock, so it must be quick and must not call this list.
     *
     * @param filter which elements go
     * @return {@code true} if any was removed
     */
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

    /**
     * Removes every element contained in {@code c} (by {@code c.contains}), atomically across processes.
     *
     * @param c the elements to remove
     * @return {@code true} if any was removed
     */
    @Override
    public boolean removeAll(final Collection<?> c) {
        Objects.requireNonNull(c, "c");
        return removeIf(c::contains);
    }

    /**
     * Keeps only the elements contained in {@code c} (by {@code c.contains}), atomically across processes.
     *
     * @param c the elements to keep
     * @return {@code true} if any was removed
     */
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

    /**
     * The directory holding the list's files.
     *
     * @return its path
     */
    public Path directory() {
        return store.directory();
    }

    /** Releases this process's handle; other processes keep the list. Idempotent. */
    @Override
    public void close() {
        store.close();
    }

    /**
     * Removes the list's files so no new process can attach.
     *
     * @return {@code true} if the list's directory existed
     */
    public boolean unlink() {
        return store.unlink();
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
