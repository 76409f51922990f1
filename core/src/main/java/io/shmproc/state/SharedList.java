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
 * {@link ListOptions#maxElementBytes()} each; {@code null} is rejected.
 *
 * <p><b>Atomicity across processes.</b> {@code get}, {@code size} and iteration never lock. {@code add},
 * {@code set}, {@code remove} and {@code clear} run under one cross-process writer lock: an append writes the
 * element, then its position, then publishes the new size with one store; {@code set} swaps one position with
 * one store. Removing or inserting in the middle (O(n), as in Python) builds the next generation of the list
 * beside the live one and publishes it with one store. Each single call is atomic; sequences of calls
 * ({@code if (!l.contains(x)) l.add(x)}) are not. Iterators are weakly consistent: they walk the list as it
 * was when they were created, and never fail.
 *
 * <p><b>Growth.</b> No capacity is declared: a full index is rebuilt at twice the size; data grows in segments.
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
    private static final int INITIAL_CAPACITY = 64;
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
                final long size = generation.count();
                if (index < 0 || index >= size) {
                    throw new IndexOutOfBoundsException("index=" + index + " is out of range for a list of " + size
                        + " elements");
                }
                return decode(generation, generation.slot(index));
            } catch (final MissingRegionException e) {
                store.superseded(generation, e);
            }
        }
    }

    /**
     * The number of elements; repairs the count first when a writer died holding the lock.
     *
     * @return the size
     */
    @Override
    public int size() {
        store.repairIfOwnerDied();
        return (int) store.view().count();
    }

    private E decode(final Generation generation, final long ref) {
        final AtomicBuffer segment = generation.entrySegment(ref);
        return codec.decode(segment, DictTable.valueOffset(segment, ref), DictTable.valueLength(segment, ref));
    }

    @Override
    public Iterator<E> iterator() {
        while (true) {
            final Generation generation = store.view();
            try {
                generation.mapAllSegments();
                if (store.generation() == generation.number()) {
                    return new Snapshot(generation, generation.count());
                }
            } catch (final MissingRegionException e) {
                store.superseded(generation, e);
            }
        }
    }

    private final class Snapshot implements Iterator<E> {
        private final Generation generation;
        private final long size;
        private int index;

        Snapshot(final Generation generation, final long size) {
            this.generation = generation;
            this.size = size;
        }

        @Override
        public boolean hasNext() {
            return index < size;
        }

        @Override
        public E next() {
            if (index >= size) {
                throw new NoSuchElementException();
            }
            return decode(generation, generation.slot(index++));
        }
    }

    // ---------------------------------------------------------------- updates, under the writers' lock

    /**
     * Appends an element (Python's {@code append}).
     *
     * @param element the element
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
     * Inserts an element; inserting anywhere but the end rebuilds the list (O(n)).
     *
     * @param index   where, 0 to {@link #size()}
     * @param element the element
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
        Objects.requireNonNull(element, "element");
        final Scratch scratch = Scratch.acquire();
        try {
            final int length = encode(element, scratch);
            store.lock();
            try {
                Generation generation = store.view();
                final long size = generation.count();
                if (index > size) {
                    throw new IndexOutOfBoundsException("index=" + index + " is out of range for a list of " + size
                        + " elements");
                }
                if (index >= 0 && index < size) {
                    rebuild(generation, size + 1, -1, index, scratch.value, length);
                    return;
                }
                if (size == generation.capacity()) {
                    generation = rebuild(generation, size * 2, -1, -1, null, 0);
                }
                final long ref = generation.append(scratch.value, 0, 0, scratch.value, 0, length, 0);
                generation.publishSlot((int) size, ref);
                generation.liveBytes(generation.liveBytes() + StoreLayout.entryLength(0, length));
                // Publishes the element: its bytes and its slot were written before.
                generation.publishCount(size + 1);
                generation.used(size + 1);
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    private int encode(final E element, final Scratch scratch) {
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
        Objects.requireNonNull(element, "element");
        final Scratch scratch = Scratch.acquire();
        try {
            final int length = encode(element, scratch);
            store.lock();
            try {
                final Generation generation = store.view();
                checkIndex(index, generation.count());
                final long old = generation.slot(index);
                final E previous = decode(generation, old);
                final long ref = generation.append(scratch.value, 0, 0, scratch.value, 0, length, 0);
                // Publishes the new element in place of the old one.
                generation.publishSlot(index, ref);
                final int oldLength = Generation.entryLengthAt(generation.entrySegment(old),
                    StoreLayout.refOffset(old));
                generation.liveBytes(generation.liveBytes() - oldLength + StoreLayout.entryLength(0, length));
                generation.deadBytes(generation.deadBytes() + oldLength);
                final long dead = generation.deadBytes();
                if (dead > COMPACT_MIN_DEAD_BYTES && dead > generation.liveBytes()) {
                    rebuild(generation, generation.capacity(), -1, -1, null, 0);
                }
                return previous;
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    /**
     * Removes the element at an index, rebuilding the list without it (O(n), like Python's {@code pop(i)}).
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
            checkIndex(index, generation.count());
            final E removed = decode(generation, generation.slot(index));
            rebuild(generation, generation.capacity(), index, -1, null, 0);
            return removed;
        } finally {
            store.unlock();
        }
    }

    /**
     * Removes the first element whose encoding equals the given object's (Python's {@code remove(x)}).
     *
     * @param o the element to remove
     * @return {@code true} if one was removed
     */
    @Override
    @SuppressWarnings("unchecked")
    public boolean remove(final Object o) {
        if (o == null) {
            return false;
        }
        final Scratch scratch = Scratch.acquire();
        try {
            final int length = codec.encode((E) o, scratch.value, 0);
            store.lock();
            try {
                final Generation generation = store.view();
                final long size = generation.count();
                for (int i = 0; i < size; i++) {
                    final long ref = generation.slot(i);
                    final AtomicBuffer segment = generation.entrySegment(ref);
                    if (sameBytes(segment, DictTable.valueOffset(segment, ref), DictTable.valueLength(segment, ref),
                        scratch.value, length)) {
                        rebuild(generation, generation.capacity(), i, -1, null, 0);
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
            final long size = generation.count();
            final BitSet doomed = new BitSet((int) size);
            for (int i = 0; i < size; i++) {
                if (filter.test(decode(generation, generation.slot(i)))) {
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
                final Generation current = store.view();
                rebuild(current, current.capacity(), i, -1, null, 0);
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
     * Builds and publishes the next generation: the live elements without {@code skip}, with a new element at
     * {@code insertAt}; lock holder only.
     */
    private Generation rebuild(final Generation old, final long minCapacity, final int skip, final int insertAt,
                               final DirectBuffer inserted, final int insertedLength) {
        final long size = old.count();
        final long capacity = Math.max(INITIAL_CAPACITY, Math.max(minCapacity, size + 1));
        if (capacity > StoreLayout.MAX_CAPACITY) {
            throw new IllegalStateException(store.directory() + ": list is full at " + size + " elements (at most "
                + StoreLayout.MAX_CAPACITY + ")");
        }
        final Generation next = store.nextGeneration((int) capacity, old.liveBytes());
        int j = 0;
        long live = 0;
        for (int i = 0; i <= size; i++) {
            if (i == insertAt) {
                next.publishSlot(j++, next.append(inserted, 0, 0, inserted, 0, insertedLength, 0));
                live += StoreLayout.entryLength(0, insertedLength);
            }
            if (i == size || i == skip) {
                continue;
            }
            final long ref = old.slot(i);
            final AtomicBuffer segment = old.entrySegment(ref);
            next.publishSlot(j++, next.copyEntry(segment, StoreLayout.refOffset(ref)));
            live += Generation.entryLengthAt(segment, StoreLayout.refOffset(ref));
        }
        next.publishCount(j);
        next.used(j);
        next.liveBytes(live);
        next.deadBytes(0);
        store.publish(next);
        return next;
    }

    /** Recomputes the byte counters from the positions below the published size. */
    private static void recount(final Generation generation) {
        final long size = generation.count();
        long live = 0;
        for (int i = 0; i < size; i++) {
            final long ref = generation.slot(i);
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
