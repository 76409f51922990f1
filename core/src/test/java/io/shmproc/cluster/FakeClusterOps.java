package io.shmproc.cluster;

import io.shmproc.exceptions.ClosedException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory {@link ClusterOps} for one JVM, serving the word, dict and list families exactly as the
 * interface's javadoc says the replicated service does; the other families throw
 * {@link UnsupportedOperationException}. It doubles as an executable reading of that javadoc:
 *
 * <ul>
 *   <li>Every command is applied atomically (one monitor stands for the service's single-threaded state
 *       machine) and counted in {@link #commands()}, so a test can tell that a call sent nothing.</li>
 *   <li>Nothing is shared with the caller: arguments are copied in and answers copied out, as bytes on the wire
 *       would be. Values and keys are opaque bytes; equality is byte equality.</li>
 *   <li>An operation on an object that does not exist creates it with default parameters (a word array: one word
 *       holding 0; a dict or list: empty). {@code wordCreate} is idempotent and answers the existing length.</li>
 *   <li>A command the service would refuse as malformed (a word index outside the array, a length below 1)
 *       throws {@link IllegalArgumentException}; list indices outside the list throw
 *       {@link IndexOutOfBoundsException}, as the javadoc of the list commands says.</li>
 *   <li>A dict keeps insertion order: replacing a value keeps the key's position, removing and putting it again
 *       moves it to the end.</li>
 *   <li>After {@link #close()} every command throws {@link ClosedException}.</li>
 * </ul>
 */
final class FakeClusterOps implements ClusterOps {
    private final Map<String, long[]> words = new HashMap<>();
    private final Map<String, LinkedHashMap<ByteBuffer, byte[]>> dicts = new HashMap<>();
    private final Map<String, List<byte[]>> lists = new HashMap<>();
    private final AtomicLong commands = new AtomicLong();
    private boolean closed;

    /**
     * The number of commands sent so far.
     *
     * @return the count
     */
    long commands() {
        return commands.get();
    }

    /** Counts one command; the caller holds the monitor. */
    private void command() {
        if (closed) {
            throw new ClosedException("the fake cluster session is closed");
        }
        commands.incrementAndGet();
    }

    private static byte[] copy(final byte[] bytes) {
        return Objects.requireNonNull(bytes, "bytes").clone();
    }

    private static byte[] copyOrNull(final byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    // ---- words

    private long[] words(final String name, final int index) {
        final long[] array = words.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new long[1]);
        if (index < 0 || index >= array.length) {
            throw new IllegalArgumentException("word index " + index + " is outside the word array '" + name
                + "' of length " + array.length);
        }
        return array;
    }

    @Override
    public synchronized int wordCreate(final String name, final int length, final long initial) {
        command();
        if (length < 1) {
            throw new IllegalArgumentException("length=" + length + " is below 1");
        }
        return words.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> {
            final long[] array = new long[length];
            Arrays.fill(array, initial);
            return array;
        }).length;
    }

    @Override
    public synchronized long wordGet(final String name, final int index) {
        command();
        return words(name, index)[index];
    }

    @Override
    public synchronized void wordSet(final String name, final int index, final long value) {
        command();
        words(name, index)[index] = value;
    }

    @Override
    public synchronized long wordGetAndSet(final String name, final int index, final long value) {
        command();
        final long[] array = words(name, index);
        final long old = array[index];
        array[index] = value;
        return old;
    }

    @Override
    public synchronized long wordGetAndAdd(final String name, final int index, final long delta) {
        command();
        final long[] array = words(name, index);
        final long old = array[index];
        array[index] = old + delta;
        return old;
    }

    @Override
    public synchronized boolean wordCompareAndSet(final String name, final int index, final long expected,
                                                  final long value) {
        command();
        final long[] array = words(name, index);
        if (array[index] != expected) {
            return false;
        }
        array[index] = value;
        return true;
    }

    @Override
    public synchronized long[] wordSnapshot(final String name) {
        command();
        return words(name, 0).clone();
    }

    // ---- dict

    private LinkedHashMap<ByteBuffer, byte[]> dict(final String name) {
        return dicts.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new LinkedHashMap<>());
    }

    /** A key as a map key: a private copy, compared by content. */
    private static ByteBuffer key(final byte[] key) {
        return ByteBuffer.wrap(copy(key));
    }

    @Override
    public synchronized byte[] dictGet(final String dict, final byte[] key) {
        command();
        return copyOrNull(dict(dict).get(key(key)));
    }

    @Override
    public synchronized byte[] dictPut(final String dict, final byte[] key, final byte[] value) {
        command();
        return dict(dict).put(key(key), copy(value));
    }

    @Override
    public synchronized byte[] dictPutIfAbsent(final String dict, final byte[] key, final byte[] value) {
        command();
        return copyOrNull(dict(dict).putIfAbsent(key(key), copy(value)));
    }

    @Override
    public synchronized byte[] dictReplace(final String dict, final byte[] key, final byte[] value) {
        command();
        return dict(dict).replace(key(key), copy(value));
    }

    @Override
    public synchronized boolean dictReplaceIfEquals(final String dict, final byte[] key, final byte[] expected,
                                                    final byte[] value) {
        command();
        final Map<ByteBuffer, byte[]> map = dict(dict);
        final ByteBuffer k = key(key);
        final byte[] present = map.get(k);
        if (present == null || !Arrays.equals(present, Objects.requireNonNull(expected, "expected"))) {
            return false;
        }
        map.put(k, copy(value));
        return true;
    }

    @Override
    public synchronized byte[] dictRemove(final String dict, final byte[] key) {
        command();
        return dict(dict).remove(key(key));
    }

    @Override
    public synchronized boolean dictRemoveIfEquals(final String dict, final byte[] key, final byte[] expected) {
        command();
        final Map<ByteBuffer, byte[]> map = dict(dict);
        final ByteBuffer k = key(key);
        final byte[] present = map.get(k);
        if (present == null || !Arrays.equals(present, Objects.requireNonNull(expected, "expected"))) {
            return false;
        }
        map.remove(k);
        return true;
    }

    @Override
    public synchronized int dictSize(final String dict) {
        command();
        return dict(dict).size();
    }

    @Override
    public synchronized void dictClear(final String dict) {
        command();
        dict(dict).clear();
    }

    @Override
    public synchronized List<byte[][]> dictEntries(final String dict) {
        command();
        final List<byte[][]> entries = new ArrayList<>();
        for (final Map.Entry<ByteBuffer, byte[]> e : dict(dict).entrySet()) {
            entries.add(new byte[][] {e.getKey().array().clone(), e.getValue().clone()});
        }
        return entries;
    }

    // ---- list

    private List<byte[]> list(final String name) {
        return lists.computeIfAbsent(Objects.requireNonNull(name, "name"), n -> new ArrayList<>());
    }

    private static void checkIndex(final String list, final int index, final int size) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index=" + index + " is out of range for the list '" + list
                + "' of " + size + " elements");
        }
    }

    @Override
    public synchronized int listSize(final String list) {
        command();
        return list(list).size();
    }

    @Override
    public synchronized byte[] listGet(final String list, final int index) {
        command();
        final List<byte[]> elements = list(list);
        checkIndex(list, index, elements.size());
        return elements.get(index).clone();
    }

    @Override
    public synchronized byte[] listSet(final String list, final int index, final byte[] element) {
        command();
        final List<byte[]> elements = list(list);
        checkIndex(list, index, elements.size());
        return elements.set(index, copy(element));
    }

    @Override
    public synchronized void listAdd(final String list, final int index, final byte[] element) {
        command();
        final List<byte[]> elements = list(list);
        if (index == -1) {
            elements.add(copy(element));
            return;
        }
        if (index < 0 || index > elements.size()) {
            throw new IndexOutOfBoundsException("index=" + index + " is out of range for inserting into the list '"
                + list + "' of " + elements.size() + " elements");
        }
        elements.add(index, copy(element));
    }

    @Override
    public synchronized byte[] listRemove(final String list, final int index) {
        command();
        final List<byte[]> elements = list(list);
        checkIndex(list, index, elements.size());
        return elements.remove(index);
    }

    @Override
    public synchronized void listClear(final String list) {
        command();
        list(list).clear();
    }

    @Override
    public synchronized List<byte[]> listSnapshot(final String list) {
        command();
        final List<byte[]> copy = new ArrayList<>();
        for (final byte[] element : list(list)) {
            copy.add(element.clone());
        }
        return copy;
    }

    // ---- objects

    @Override
    public synchronized boolean delete(final String kind, final String name) {
        command();
        Objects.requireNonNull(name, "name");
        switch (Objects.requireNonNull(kind, "kind")) {
            case ClusterOps.KIND_WORD:
                return words.remove(name) != null;
            case ClusterOps.KIND_DICT:
                return dicts.remove(name) != null;
            case ClusterOps.KIND_LIST:
                return lists.remove(name) != null;
            default:
                throw unsupported("delete of a " + kind);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    // ---- families this fake does not serve

    private static UnsupportedOperationException unsupported(final String what) {
        return new UnsupportedOperationException("FakeClusterOps serves words, dicts and lists only, not " + what);
    }

    @Override
    public long queueCreate(final String queue, final long maxItems, final boolean joinable) {
        throw unsupported("queues");
    }

    @Override
    public boolean queueOffer(final String queue, final byte[] item, final long timeoutNanos) {
        throw unsupported("queues");
    }

    @Override
    public byte[] queuePoll(final String queue, final long timeoutNanos) {
        throw unsupported("queues");
    }

    @Override
    public byte[] queuePeek(final String queue) {
        throw unsupported("queues");
    }

    @Override
    public long queueSize(final String queue) {
        throw unsupported("queues");
    }

    @Override
    public void queueTaskDone(final String queue) {
        throw unsupported("queues");
    }

    @Override
    public long queueUnfinished(final String queue) {
        throw unsupported("queues");
    }

    @Override
    public boolean queueJoin(final String queue, final long timeoutNanos) {
        throw unsupported("queues");
    }

    @Override
    public int lockAcquire(final String lock, final boolean reentrant, final long threadId,
                           final long timeoutNanos) {
        throw unsupported("locks");
    }

    @Override
    public void lockRelease(final String lock, final long threadId) {
        throw unsupported("locks");
    }

    @Override
    public int lockHoldCount(final String lock, final long threadId) {
        throw unsupported("locks");
    }

    @Override
    public boolean lockIsLocked(final String lock) {
        throw unsupported("locks");
    }

    @Override
    public int semaphoreCreate(final String semaphore, final int permits, final int bound) {
        throw unsupported("semaphores");
    }

    @Override
    public boolean semaphoreAcquire(final String semaphore, final int permits, final long timeoutNanos) {
        throw unsupported("semaphores");
    }

    @Override
    public void semaphoreRelease(final String semaphore, final int permits) {
        throw unsupported("semaphores");
    }

    @Override
    public int semaphoreValue(final String semaphore) {
        throw unsupported("semaphores");
    }

    @Override
    public void eventSet(final String event) {
        throw unsupported("events");
    }

    @Override
    public void eventClear(final String event) {
        throw unsupported("events");
    }

    @Override
    public boolean eventIsSet(final String event) {
        throw unsupported("events");
    }

    @Override
    public boolean eventAwait(final String event, final long timeoutNanos) {
        throw unsupported("events");
    }

    @Override
    public boolean conditionAwait(final String condition, final String lock, final long threadId,
                                  final long timeoutNanos) {
        throw unsupported("conditions");
    }

    @Override
    public void conditionNotify(final String condition, final int n) {
        throw unsupported("conditions");
    }

    @Override
    public int barrierCreate(final String barrier, final int parties) {
        throw unsupported("barriers");
    }

    @Override
    public int barrierAwait(final String barrier, final long threadId, final long timeoutNanos) {
        throw unsupported("barriers");
    }

    @Override
    public void barrierAbort(final String barrier) {
        throw unsupported("barriers");
    }

    @Override
    public void barrierReset(final String barrier) {
        throw unsupported("barriers");
    }

    @Override
    public int barrierWaiting(final String barrier) {
        throw unsupported("barriers");
    }

    @Override
    public boolean barrierIsBroken(final String barrier) {
        throw unsupported("barriers");
    }
}
