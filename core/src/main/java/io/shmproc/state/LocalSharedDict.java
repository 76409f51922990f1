package io.shmproc.state;

import io.shmproc.codec.Codec;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.memory.RegionKind;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The local implementation of {@link SharedDict}: see there for what it guarantees.
 */
final class LocalSharedDict<K, V> extends AbstractMap<K, V> implements SharedDict<K, V> {
    private static final long serialVersionUID = 1L;

    private final transient Store store;
    private final transient DictTable table;
    private final transient Codec<K> keyCodec;
    private final transient Codec<V> valueCodec;
    private final transient DictOptions<K, V> options;
    private transient EntrySet entrySet;

    LocalSharedDict(final Store store, final DictOptions<K, V> options) {
        this.store = store;
        this.table = new DictTable(store);
        this.keyCodec = options.keyCodec();
        this.valueCodec = options.valueCodec();
        this.options = options;
    }

    public static <K, V> SharedDict<K, V> open(final Path directory, final DictOptions<K, V> options) {
        return new LocalSharedDict<>(Store.open(directory, RegionKind.DICT, options.maxEntryBytes(),
            options.segmentBytes(), DictTable.INITIAL_CAPACITY), options);
    }

    public static <K, V> SharedDict<K, V> attach(final Path directory, final DictOptions<K, V> options) {
        return new LocalSharedDict<>(Store.attach(directory, RegionKind.DICT), options);
    }

    // ---------------------------------------------------------------- reads, lock-free

    @Override
    @SuppressWarnings("unchecked")
    public V get(final Object key) {
        Objects.requireNonNull(key, "key");
        final Scratch scratch = Scratch.acquire();
        try {
            final int keyLength = keyCodec.encode((K) key, scratch.key, 0);
            final long hash = Scratch.hash(scratch.key, 0, keyLength);
            while (true) {
                final Generation generation = store.view();
                try {
                    final long slot = table.find(generation, scratch.key, keyLength, hash);
                    return slot == StoreLayout.EMPTY ? null : decodeValue(generation, slot);
                } catch (final MissingRegionException e) {
                    store.superseded(generation, e);
                }
            }
        } finally {
            Scratch.release();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean containsKey(final Object key) {
        Objects.requireNonNull(key, "key");
        if (!options.allowsNullValues()) {
            return get(key) != null;
        }
        final Scratch scratch = Scratch.acquire();
        try {
            final int keyLength = keyCodec.encode((K) key, scratch.key, 0);
            final long hash = Scratch.hash(scratch.key, 0, keyLength);
            while (true) {
                final Generation generation = store.view();
                try {
                    return table.find(generation, scratch.key, keyLength, hash) != StoreLayout.EMPTY;
                } catch (final MissingRegionException e) {
                    store.superseded(generation, e);
                }
            }
        } finally {
            Scratch.release();
        }
    }

    @Override
    public V getOrDefault(final Object key, final V defaultValue) {
        final V value = get(key);
        if (value == null) {
            return options.allowsNullValues() && containsKey(key) ? null : defaultValue;
        }
        return value;
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, mappingCount());
    }

    @Override
    public long mappingCount() {
        store.repairIfOwnerDied();
        return store.view().count();
    }

    @Override
    public boolean isEmpty() {
        return mappingCount() == 0;
    }

    private V decodeValue(final Generation generation, final long slot) {
        final AtomicBuffer segment = generation.entrySegment(slot);
        final int length = DictTable.valueLength(segment, slot);
        return length == StoreLayout.NULL_LENGTH ? null
            : valueCodec.decode(segment, DictTable.valueOffset(segment, slot), length);
    }

    private K decodeKey(final Generation generation, final long slot) {
        final AtomicBuffer segment = generation.entrySegment(slot);
        return keyCodec.decode(segment, DictTable.keyOffset(slot), DictTable.keyLength(segment, slot));
    }

    // ---------------------------------------------------------------- updates, under the writers' lock

    @Override
    public V put(final K key, final V value) {
        return update(key, value, Mode.PUT, null);
    }

    @Override
    public void set(final K key, final V value) {
        update(key, value, Mode.SET, null);
    }

    @Override
    public V putIfAbsent(final K key, final V value) {
        return update(key, value, Mode.IF_ABSENT, null);
    }

    @Override
    public V replace(final K key, final V value) {
        return update(key, value, Mode.IF_PRESENT, null);
    }

    @Override
    public boolean replace(final K key, final V oldValue, final V newValue) {
        Objects.requireNonNull(oldValue, "oldValue");
        return update(key, newValue, Mode.IF_EQUAL, oldValue) != null;
    }

    private enum Mode { PUT, SET, IF_ABSENT, IF_PRESENT, IF_EQUAL }

    private V update(final K key, final V value, final Mode mode, final V expected) {
        Objects.requireNonNull(key, "key");
        if (value == null && (!options.allowsNullValues() || (mode != Mode.PUT && mode != Mode.SET))) {
            throw new NullPointerException("value is null; a SharedDict stores null values only through put/set"
                + " of a handle opened with DictOptions.allowNullValues()");
        }
        final Scratch scratch = Scratch.acquire();
        try {
            final int keyLength = keyCodec.encode(key, scratch.key, 0);
            final int valueLength = value == null ? StoreLayout.NULL_LENGTH
                : valueCodec.encode(value, scratch.value, 0);
            checkSize(keyLength, valueLength);
            final long hash = Scratch.hash(scratch.key, 0, keyLength);
            store.lock();
            try {
                Generation generation = store.view();
                int at = table.locate(generation, scratch.key, keyLength, hash);
                if (at >= 0) {
                    if (mode == Mode.IF_ABSENT) {
                        return decodeValue(generation, generation.slot(at));
                    }
                    final V old = mode == Mode.SET ? null : decodeValue(generation, generation.slot(at));
                    if (mode == Mode.IF_EQUAL && !Objects.equals(old, expected)) {
                        return null;
                    }
                    table.replace(generation, at, generation.append(scratch.key, 0, keyLength, scratch.value, 0,
                        valueLength, hash));
                    table.maybeCompact(generation);
                    return old;
                }
                if (mode == Mode.IF_PRESENT || mode == Mode.IF_EQUAL) {
                    return null;
                }
                final Generation roomy = table.ensureRoom(generation);
                if (roomy != generation) {
                    generation = roomy;
                    at = table.locate(generation, scratch.key, keyLength, hash);
                }
                table.insert(generation, -at - 1, generation.append(scratch.key, 0, keyLength, scratch.value, 0,
                    valueLength, hash), hash);
                return null;
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    private void checkSize(final int keyLength, final int valueLength) {
        final long bytes = (long) StoreLayout.ENTRY_HEADER + keyLength + Math.max(0, valueLength);
        if (bytes > store.maxEntryBytes()) {
            throw new IllegalArgumentException("entry of " + bytes + " bytes (key " + keyLength + ", value "
                + valueLength + ", header 16) is larger than this dict's maxEntryBytes=" + store.maxEntryBytes()
                + "; create the dict with a larger DictOptions.maxEntryBytes");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public V remove(final Object key) {
        return removeIf((K) key, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean remove(final Object key, final Object value) {
        if (value == null) {
            return false;
        }
        return removeIf((K) key, value) != null;
    }

    private V removeIf(final K key, final Object expected) {
        Objects.requireNonNull(key, "key");
        final Scratch scratch = Scratch.acquire();
        try {
            final int keyLength = keyCodec.encode(key, scratch.key, 0);
            final long hash = Scratch.hash(scratch.key, 0, keyLength);
            store.lock();
            try {
                final Generation generation = store.view();
                final int at = table.locate(generation, scratch.key, keyLength, hash);
                if (at < 0) {
                    return null;
                }
                final V old = decodeValue(generation, generation.slot(at));
                if (expected != null && !Objects.equals(old, expected)) {
                    return null;
                }
                table.remove(generation, at);
                table.maybeCompact(generation);
                return old;
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    @Override
    public V compute(final K key, final BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        return computeLocked(key, function);
    }

    @Override
    public V computeIfAbsent(final K key, final Function<? super K, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        final V present = get(key);
        if (present != null) {
            return present;
        }
        return computeLocked(key, (k, old) -> old != null ? old : function.apply(k));
    }

    @Override
    public V computeIfPresent(final K key, final BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(function, "function");
        return computeLocked(key, (k, old) -> old == null ? null : function.apply(k, old));
    }

    @Override
    public V merge(final K key, final V value, final BiFunction<? super V, ? super V, ? extends V> function) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(function, "function");
        return computeLocked(key, (k, old) -> old == null ? value : function.apply(old, value));
    }

    /** Runs a function on the present value under the lock and stores its result; null removes. */
    private V computeLocked(final K key, final BiFunction<? super K, ? super V, ? extends V> function) {
        Objects.requireNonNull(key, "key");
        final Scratch scratch = Scratch.acquire();
        try {
            final int keyLength = keyCodec.encode(key, scratch.key, 0);
            final long hash = Scratch.hash(scratch.key, 0, keyLength);
            store.lock();
            try {
                Generation generation = store.view();
                int at = table.locate(generation, scratch.key, keyLength, hash);
                final V old = at >= 0 ? decodeValue(generation, generation.slot(at)) : null;
                final V result = function.apply(key, old);
                if (result == null) {
                    if (at >= 0) {
                        table.remove(generation, at);
                        table.maybeCompact(generation);
                    }
                    return null;
                }
                final int valueLength = valueCodec.encode(result, scratch.value, 0);
                checkSize(keyLength, valueLength);
                if (at >= 0) {
                    table.replace(generation, at, generation.append(scratch.key, 0, keyLength, scratch.value, 0,
                        valueLength, hash));
                    table.maybeCompact(generation);
                    return result;
                }
                final Generation roomy = table.ensureRoom(generation);
                if (roomy != generation) {
                    generation = roomy;
                    at = table.locate(generation, scratch.key, keyLength, hash);
                }
                table.insert(generation, -at - 1, generation.append(scratch.key, 0, keyLength, scratch.value, 0,
                    valueLength, hash), hash);
                return result;
            } finally {
                store.unlock();
            }
        } finally {
            Scratch.release();
        }
    }

    /** Removes every entry at once: one new empty generation is published. */
    @Override
    public void clear() {
        store.lock();
        try {
            table.clear();
        } finally {
            store.unlock();
        }
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

    /** The entries, weakly consistent; {@code remove} and {@code Entry.setValue} write through. */
    private final class EntrySet extends AbstractSet<Entry<K, V>> {
        @Override
        public Iterator<Entry<K, V>> iterator() {
            return new EntryIterator(snapshot(), false);
        }

        @Override
        public int size() {
            return LocalSharedDict.this.size();
        }

        @Override
        public void clear() {
            LocalSharedDict.this.clear();
        }

        @Override
        public boolean contains(final Object o) {
            if (!(o instanceof Map.Entry)) {
                return false;
            }
            final Object key = ((Map.Entry<?, ?>) o).getKey();
            final Object value = get(key);
            if (value == null) {
                return ((Map.Entry<?, ?>) o).getValue() == null && options.allowsNullValues() && containsKey(key);
            }
            return value.equals(((Map.Entry<?, ?>) o).getValue());
        }

        @Override
        public boolean remove(final Object o) {
            return o instanceof Map.Entry && LocalSharedDict.this.remove(((Map.Entry<?, ?>) o).getKey(),
                ((Map.Entry<?, ?>) o).getValue());
        }
    }

    /** The live generation with every segment mapped, so iterating it needs no file that could vanish. */
    private Generation snapshot() {
        while (true) {
            final Generation generation = store.view();
            try {
                generation.mapAllSegments();
                if (store.generation() == generation.number()) {
                    return generation;
                }
            } catch (final MissingRegionException e) {
                store.superseded(generation, e);
            }
        }
    }

    /** Walks the insertion positions of one generation, forwards or backwards, skipping dead ones. */
    private final class EntryIterator implements Iterator<Entry<K, V>> {
        private final Generation generation;
        private final boolean reversed;
        private int position;
        private Entry<K, V> next;
        private K last;
        private boolean hasLast;

        EntryIterator(final Generation generation, final boolean reversed) {
            this.generation = generation;
            this.reversed = reversed;
            this.position = reversed ? generation.orderCount() - 1 : 0;
            advance();
        }

        private void advance() {
            next = null;
            while (next == null && (reversed ? position >= 0 : position < generation.orderCount())) {
                final long slot = generation.ordered(position);
                position += reversed ? -1 : 1;
                if (slot == StoreLayout.EMPTY) {
                    continue;
                }
                try {
                    next = new WriteThroughEntry(decodeKey(generation, slot), decodeValue(generation, slot));
                } catch (final MissingRegionException e) {
                    // added after this iterator's generation was superseded: reflecting it is optional
                }
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Entry<K, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            final Entry<K, V> result = next;
            last = result.getKey();
            hasLast = true;
            advance();
            return result;
        }

        @Override
        public void remove() {
            if (!hasLast) {
                throw new IllegalStateException("next() was not called, or remove() was already called");
            }
            LocalSharedDict.this.remove(last);
            last = null;
            hasLast = false;
        }
    }

    private final class WriteThroughEntry extends SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        WriteThroughEntry(final K key, final V value) {
            super(key, value);
        }

        @Override
        public V setValue(final V value) {
            put(getKey(), value);
            return super.setValue(value);
        }
    }

    // ---------------------------------------------------------------- insertion order

    @Override
    public Iterable<Entry<K, V>> reversedEntries() {
        return () -> new EntryIterator(snapshot(), true);
    }

    @Override
    public Iterable<K> reversedKeys() {
        return () -> {
            final Iterator<Entry<K, V>> entries = new EntryIterator(snapshot(), true);
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
        final Iterator<Entry<K, V>> it = new EntryIterator(snapshot(), false);
        return it.hasNext() ? immutable(it.next()) : null;
    }

    @Override
    public Entry<K, V> lastEntry() {
        final Iterator<Entry<K, V>> it = new EntryIterator(snapshot(), true);
        return it.hasNext() ? immutable(it.next()) : null;
    }

    private static <K, V> Entry<K, V> immutable(final Entry<K, V> entry) {
        return new SimpleImmutableEntry<>(entry.getKey(), entry.getValue());
    }

    @Override
    public Entry<K, V> pollLastEntry() {
        store.lock();
        try {
            final Generation generation = store.view();
            final int at = table.last(generation);
            if (at < 0) {
                return null;
            }
            final long slot = generation.slot(at);
            final Entry<K, V> entry = new SimpleImmutableEntry<>(decodeKey(generation, slot),
                decodeValue(generation, slot));
            table.remove(generation, at);
            table.maybeCompact(generation);
            return entry;
        } finally {
            store.unlock();
        }
    }

    // ---------------------------------------------------------------- handle

    @Override
    public Path directory() {
        return store.directory();
    }

    @Override
    public long generation() {
        return store.generation();
    }

    /** Releases this process's handle; other processes keep the dict. Idempotent. */
    @Override
    public void close() {
        store.close();
    }

    @Override
    public boolean unlink() {
        return store.unlink();
    }

    /** The options this handle was opened with (for its compact form, {@link StoreHandleForm}). */
    DictOptions<K, V> options() {
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

    /** The serialized form: the directory and the codecs; the receiver re-attaches. */
    private static final class Ref<K, V> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String directory;
        private final DictOptions<K, V> options;

        Ref(final Path directory, final DictOptions<K, V> options) {
            this.directory = directory.toString();
            this.options = options;
        }

        private Object readResolve() {
            return attach(Path.of(directory), options);
        }
    }

    @Override
    public String toString() {
        return "SharedDict[" + store + ", " + mappingCount() + " entries]";
    }
}
