package io.shmproc.cluster;

import io.shmproc.sync.Lock;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the cluster values and arrays share: their words are a word array of {@link ClusterOps} named by the
 * value's name, and their {@code lock()} is a lock named {@code "<name>.lock"} that a lock factory (the
 * context's {@code name -> ctx.lock(name)}) makes on first use.
 *
 * <p>Every element operation is one command through the replicated log, so each is atomic across every client
 * of the cluster, and a client that dies mid-call leaves the word old or new. The lock, as with the local
 * values, only excludes other lock holders: the atomic methods do not take it.
 */
abstract class ClusterValue extends ClusterObject {
    private final Function<String, Lock> locks;
    private final String lockName;
    private Lock lock;

    ClusterValue(final ClusterOps ops, final String name, final Function<String, Lock> locks) {
        super(ops, ClusterOps.KIND_WORD, name);
        this.locks = Objects.requireNonNull(locks, "locks");
        this.lockName = name + ".lock";
    }

    /**
     * Creates the word array if absent and checks its length.
     *
     * @param ops     the session
     * @param name    the value's name
     * @param length  the expected number of words
     * @param initial every word's value in a new array
     * @param what    the caller's type, for the message
     * @throws IllegalArgumentException when the words exist with another length
     */
    static void create(final ClusterOps ops, final String name, final int length, final long initial,
                       final String what) {
        Objects.requireNonNull(ops, "ops");
        Objects.requireNonNull(name, "name");
        if (length < 1) {
            throw new IllegalArgumentException("length=" + length + " is out of range for the cluster " + what
                + " '" + name + "'; expected at least 1 element");
        }
        final int existing = ops.wordCreate(name, length, initial);
        if (existing != length) {
            throw new IllegalArgumentException("the cluster words '" + name + "' already exist with " + existing
                + " element(s), so they cannot be opened as " + (length == 1 ? "a " + what : what + " of " + length)
                + "; use another name, open them with length " + existing + ", or unlink them first");
        }
    }

    /**
     * The lock for compound updates (Python's {@code get_lock()}), shared by every client: the lock factory's
     * lock named {@code "<name>.lock"}, made on the first call and then the same object.
     *
     * @return the lock
     */
    public Lock lock() {
        checkOpen();
        synchronized (this) {
            if (lock == null) {
                lock = Objects.requireNonNull(locks.apply(lockName), "the lock factory returned null");
            }
            return lock;
        }
    }

    /** Closes this handle and the lock handle it made; the value and its lock stay in the cluster. */
    @Override
    public void close() {
        super.close();
        final Lock made;
        synchronized (this) {
            made = lock;
        }
        if (made != null) {
            made.close();
        }
    }

    /**
     * Deletes the words and their lock from the cluster.
     *
     * @return {@code true} if this call deleted the words
     */
    @Override
    public boolean unlink() {
        final boolean deleted = super.unlink();
        lock().unlink();
        return deleted;
    }

    /**
     * Checks an element index before any round trip.
     *
     * @param index  the index
     * @param length the array's length
     * @throws IndexOutOfBoundsException when out of range
     */
    final void checkIndex(final int index, final int length) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index=" + index + " is out of range for the cluster array '" + name
                + "' of " + length + " elements; expected 0 to " + (length - 1));
        }
    }

    /**
     * Checks a bulk copy between elements and a Java array before any round trip: the elements first, then the
     * array's side.
     *
     * @param index       the first element
     * @param count       how many elements
     * @param length      the cluster array's length
     * @param side        {@code "source"} or {@code "destination"}, for the message
     * @param offset      the first position in the Java array
     * @param arrayLength the Java array's length
     */
    final void checkCopy(final int index, final int count, final int length, final String side, final int offset,
                         final int arrayLength) {
        if (count < 0 || index < 0 || (long) index + count > length) {
            throw new IndexOutOfBoundsException("range index=" + index + ", count=" + count + " is out of range for"
                + " the cluster array '" + name + "' of " + length + " elements");
        }
        if (offset < 0 || (long) offset + count > arrayLength) {
            throw new IndexOutOfBoundsException(side + " offset=" + offset + ", count=" + count
                + " exceeds its length " + arrayLength);
        }
    }

    /**
     * The whole array in one command, checked against the length this handle opened.
     *
     * @param length the expected length
     * @return the words
     * @throws IllegalStateException when the words were unlinked and re-created with another length
     */
    final long[] snapshot(final int length) {
        final long[] words = ops.wordSnapshot(name);
        if (words.length != length) {
            throw new IllegalStateException("the cluster array '" + name + "' now has " + words.length
                + " element(s), not " + length + ": it was unlinked and re-created; open it again");
        }
        return words;
    }

    /**
     * A handle's {@code toString()}: {@code type[name<state>]}, like the local ones, such as
     * {@code SharedInt[hits = 42]}; never throws.
     *
     * @param type  the interface's name
     * @param state the live state, read only when open
     * @return the description
     */
    final String describe(final String type, final Supplier<String> state) {
        if (isClosed()) {
            return type + "[" + name + ", closed]";
        }
        try {
            return type + "[" + name + state.get() + "]";
        } catch (final RuntimeException e) {
            return type + "[" + name + ", unreadable: " + e + "]";
        }
    }
}
