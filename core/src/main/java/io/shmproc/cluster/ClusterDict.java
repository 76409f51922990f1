package io.shmproc.cluster;

import java.io.NotSerializableException;
import io.shmproc.codec.Codec;
import io.shmproc.exceptions.CodecException;
import io.shmproc.state.DictOptions;
import io.shmproc.state.SharedDict;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link SharedDict} served by the cluster: the service's insertion-ordered dict of bytes to bytes, with keys
 * and values encoded by the {@link DictOptions} codecs (values as {@link ClusterBytes} describes, so that
 * {@code null} values can be stored).
 *
 * <p><b>Atomicity.</b> Every method is atomic across every client of the cluster. {@code get}, {@code put},
 * {@code set}, {@code putIfAbsent}, {@code replace(k, v)}, {@code remove(k)} and {@code clear} are one command
 * each. {@code replace(k, old, new)} and {@code remove(k, v)} first try one compare-by-bytes command, then, as
 * ConcurrentMap compares values with {@code equals}, read the value and compare-and-set on its bytes.
 * {@code compute}, {@code computeIfAbsent}, {@code computeIfPresent} and {@code merge} are CAS loops over
 * {@code dictGet} and {@code dictPutIfAbsent} / {@code dictReplaceIfEquals} / {@code dictRemoveIfEquals}, as
 * ConcurrentMap's default methods are: unlike the local dict, whose function runs once under its writer lock,
 * <b>the function may run more than once</b> when other clients update the key meanwhile, so it must be free of
 * side effects.
 *
 * <p><b>Views.</b> {@link #entrySet()}, {@code keySet()} and {@code values()} iterate a snapshot taken with one
 * {@code dictEntries} command when the iterator is made (weakly consistent: they never fail, and show the dict as
 * it was then, in insertion order). {@code Iterator.remove} deletes the entry only if it still holds the value
 * the iterator showed ({@code dictRemoveIfEquals}); {@code Entry.setValue} writes through with {@code put}.
 * {@link #firstEntry()}, {@link #lastEntry()} and {@link #pollLastEntry()} also read a whole snapshot.
 *
 * <p><b>Nulls.</b> As in the local dict: keys are never null; values are null only through {@code put} and
 * {@code set} of a handle opened with {@link DictOptions#allowNullValues()}.
 *
 * <p><b>Limits.</b> An entry whose encoded key plus value plus 16 bytes exceeds this handle's
 * {@link DictOptions#maxEntryBytes()} is refused before it is sent; the service may refuse smaller ones with
 * {@link IllegalArgumentException}. {@link #directory()} and {@link #generation()} describe files and throw
 * {@link UnsupportedOperationException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class ClusterDict<K, V> extends AbstractMap<K, V> implements SharedDict<K, V> {
    private static final long serialVersionUID = 1L;
    /** Bytes of entry header counted against maxEntryBytes, as the local dict counts them. */
    private static final int ENTRY_HEADER = 16;

    private final transient ClusterHandle handle;
    private final transient ClusterOps ops;
    private final String name;
    private final transient DictOptions<K, V> options;
    private final transient Codec<K> keyCodec;
    private final transient Codec<V> valueCodec;
    private transient EntrySet entrySet;

    private ClusterDict(final ClusterHandle handle, final DictOptions<K, V> options) {
        this.handle = handle;
        this.ops = handle.ops;
        this.name = handle.name;
        this.options = options;
        this.keyCodec = options.keyCodec();
        this.valueCodec = options.valueCodec();
    }

    /**
     * A handle on the dict of this name; the service creates it on first use. Sends nothing.
     *
     * @param ops     the session
     * @param name    the dict's name
     * @param options the codecs, the null option and the entry limit of this handle
     * @param <K>     the key type
     * @param <V>     the value type
     * @return the handle
     */
    static <K, V> ClusterDict<K, V> open(final ClusterOps ops, final String name, final DictOptions<K, V> options) {
        Objects.requireNonNull(options, "options");
        return new ClusterDict<>(new ClusterHandle(ops, ClusterOps.KIND_DICT, name), options);
    }

    // ---------------------------------------------------------------- encoding

    @SuppressWarnings("unchecked")
    private byte[] keyBytes(final Object key) {
        Objects.requireNonNull(key, "key");
        return ClusterBytes.encodeKey(keyCodec, (K) key);
    }

    private V decode(final byte[] value) {
        return value == null ? null : ClusterBytes.decodeValue(valueCodec, value);
    }

    /** Encodes a value that is never null (every update but {@code put} and {@code set}). */
    private byte[] valueBytes(final byte[] key, final V value) {
        if (value == null) {
            throw new NullPointerException("value is null; a SharedDict stores null values only through put/set"
                + " of a handle opened with DictOptions.allowNullValues()");
        }
        return checkSize(key, ClusterBytes.encodeValue(valueCodec, value));
    }

    /** Encodes the value of {@code put} or {@code set}: null only with {@code allowNullValues}. */
    private byte[] putBytes(final byte[] key, final V value) {
        if (value == null && options.allowsNullValues()) {
            return checkSize(key, ClusterBytes.encodeValue(valueCodec, null));
        }
        return valueBytes(key, value);
    }

    /**
     * The stored bytes of a value to compare with, or {@code null} when the codec cannot encode it (another type):
     * then only the comparison by {@code equals} can match.
     */
    @SuppressWarnings("unchecked")
    private byte[] encodedOrNull(final Object value) {
        try {
            return ClusterBytes.encodeValue(valueCodec, (V) value);
        } catch (final ClassCastException | CodecException e) {
            return null;
        }
    }

    private byte[] checkSize(final byte[] key, final byte[] value) {
        final long bytes = (long) ENTRY_HEADER + key.length + value.length;
        if (bytes > options.maxEntryBytes()) {
            throw new IllegalArgumentException("entry of " + bytes + " bytes (key " + key.length + ", value "
                + value.length + ", header 16) is larger than maxEntryBytes=" + options.maxEntryBytes()
                + " of the cluster dict '" + name + "'; open it with a larger DictOptions.maxEntryBytes");
        }
        return value;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public V get(final Object key) {
        handle.checkOpen();
        return decode(ops.dictGet(name, keyBytes(key)));
    }

    @Override
    public boolean containsKey(final Object key) {
        handle.checkOpen();
        final byte[] value = ops.dictGet(name, keyBytes(key));
        return value != null && (options.allowsNullValues() || !ClusterBytes.isNull(value));
    }

    @Override
    public V getOrDefault(final Object key, final V defaultValue) {
        handle.checkOpen();
        final byte[] value = ops.dictGet(name, keyBytes(key));
        if (value == null || (ClusterBytes.isNull(value) && !options.allowsNullValues())) {
            return defaultValue;
        }
        return decode(value);
    }

    @Override
    public int size() {
        handle.checkOpen();
        return ops.dictSize(name);
    }

    @Override
    public long mappingCount() {
        return size();
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    // ---------------------------------------------------------------- updates

    @Override
    public V put(final K key, final V value) {
        handle.checkOpen();
        final byte[] k = keyBytes(key);
        return decode(ops.dictPut(name, k, putBytes(k, value)));
    }

    @Override
    public void set(final K key, final V value) {
        handle.checkOpen();
        final byte[] k = keyBytes(key);
        ops.dictPut(name, k, putBytes(k, value));
    }

    @Override
    public V putIfAbsent(final K key, final V value) {
        handle.checkOpen();
        final byte[] k = keyBytes(key);
        return decode(ops.dictPutIfAbsent(name, k, valueBytes(k, value)));
    }

    @Override
    public V replace(final K key, final V value) {
        handle.checkOpen();
        final byte[] k = keyBytes(key);
        return decode(ops.dictReplace(name, k, valueBytes(k, value)));
    }

    @Override
    public boolean replace(final K key, final V oldValue, final V newValue) {
        handle.checkOpen();
        Objects.requireNonNull(oldValue, "oldValue");
        final byte[] k = keyBytes(key);
        final byte[] replacement = valueBytes(k, newValue);
        final byte[] expected = encodedOrNull(oldValue);
        if (expected != null && ops.dictReplaceIfEquals(name, k, expected, replacement)) {
            return true;
        }
        while (true) {
            final byte[] current = ops.dictGet(name, k);
            if (current == null || !Objects.equals(decode(current), oldValue)) {
                return false;
            }
            if (ops.dictReplaceIfEquals(name, k, current, replacement)) {
                return true;
            }
        }
    }

    @Override
    public V remove(final Object key) {
        handle.checkOpen();
        return decode(ops.dictRemove(name, keyBytes(key)));
    }

    /**
     * Removes a key, telling whether it was present even when its value is {@code null} (for
     * {@link ClusterNamespace#delete}).
     *
     * @param key the key
     * @return {@code true} if this call removed it
     */
    boolean removeKey(final Object key) {
        handle.checkOpen();
        return ops.dictRemove(name, keyBytes(key)) != null;
    }

    @Override
    public boolean remove(final Object key, final Object value) {
        handle.checkOpen();
        if (value == null) {
            return false;
        }
        final byte[] k = keyBytes(key);
        final byte[] expected = encodedOrNull(value);
        if (expected != null && ops.dictRemoveIfEquals(name, k, expected)) {
            return true;
        }
        while (true) {
            final byte[] current = ops.dictGet(name, k);
            if (current == null || !Objects.equals(decode(current), value)) {
                return false;
            }
            if (ops.dictRemoveIfEquals(name, k, current)) {
                return true;
            }
        }
    }

    @Override
    public V compute(final K key, final BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        return update(key, function);
    }

    @Override
    public V computeIfAbsent(final K key, final Function<? super K, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        return update(key, (k, old) -> old != null ? old : function.apply(k));
    }

    @Override
    public V computeIfPresent(final K key, final BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        return update(key, (k, old) -> old == null ? null : function.apply(k, old));
    }

    @Override
    public V merge(final K key, final V value, final BiFunction<? super V, ? super V, ? extends V> function) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(function, "function");
        return update(key, (k, old) -> old == null ? value : function.apply(old, value));
    }

    /**
     * Stores a function of the present value (null when absent or null), removing the key when it returns null:
     * a CAS loop on the value's bytes. When the function hands back the very value it was given, nothing is
     * written.
     */
    private V update(final K key, final BiFunction<? super K, ? super V, ? extends V> function) {
        handle.checkOpen();
        final byte[] k = keyBytes(key);
        while (true) {
            final byte[] current = ops.dictGet(name, k);
            final V old = decode(current);
            final V result = function.apply(key, old);
            if (result == null) {
                if (current == null || ops.dictRemoveIfEquals(name, k, current)) {
                    return null;
                }
            } else if (current != null && result == old) {
                return result;
            } else {
                final byte[] value = valueBytes(k, result);
                if (current == null ? ops.dictPutIfAbsent(name, k, value) == null
                    : ops.dictReplaceIfEquals(name, k, current, value)) {
                    return result;
                }
            }
        }
    }

    @Override
    public void clear() {
        handle.checkOpen();
        ops.dictClear(name);
    }

    // ---------------------------------------------------------------- views

    @Override
    public Set<Entry<K, V>> entrySet() {
        EntrySet set = entrySet;
        if (set == null) {
            set = new EntrySet();
            entrySet = set;
        }
        return set;
    }

    /** The entries, over a snapshot per iterator; {@code remove} and {@code Entry.setValue} write through. */
    private final class EntrySet extends AbstractSet<Entry<K, V>> {
        @Override
        public Iterator<Entry<K, V>> iterator() {
            return new EntryIterator(false);
        }

        @Override
        public int size() {
            return ClusterDict.this.size();
        }

        @Override
        public void clear() {
            ClusterDict.this.clear();
        }

        @Override
        public boolean contains(final Object o) {
            if (!(o instanceof Map.Entry)) {
                return false;
            }
            final Object key = ((Map.Entry<?, ?>) o).getKey();
            final Object expected = ((Map.Entry<?, ?>) o).getValue();
            if (key == null) {
                return false;
            }
            handle.checkOpen();
            final byte[] value = ops.dictGet(name, keyBytes(key));
            if (value == null) {
                return false;
            }
            if (ClusterBytes.isNull(value)) {
                return expected == null && options.allowsNullValues();
            }
            return decode(value).equals(expected);
        }

        @Override
        public boolean remove(final Object o) {
            return o instanceof Map.Entry && ClusterDict.this.remove(((Map.Entry<?, ?>) o).getKey(),
                ((Map.Entry<?, ?>) o).getValue());
        }
    }

    /** Walks one {@code dictEntries} snapshot forwards or backwards, decoding each entry as it is reached. */
    private final class EntryIterator implements Iterator<Entry<K, V>> {
        private final List<byte[][]> entries;
        private final boolean reversed;
        private int position;
        private WriteThroughEntry last;

        EntryIterator(final boolean reversed) {
            handle.checkOpen();
            this.entries = ops.dictEntries(name);
            this.reversed = reversed;
            this.position = reversed ? entries.size() - 1 : 0;
        }

        @Override
        public boolean hasNext() {
            return reversed ? position >= 0 : position < entries.size();
        }

        @Override
        public Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            final byte[][] entry = entries.get(position);
            position += reversed ? -1 : 1;
            last = new WriteThroughEntry(entry[0], entry[1]);
            return last;
        }

        /** Removes the last entry returned if it still holds the value this iterator showed (or set). */
        @Override
        public void remove() {
            if (last == null) {
                throw new IllegalStateException("next() was not called, or remove() was already called");
            }
            handle.checkOpen();
            ops.dictRemoveIfEquals(name, last.key, last.value);
            last = null;
        }
    }

    /** An entry of an iterator: {@code setValue} puts the new value in the dict. */
    private final class WriteThroughEntry extends SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;
        private final byte[] key;
        private byte[] value;

        WriteThroughEntry(final byte[] key, final byte[] value) {
            super(ClusterBytes.decodeKey(keyCodec, key), decode(value));
            this.key = key;
            this.value = value;
        }

        @Override
        public V setValue(final V newValue) {
            handle.checkOpen();
            final byte[] bytes = putBytes(key, newValue);
            ops.dictPut(name, key, bytes);
            value = bytes;
            return super.setValue(newValue);
        }
    }

    // ---------------------------------------------------------------- insertion order

    @Override
    public Iterable<Entry<K, V>> reversedEntries() {
        return () -> new EntryIterator(true);
    }

    @Override
    public Iterable<K> reversedKeys() {
        return () -> {
            final Iterator<Entry<K, V>> entries = new EntryIterator(true);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public K next() {
                    return entries.next().getKey();
                }

                @Override
                public void remove() {
                    entries.remove();
                }
            };
        };
    }

    @Override
    public Entry<K, V> firstEntry() {
        final Iterator<Entry<K, V>> it = new EntryIterator(false);
        return it.hasNext() ? immutable(it.next()) : null;
    }

    @Override
    public Entry<K, V> lastEntry() {
        final Iterator<Entry<K, V>> it = new EntryIterator(true);
        return it.hasNext() ? immutable(it.next()) : null;
    }

    private static <K, V> Entry<K, V> immutable(final Entry<K, V> entry) {
        return new SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
    }

    /**
     * Removes and returns the newest entry: it reads a snapshot and removes its last entry if that still holds
     * the same value, else tries again. Of several clients popping at once, each gets a different entry; an
     * entry another client adds between the snapshot and the removal may be newer than the one removed.
     *
     * @return the removed entry, or {@code null} when the dict is empty
     */
    @Override
    public Entry<K, V> pollLastEntry() {
        handle.checkOpen();
        while (true) {
            final List<byte[][]> entries = ops.dictEntries(name);
            if (entries.isEmpty()) {
                return null;
            }
            final byte[][] entry = entries.get(entries.size() - 1);
            if (ops.dictRemoveIfEquals(name, entry[0], entry[1])) {
                return new SimpleImmutableEntry<>(ClusterBytes.decodeKey(keyCodec, entry[0]), decode(entry[1]));
            }
        }
    }

    // ---------------------------------------------------------------- handle

    /**
     * A cluster dict has no directory.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Path directory() {
        throw new UnsupportedOperationException("the dict '" + name + "' lives in a cluster, not in a directory; "
            + "check Shmproc.capabilities() for SHARED_MEMORY before asking for files");
    }

    /**
     * The local dict's generation numbers its index files, which a cluster dict does not have; there is no
     * cluster counterpart, and a number that never moved would mislead a tool that waits for it to.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public long generation() {
        throw new UnsupportedOperationException("the dict '" + name + "' lives in a cluster, which keeps no file "
            + "generations; generation() describes the files of a local SharedDict");
    }

    /** Closes this handle; the dict stays in the cluster. */
    @Override
    public void close() {
        handle.close();
    }

    @Override
    public boolean unlink() {
        return handle.unlink();
    }

    /**
     * The dict's name.
     *
     * @return it
     */
    String dictName() {
        return name;
    }

    /**
     * The session this handle speaks through.
     *
     * @return it
     */
    ClusterOps session() {
        return ops;
    }

    /**
     * A cluster dict is written as its cluster's address, name and options ({@link ClusterRef}).
     *
     * @return the form to write
     * @throws NotSerializableException when the context is closed
     */
    Object writeReplace() throws NotSerializableException {
        final String dictName = name;
        final DictOptions<K, V> dictOptions = options;
        return ClusterRef.of(ops, mp -> mp.dict(dictName, dictOptions));
    }

    @Override
    public String toString() {
        if (handle.isClosed()) {
            return "SharedDict[" + name + ", closed]";
        }
        try {
            return "SharedDict[" + name + ", " + mappingCount() + " entries]";
        } catch (final RuntimeException e) {
            return "SharedDict[" + name + ", unreadable: " + e + "]";
        }
    }
}
