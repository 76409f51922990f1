package io.shmproc;

import io.shmproc.memory.SharedMemory;
import io.shmproc.state.ListOptions;
import io.shmproc.state.SharedDoubleArray;
import io.shmproc.state.SharedList;
import io.shmproc.state.SharedLongArray;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * A scope that owns the shared memory created through it, Python's
 * {@code multiprocessing.managers.SharedMemoryManager}: blocks, lists and arrays made here get generated unique
 * names, and are closed and unlinked, newest first, when the scope closes (Python's {@code with
 * SharedMemoryManager() as smm:}).
 *
 * <pre>{@code
 * try (SharedMemoryScope smm = mp.sharedMemoryScope()) {    // with SharedMemoryManager() as smm:
 *     SharedMemory block = smm.sharedMemory(1 << 20);       //     sm = smm.SharedMemory(size=1 << 20)
 *     SharedList<Object> sl = smm.shareableList(List.of(1, "two", 3.0));   // smm.ShareableList([1, 'two', 3.0])
 *     mp.process(() -> block.buffer().putLong(0, 42)).start().join();
 * }                                                          // both unlinked here
 * }</pre>
 *
 * <p><b>Across processes.</b> The handles are ordinary handles: passed to a child they re-attach there. Unlinking
 * removes the names; a process that still has a block mapped keeps its memory until it closes its handle, as
 * with Python's {@code unlink()}. <b>When the owner dies</b> without closing the scope, its context's files are
 * reclaimed by the next context that starts (the context's usual guarantee). Python's {@code ShareableList} (a
 * fixed number of slots holding numbers, strings, bytes or {@code None}) maps to {@link #shareableList}, a
 * {@link SharedList} (which may also grow), or to the typed arrays {@link #longArray} and {@link #doubleArray}
 * when every slot holds a number.
 *
 * <p>Thread-safe; {@link #close()} is idempotent, and creating through a closed scope throws
 * {@link io.shmproc.exceptions.ClosedException}.
 */
public final class SharedMemoryScope implements AutoCloseable {
    private final LocalShmproc context;
    private final Deque<Owned> owned = new ArrayDeque<>();
    private boolean closed;

    SharedMemoryScope(final LocalShmproc context) {
        this.context = context;
    }

    /** One object of the scope: how to close and unlink it. */
    private interface Owned {
        void release();
    }

    private synchronized <T> T own(final T object, final Owned release) {
        if (closed) {
            release.release();
            throw new io.shmproc.exceptions.ClosedException("shared memory scope is closed");
        }
        owned.push(release);
        return object;
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new io.shmproc.exceptions.ClosedException("shared memory scope is closed");
        }
    }

    /**
     * A new zero-filled block with a generated unique name (Python's {@code smm.SharedMemory(size)}).
     *
     * @param size bytes
     * @return the block, unlinked when this scope closes
     */
    public SharedMemory sharedMemory(final int size) {
        ensureOpen();
        final SharedMemory block = context.sharedMemory(size);
        return own(block, () -> {
            block.unlink();
            block.close();
        });
    }

    /**
     * A new shared list holding the given values, with a generated unique name (Python's
     * {@code smm.ShareableList(sequence)}); {@code null} values are kept (Python's {@code None}).
     *
     * @param values the initial elements, in order
     * @param <E>    the element type
     * @return the list, unlinked when this scope closes
     */
    public <E> SharedList<E> shareableList(final Collection<? extends E> values) {
        return shareableList(values, ListOptions.defaults());
    }

    /**
     * A new shared list with the given codec and limits, holding the given values.
     *
     * @param values  the initial elements, in order
     * @param options the codec and limits
     * @param <E>     the element type
     * @return the list, unlinked when this scope closes
     */
    public <E> SharedList<E> shareableList(final Collection<? extends E> values, final ListOptions<E> options) {
        ensureOpen();
        final SharedList<E> list = context.list(context.uniqueStateName("shareablelist"), options);
        own(list, () -> {
            list.unlink();
            list.close();
        });
        list.addAll(values);
        return list;
    }

    /**
     * A new zero-filled {@code long[]} with a generated unique name (a ShareableList of integers).
     *
     * @param length the number of elements
     * @return the array, unlinked when this scope closes
     */
    public SharedLongArray longArray(final int length) {
        ensureOpen();
        final SharedLongArray array = context.sharedLongArray(context.uniqueStateName("longs"), length);
        return own(array, () -> {
            array.unlink();
            array.close();
        });
    }

    /**
     * A new zero-filled {@code double[]} with a generated unique name (a ShareableList of floats).
     *
     * @param length the number of elements
     * @return the array, unlinked when this scope closes
     */
    public SharedDoubleArray doubleArray(final int length) {
        ensureOpen();
        final SharedDoubleArray array = context.sharedDoubleArray(context.uniqueStateName("doubles"), length);
        return own(array, () -> {
            array.unlink();
            array.close();
        });
    }

    /**
     * Unlinks and closes everything created through this scope, newest first (Python's
     * {@code SharedMemoryManager.shutdown()}). Idempotent.
     */
    @Override
    public void close() {
        final Deque<Owned> toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRelease = new ArrayDeque<>(owned);
            owned.clear();
        }
        RuntimeException failure = null;
        for (final Owned o : toRelease) {
            try {
                o.release();
            } catch (final RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized String toString() {
        return "SharedMemoryScope[" + owned.size() + " objects" + (closed ? ", closed" : "") + "]";
    }
}
