package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.RandomAccess;
import java.util.function.Predicate;

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
public interface SharedList<E> extends java.util.List<E>, RandomAccess, AutoCloseable, Serializable {
    /**
     * Creates the list, or attaches to it when its directory exists.
     *
     * @param directory the list's directory
     * @param options   codec and limits
     * @param <E>       the element type
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when it exists but is damaged or not a list
     */
    static <E> SharedList<E> open(final Path directory, final ListOptions<E> options) {
        return LocalSharedList.open(directory, options);
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
    static <E> SharedList<E> attach(final Path directory, final ListOptions<E> options) {
        return LocalSharedList.attach(directory, options);
    }

    E get(final int index);

    /**
     * The number of elements; repairs the store first when a writer died holding the lock.
     *
     * @return the size
     */
    int size();

    /**
     * An iterator over the list as it is now: it copies the element references (8 bytes each) and decodes the
     * elements lazily from the same immutable entries, so later changes by any process never disturb it.
     *
     * @return a snapshot iterator
     */
    Iterator<E> iterator();

    /**
     * Appends an element (Python's {@code append}).
     *
     * @param element the element, or {@code null}
     * @return {@code true}
     * @throws IllegalArgumentException when the encoded element exceeds the list's limit (nothing is written)
     * @throws io.shmproc.exceptions.CodecException when it cannot be encoded (nothing is written)
     */
    boolean add(final E element);

    /**
     * Inserts an element (Python's {@code insert(i, x)}): the positions after it shift by one, O(n) 8-byte
     * copies in shared memory, published with one store.
     *
     * @param index   where, 0 to {@link #size()}
     * @param element the element, or {@code null}
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    void add(final int index, final E element);

    /**
     * Replaces the element at an index with one store.
     *
     * @param index   the position
     * @param element the element, or {@code null}
     * @return the element it replaced
     */
    E set(final int index, final E element);

    /**
     * Removes the element at an index (Python's {@code pop(i)}): the positions after it shift by one, O(n)
     * 8-byte copies in shared memory, published with one store; removing the last element is O(1).
     *
     * @param index the position
     * @return the removed element
     * @throws IndexOutOfBoundsException when the index is out of range
     */
    E remove(final int index);

    /**
     * Removes the first element whose encoding equals the given object's (Python's {@code remove(x)}).
     *
     * @param o the element to remove, or {@code null}
     * @return {@code true} if one was removed
     */
    @SuppressWarnings("unchecked")
    boolean remove(final Object o);

    /**
     * Removes every element the filter accepts, atomically across processes: the filter sees each element under
     * the writers' lock, so it must be quick and must not call this list.
     *
     * @param filter which elements go
     * @return {@code true} if any was removed
     */
    boolean removeIf(final Predicate<? super E> filter);

    /**
     * Removes every element contained in {@code c} (by {@code c.contains}), atomically across processes.
     *
     * @param c the elements to remove
     * @return {@code true} if any was removed
     */
    boolean removeAll(final Collection<?> c);

    /**
     * Keeps only the elements contained in {@code c} (by {@code c.contains}), atomically across processes.
     *
     * @param c the elements to keep
     * @return {@code true} if any was removed
     */
    boolean retainAll(final Collection<?> c);

    void clear();

    /**
     * The directory holding the list's files.
     *
     * @return its path
     */
    Path directory();

    void close();

    /**
     * Removes the list's files so no new process can attach.
     *
     * @return {@code true} if the list's directory existed
     */
    boolean unlink();
}
