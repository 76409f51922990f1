package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A hash map in shared memory that every attached process reads and updates directly (Python's
 * {@code Manager().dict()}, without the manager's server process).
 *
 * <p><b>Keys and values</b> are stored as bytes through the {@linkplain DictOptions codecs}; two keys are the
 * same key when their encodings are equal. A key plus its value may take up to
 * {@link DictOptions#maxEntryBytes()} (64 MiB by default, up to 1 GiB). {@code null} keys and values are
 * rejected, as in {@link java.util.concurrent.ConcurrentHashMap}; a handle opened with
 * {@link DictOptions#allowNullValues()} stores null values (Python's {@code None}) through {@code put} and
 * {@code set}, and is then not a strict ConcurrentMap.
 *
 * <p><b>Order.</b> Like Python's dict, the map remembers insertion order, in every process and through growth
 * and compaction: iteration (entries, keys, values) runs from the oldest key to the newest;
 * {@link #reversedEntries()} and {@link #reversedKeys()} run backwards; {@link #pollLastEntry()} removes the
 * newest (Python's {@code popitem()}). Replacing the value of a present key keeps its position; removing a key
 * and putting it again moves it to the end.
 *
 * <p><b>Atomicity across processes.</b> {@code get} and iteration never lock: they follow the generation word
 * to the live hash table and read immutable entries. Every update ({@code put}, {@code remove},
 * {@code putIfAbsent}, {@code replace}, {@code compute*}, {@code merge}, {@code clear}) runs under one
 * cross-process writer lock and becomes visible with one atomic store, so it is atomic with respect to every
 * other operation in every process. {@code compute*} and {@code merge} call their function once, under the
 * lock: keep it short and do not touch other shared collections from it. Iterators and the views are weakly
 * consistent: they never fail, and reflect the map at or after their creation.
 *
 * <p><b>Growth.</b> No capacity is declared. When the table fills past half, or overwritten and removed
 * entries outweigh the live ones, the lock holder builds the next generation (a bigger table and compacted
 * data files) beside the live one, and publishes it with one store; readers carry on meanwhile and switch at
 * their next operation.
 *
 * <p><b>Crashes.</b> A process killed at any instruction, mid {@code put}, {@code remove} or rebuild, leaves
 * the map consistent: no torn entry is visible, the lock passes to the next writer, which removes half-built
 * files and recounts, and every update that returned before the kill is kept.
 *
 * <pre>{@code
 * SharedDict<String, Object> d = mp.dict("shared");   // Python: d = manager.dict()
 * d.put("name", "worker-1");                          // d['name'] = 'worker-1'
 * d.merge("hits", 1, (a, b) -> (Integer) a + (Integer) b);
 * }</pre>
 *
 * <p>The handle is serializable: a deserialized copy re-attaches to the same files.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface SharedDict<K, V> extends ConcurrentMap<K, V>, AutoCloseable, Serializable {
    /**
     * Creates the dict, or attaches to it when its directory exists (its limits are then the creator's).
     *
     * @param directory the dict's directory
     * @param options   codecs and limits
     * @param <K>       the key type
     * @param <V>       the value type
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when it exists but is damaged or not a dict
     */
    static <K, V> SharedDict<K, V> open(final Path directory, final DictOptions<K, V> options) {
        return LocalSharedDict.open(directory, options);
    }

    /**
     * Attaches to an existing dict.
     *
     * @param directory the dict's directory
     * @param options   the codecs (limits are read from the dict)
     * @param <K>       the key type
     * @param <V>       the value type
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when it is missing, damaged or not a dict
     */
    static <K, V> SharedDict<K, V> attach(final Path directory, final DictOptions<K, V> options) {
        return LocalSharedDict.attach(directory, options);
    }

    @SuppressWarnings("unchecked")
    V get(final Object key);

    @SuppressWarnings("unchecked")
    boolean containsKey(final Object key);

    V getOrDefault(final Object key, final V defaultValue);

    /**
     * The number of entries, as an int (saturating); see {@link #mappingCount()}.
     *
     * @return the number of entries
     */
    int size();

    /**
     * The number of entries. Exact when no update is in flight; repairs the count first when a writer died.
     *
     * @return the number of entries
     */
    long mappingCount();

    boolean isEmpty();

    V put(final K key, final V value);

    /**
     * Associates a value with a key like {@link #put} without decoding the previous value: the fastest update.
     *
     * @param key   the key
     * @param value the value
     * @throws IllegalArgumentException when the encoded entry exceeds the dict's limit (nothing is written)
     * @throws io.shmproc.exceptions.CodecException when the key or value cannot be encoded (nothing is written)
     */
    void set(final K key, final V value);

    V putIfAbsent(final K key, final V value);

    V replace(final K key, final V value);

    boolean replace(final K key, final V oldValue, final V newValue);

    @SuppressWarnings("unchecked")
    V remove(final Object key);

    @SuppressWarnings("unchecked")
    boolean remove(final Object key, final Object value);

    V compute(final K key, final BiFunction<? super K, ? super V, ? extends V> function);

    V computeIfAbsent(final K key, final Function<? super K, ? extends V> function);

    V computeIfPresent(final K key, final BiFunction<? super K, ? super V, ? extends V> function);

    V merge(final K key, final V value, final BiFunction<? super V, ? super V, ? extends V> function);

    void clear();

    Set<Entry<K, V>> entrySet();

    /**
     * The entries from the newest key to the oldest (Python's {@code reversed(d.items())}); weakly consistent,
     * like {@link #entrySet()}, and read-only except through {@code Iterator.remove}.
     *
     * @return a reversed view for iteration
     */
    Iterable<Entry<K, V>> reversedEntries();

    /**
     * The keys from the newest to the oldest (Python's {@code reversed(d)}); weakly consistent.
     *
     * @return a reversed view for iteration
     */
    Iterable<K> reversedKeys();

    /**
     * The oldest entry still present, or {@code null} when the dict is empty; lock-free.
     *
     * @return an immutable snapshot of the entry
     */
    Entry<K, V> firstEntry();

    /**
     * The newest entry, or {@code null} when the dict is empty; lock-free.
     *
     * @return an immutable snapshot of the entry
     */
    Entry<K, V> lastEntry();

    /**
     * Removes and returns the newest entry (Python's {@code d.popitem()}), atomically across processes: of
     * several processes popping at once, each gets a different entry.
     *
     * @return the removed entry, or {@code null} when the dict is empty (Python raises {@code KeyError})
     */
    Entry<K, V> pollLastEntry();

    /**
     * The directory holding the dict's files.
     *
     * @return its path
     */
    Path directory();

    /**
     * The generation now live, for tools and tests: it grows by one at each rebuild or clear.
     *
     * @return the generation number
     */
    long generation();

    void close();

    /**
     * Removes the dict's files so no new process can attach; processes that have them mapped keep reading
     * what they mapped.
     *
     * @return {@code true} if the dict's directory existed
     */
    boolean unlink();
}
