package io.shmproc.cluster;

import java.io.NotSerializableException;
import io.shmproc.codec.Codec;
import io.shmproc.state.ListOptions;
import io.shmproc.state.SharedList;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;

/**
 * A {@link SharedList} served by the cluster: the service's list of bytes, elements encoded by the
 * {@link ListOptions} codec ({@code null} stored as {@link ClusterBytes} describes).
 *
 * <p><b>Atomicity.</b> {@code get}, {@code size}, {@code add}, {@code add(i, e)}, {@code set}, {@code remove(i)}
 * and {@code clear} are one command each, atomic across every client. Index bounds are the service's: a
 * negative index is refused before anything is sent, any other is checked by the service
 * ({@link IndexOutOfBoundsException}).
 *
 * <p><b>Not atomic across clients</b>, because the service has no command for them: {@code remove(Object)},
 * {@code removeIf}, {@code removeAll}, {@code retainAll} and {@code Iterator.remove}. Each finds its elements in
 * a snapshot, then removes them by index from the highest down, checking that each removed element has the bytes
 * it expected; when another client moved elements meanwhile, the wrongly removed element is put back at its index
 * and the expected one is looked up again in a new snapshot. So every element they remove did match, none is
 * lost, but other clients may see the list half-filtered, or an element briefly missing; elements added meanwhile
 * may escape the filter, and the filter may see an element more than once. Hold a lock around them when that
 * matters.
 *
 * <p><b>Iteration.</b> {@link #iterator()}, {@link #spliterator()}, {@link #toArray()}, {@code contains},
 * {@code indexOf}, {@code equals}, {@code hashCode} and {@code toString} read one {@code listSnapshot}: weakly
 * consistent, they never fail and show the list as it was then. {@code listIterator} and {@code subList} are
 * {@link AbstractList}'s, one command per element on the live list.
 *
 * <p>An element whose encoding plus 16 bytes exceeds this handle's {@link ListOptions#maxElementBytes()} is
 * refused before it is sent. {@link #directory()} throws {@link UnsupportedOperationException}.
 *
 * @param <E> the element type
 */
final class ClusterList<E> extends AbstractList<E> implements SharedList<E> {
    private static final long serialVersionUID = 1L;
    /** Bytes of element header counted against maxElementBytes, as the local list counts them. */
    private static final int ELEMENT_HEADER = 16;
    private static final int APPEND = -1;

    private final transient ClusterHandle handle;
    private final transient ClusterOps ops;
    private final String name;
    private final transient ListOptions<E> options;
    private final transient Codec<E> codec;

    private ClusterList(final ClusterHandle handle, final ListOptions<E> options) {
        this.handle = handle;
        this.ops = handle.ops;
        this.name = handle.name;
        this.options = options;
        this.codec = options.codec();
    }

    /**
     * A handle on the list of this name; the service creates it on first use. Sends nothing.
     *
     * @param ops     the session
     * @param name    the list's name
     * @param options the codec and element limit of this handle
     * @param <E>     the element type
     * @return the handle
     */
    static <E> ClusterList<E> open(final ClusterOps ops, final String name, final ListOptions<E> options) {
        Objects.requireNonNull(options, "options");
        return new ClusterList<>(new ClusterHandle(ops, ClusterOps.KIND_LIST, name), options);
    }

    private byte[] encode(final E element) {
        final byte[] bytes = ClusterBytes.encodeValue(codec, element);
        if ((long) ELEMENT_HEADER + bytes.length > options.maxElementBytes()) {
            throw new IllegalArgumentException("element of " + bytes.length + " encoded bytes (+16 header) is larger"
                + " than maxElementBytes=" + options.maxElementBytes() + " of the cluster list '" + name
                + "'; open it with a larger ListOptions.maxElementBytes");
        }
        return bytes;
    }

    private E decode(final byte[] bytes) {
        return ClusterBytes.decodeValue(codec, bytes);
    }

    private static void checkNotNegative(final int index) {
        if (index < 0) {
            throw new IndexOutOfBoundsException("index=" + index + " is negative");
        }
    }

    private List<byte[]> snapshot() {
        handle.checkOpen();
        return ops.listSnapshot(name);
    }

    // ---------------------------------------------------------------- one command each

    @Override
    public E get(final int index) {
        handle.checkOpen();
        checkNotNegative(index);
        return decode(ops.listGet(name, index));
    }

    @Override
    public int size() {
        handle.checkOpen();
        return ops.listSize(name);
    }

    @Override
    public boolean add(final E element) {
        handle.checkOpen();
        ops.listAdd(name, APPEND, encode(element));
        return true;
    }

    @Override
    public void add(final int index, final E element) {
        handle.checkOpen();
        checkNotNegative(index);
        ops.listAdd(name, index, encode(element));
    }

    @Override
    public E set(final int index, final E element) {
        handle.checkOpen();
        checkNotNegative(index);
        return decode(ops.listSet(name, index, encode(element)));
    }

    @Override
    public E remove(final int index) {
        handle.checkOpen();
        checkNotNegative(index);
        return decode(ops.listRemove(name, index));
    }

    @Override
    public void clear() {
        handle.checkOpen();
        ops.listClear(name);
    }

    // ---------------------------------------------------------------- removals by value: not atomic

    /**
     * Removes the first element whose encoding equals the given object's (see the class comment: not atomic
     * across clients).
     *
     * @param o the element to remove, or {@code null}
     * @return {@code true} if one was removed
     */
    @Override
    @SuppressWarnings("unchecked")
    public boolean remove(final Object o) {
        handle.checkOpen();
        return removeFirst(ClusterBytes.encodeValue(codec, (E) o));
    }

    /** Removes the first element with these bytes, found in a fresh snapshot; retries when the list moved. */
    private boolean removeFirst(final byte[] expected) {
        while (true) {
            final int index = indexOfBytes(ops.listSnapshot(name), expected);
            if (index < 0) {
                return false;
            }
            if (removeAt(index, expected)) {
                return true;
            }
        }
    }

    /**
     * Removes the element at {@code index} if it has the expected bytes; puts back what it removed otherwise.
     *
     * @return whether the expected element was removed
     */
    private boolean removeAt(final int index, final byte[] expected) {
        final byte[] removed;
        try {
            removed = ops.listRemove(name, index);
        } catch (final IndexOutOfBoundsException e) {
            return false;
        }
        if (Arrays.equals(removed, expected)) {
            return true;
        }
        try {
            ops.listAdd(name, index, removed);
        } catch (final IndexOutOfBoundsException e) {
            ops.listAdd(name, APPEND, removed);
        }
        return false;
    }

    /** Removes the element a snapshot showed at {@code index}, wherever it has moved. */
    private boolean removeExpected(final int index, final byte[] expected) {
        return removeAt(index, expected) || removeFirst(expected);
    }

    private static int indexOfBytes(final List<byte[]> elements, final byte[] expected) {
        for (int i = 0; i < elements.size(); i++) {
            if (Arrays.equals(elements.get(i), expected)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Removes every element the filter accepts, testing a snapshot; not atomic across clients (see the class
     * comment). The filter runs here, outside any lock, and may see an element more than once.
     *
     * @param filter which elements go
     * @return {@code true} if any was removed
     */
    @Override
    public boolean removeIf(final Predicate<? super E> filter) {
        Objects.requireNonNull(filter, "filter");
        final List<byte[]> elements = snapshot();
        boolean removed = false;
        for (int i = elements.size() - 1; i >= 0; i--) {
            final byte[] element = elements.get(i);
            if (filter.test(decode(element)) && removeExpected(i, element)) {
                removed = true;
            }
        }
        return removed;
    }

    /**
     * Removes every element contained in {@code c}; not atomic across clients (see {@link #removeIf}).
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
     * Keeps only the elements contained in {@code c}; not atomic across clients (see {@link #removeIf}).
     *
     * @param c the elements to keep
     * @return {@code true} if any was removed
     */
    @Override
    public boolean retainAll(final Collection<?> c) {
        Objects.requireNonNull(c, "c");
        return removeIf(e -> !c.contains(e));
    }

    // ---------------------------------------------------------------- snapshot reads

    /**
     * An iterator over the list as it is now (one {@code listSnapshot}); weakly consistent: later changes by any
     * client never disturb it. Its {@code remove} removes the element it returned last, wherever that element
     * has moved since (not atomic across clients, see the class comment).
     *
     * @return a snapshot iterator
     */
    @Override
    public Iterator<E> iterator() {
        return new SnapshotIterator(snapshot());
    }

    @Override
    public Spliterator<E> spliterator() {
        return Spliterators.spliterator(toArray(), Spliterator.ORDERED);
    }

    @Override
    public Object[] toArray() {
        final List<byte[]> elements = snapshot();
        final Object[] copy = new Object[elements.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = decode(elements.get(i));
        }
        return copy;
    }

    @Override
    public boolean contains(final Object o) {
        return indexOf(o) >= 0;
    }

    @Override
    public int indexOf(final Object o) {
        final Object[] elements = toArray();
        for (int i = 0; i < elements.length; i++) {
            if (Objects.equals(o, elements[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int lastIndexOf(final Object o) {
        final Object[] elements = toArray();
        for (int i = elements.length - 1; i >= 0; i--) {
            if (Objects.equals(o, elements[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(final Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof List)) {
            return false;
        }
        return Arrays.asList(toArray()).equals(o);
    }

    @Override
    public int hashCode() {
        return Arrays.asList(toArray()).hashCode();
    }

    /** Walks one snapshot, decoding each element as it is reached. */
    private final class SnapshotIterator implements Iterator<E> {
        private final List<byte[]> elements;
        private int position;
        private int removed;
        private int last = -1;

        SnapshotIterator(final List<byte[]> elements) {
            this.elements = elements;
        }

        @Override
        public boolean hasNext() {
            return position < elements.size();
        }

        @Override
        public E next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            last = position++;
            return decode(elements.get(last));
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() was not called, or remove() was already called");
            }
            handle.checkOpen();
            // Where the element is now if nobody else changed the list: earlier removals shifted it down.
            if (removeExpected(last - removed, elements.get(last))) {
                removed++;
            }
            last = -1;
        }
    }

    // ---------------------------------------------------------------- handle

    /**
     * A cluster list has no directory.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Path directory() {
        throw new UnsupportedOperationException("the list '" + name + "' lives in a cluster, not in a directory; "
            + "check Shmproc.capabilities() for SHARED_MEMORY before asking for files");
    }

    /** Closes this handle; the list stays in the cluster. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public boolean unlink() {
        return handle.unlink();
    }

    /**
     * A cluster list is written as its cluster's address, name and options ({@link ClusterRef}).
     *
     * @return the form to write
     * @throws NotSerializableException when the context is closed
     */
    Object writeReplace() throws NotSerializableException {
        final String listName = name;
        final ListOptions<E> listOptions = options;
        return ClusterRef.of(ops, mp -> mp.list(listName, listOptions));
    }

    @Override
    public String toString() {
        if (handle.isClosed()) {
            return "SharedList[" + name + ", closed]";
        }
        return "SharedList" + Arrays.asList(toArray());
    }
}
