package io.shmproc.state;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import java.io.Serializable;
import java.util.Objects;

/**
 * How to create a {@link SharedDict}: the codecs of keys and values and the limits of a new dict. A dict that
 * already exists keeps the limits it was created with.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>system property</th><th>default</th></tr>
 * <tr><td>{@link #maxEntryBytes}</td><td>{@value #MAX_ENTRY_BYTES_PROPERTY}</td><td>64 MiB</td></tr>
 * <tr><td>{@link #segmentBytes}</td><td>{@value #SEGMENT_BYTES_PROPERTY}</td><td>1 MiB</td></tr>
 * </table>
 *
 * <pre>{@code
 * SharedDict<Long, Long> dict = mp.dict("prices", DictOptions.of(Codecs.longs(), Codecs.longs()));
 * }</pre>
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class DictOptions<K, V> implements Serializable {
    /** System property of the largest encoded key plus value. */
    public static final String MAX_ENTRY_BYTES_PROPERTY = "shmproc.dict.maxEntryBytes";
    /** Default of the largest encoded key plus value: 64 MiB. */
    public static final long MAX_ENTRY_BYTES_DEFAULT = 64L << 20;
    /** System property of the size of a generation's first data segment. */
    public static final String SEGMENT_BYTES_PROPERTY = "shmproc.dict.segmentBytes";
    /** Default size of a generation's first data segment: 1 MiB (later segments double, up to 1 GiB). */
    public static final long SEGMENT_BYTES_DEFAULT = 1L << 20;
    /** The largest allowed {@link #maxEntryBytes}: 1 GiB less a segment header. */
    public static final long MAX_ENTRY_BYTES_LIMIT = StoreLayout.MAX_SEGMENT_BYTES - StoreLayout.FIRST_ENTRY_OFFSET;

    private static final long serialVersionUID = 1L;

    /** Encodes keys. */
    private final Codec<K> keyCodec;
    /** Encodes values. */
    private final Codec<V> valueCodec;
    /** The largest entry of a new dict. */
    private long maxEntryBytes = Long.getLong(MAX_ENTRY_BYTES_PROPERTY, MAX_ENTRY_BYTES_DEFAULT);
    /** The first segment size of a new dict. */
    private long segmentBytes = Long.getLong(SEGMENT_BYTES_PROPERTY, SEGMENT_BYTES_DEFAULT);
    /** Whether {@code put}/{@code set} store null values (Python's None) through this handle. */
    private boolean nullValues;

    private DictOptions(final Codec<K> keyCodec, final Codec<V> valueCodec) {
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
        maxEntryBytes(maxEntryBytes);
        segmentBytes(segmentBytes);
    }

    /**
     * Options with the default object codec for keys and values ({@link Codecs#object()}).
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return new options
     */
    public static <K, V> DictOptions<K, V> defaults() {
        return new DictOptions<>(Codecs.object(), Codecs.object());
    }

    /**
     * Options with the given codecs.
     *
     * @param keyCodec   encodes keys; two keys are the same key when their encodings are equal
     * @param valueCodec encodes values
     * @param <K>        the key type
     * @param <V>        the value type
     * @return new options
     */
    public static <K, V> DictOptions<K, V> of(final Codec<K> keyCodec, final Codec<V> valueCodec) {
        return new DictOptions<>(keyCodec, valueCodec);
    }

    /**
     * Sets the largest encoded key plus value of one entry (plus 16 bytes of header); larger puts are rejected.
     *
     * @param bytes 64 to {@link #MAX_ENTRY_BYTES_LIMIT}
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public DictOptions<K, V> maxEntryBytes(final long bytes) {
        if (bytes < 64 || bytes > MAX_ENTRY_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxEntryBytes=" + bytes + " is out of range; expected 64 to "
                + MAX_ENTRY_BYTES_LIMIT);
        }
        this.maxEntryBytes = bytes;
        return this;
    }

    /**
     * Sets the size of the first data segment of each generation; later segments double.
     *
     * @param bytes 4096 to 1 GiB
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public DictOptions<K, V> segmentBytes(final long bytes) {
        if (bytes < 4096 || bytes > StoreLayout.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes=" + bytes + " is out of range; expected 4096 to "
                + StoreLayout.MAX_SEGMENT_BYTES);
        }
        this.segmentBytes = bytes;
        return this;
    }

    /**
     * Lets {@link SharedDict#put} and {@link SharedDict#set} store {@code null} values, as Python's dict stores
     * {@code None}. Such a handle is deliberately <b>not a strict {@link java.util.concurrent.ConcurrentMap}</b>:
     * {@code get} answers {@code null} both for a missing key and for a stored null, so tell them apart with
     * {@link SharedDict#containsKey}; {@code putIfAbsent}, {@code replace}, {@code compute*} and {@code merge}
     * keep ConcurrentMap's meaning (a null argument is rejected, a null function result removes the key). Without
     * this option (the default) every null value is rejected with {@link NullPointerException}. Keys are never
     * null. The choice belongs to the handle, not to the file: open every handle of a dict that holds nulls with
     * this option, since iteration through a strict handle would hand out entries with null values.
     *
     * @return these options
     */
    public DictOptions<K, V> allowNullValues() {
        this.nullValues = true;
        return this;
    }

    /**
     * Whether null values are stored (see {@link #allowNullValues()}).
     *
     * @return {@code true} when allowed
     */
    public boolean allowsNullValues() {
        return nullValues;
    }

    /**
     * The key codec.
     *
     * @return the codec
     */
    public Codec<K> keyCodec() {
        return keyCodec;
    }

    /**
     * The value codec.
     *
     * @return the codec
     */
    public Codec<V> valueCodec() {
        return valueCodec;
    }

    /**
     * The largest entry.
     *
     * @return bytes
     */
    public long maxEntryBytes() {
        return maxEntryBytes;
    }

    /**
     * The first segment's size.
     *
     * @return bytes
     */
    public long segmentBytes() {
        return segmentBytes;
    }

    @Override
    public String toString() {
        return "DictOptions[maxEntryBytes=" + maxEntryBytes + ", segmentBytes=" + segmentBytes
            + (nullValues ? ", nullValues" : "") + "]";
    }
}
