package io.shmproc.state;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import java.io.Serializable;
import java.util.Objects;

/**
 * How to create a {@link SharedList}: the element codec and the limits of a new list. A list that already
 * exists keeps the limits it was created with.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>system property</th><th>default</th></tr>
 * <tr><td>{@link #maxElementBytes}</td><td>{@value #MAX_ELEMENT_BYTES_PROPERTY}</td><td>64 MiB</td></tr>
 * <tr><td>{@link #segmentBytes}</td><td>{@value #SEGMENT_BYTES_PROPERTY}</td><td>1 MiB</td></tr>
 * </table>
 *
 * @param <E> the element type
 */
public final class ListOptions<E> implements Serializable {
    /** System property of the largest encoded element. */
    public static final String MAX_ELEMENT_BYTES_PROPERTY = "shmproc.list.maxElementBytes";
    /** Default of the largest encoded element: 64 MiB. */
    public static final long MAX_ELEMENT_BYTES_DEFAULT = 64L << 20;
    /** System property of the size of a generation's first data segment. */
    public static final String SEGMENT_BYTES_PROPERTY = "shmproc.list.segmentBytes";
    /** Default size of a generation's first data segment: 1 MiB. */
    public static final long SEGMENT_BYTES_DEFAULT = 1L << 20;

    private static final long serialVersionUID = 1L;

    /** Encodes elements. */
    private final Codec<E> codec;
    /** The largest element of a new list. */
    private long maxElementBytes = Long.getLong(MAX_ELEMENT_BYTES_PROPERTY, MAX_ELEMENT_BYTES_DEFAULT);
    /** The first segment size of a new list. */
    private long segmentBytes = Long.getLong(SEGMENT_BYTES_PROPERTY, SEGMENT_BYTES_DEFAULT);

    private ListOptions(final Codec<E> codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        maxElementBytes(maxElementBytes);
        segmentBytes(segmentBytes);
    }

    /**
     * Options with the default object codec ({@link Codecs#object()}).
     *
     * @param <E> the element type
     * @return new options
     */
    public static <E> ListOptions<E> defaults() {
        return new ListOptions<>(Codecs.object());
    }

    /**
     * Options with an element codec.
     *
     * @param codec encodes elements
     * @param <E>   the element type
     * @return new options
     */
    public static <E> ListOptions<E> of(final Codec<E> codec) {
        return new ListOptions<>(codec);
    }

    /**
     * Sets the largest encoded element (plus 16 bytes of header); larger elements are rejected.
     *
     * @param bytes 64 to {@link DictOptions#MAX_ENTRY_BYTES_LIMIT}
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public ListOptions<E> maxElementBytes(final long bytes) {
        if (bytes < 64 || bytes > DictOptions.MAX_ENTRY_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxElementBytes=" + bytes + " is out of range; expected 64 to "
                + DictOptions.MAX_ENTRY_BYTES_LIMIT);
        }
        this.maxElementBytes = bytes;
        return this;
    }

    /**
     * Sets the size of the first data segment of each generation; later segments double.
     *
     * @param bytes 4096 to 1 GiB
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public ListOptions<E> segmentBytes(final long bytes) {
        if (bytes < 4096 || bytes > StoreLayout.MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes=" + bytes + " is out of range; expected 4096 to "
                + StoreLayout.MAX_SEGMENT_BYTES);
        }
        this.segmentBytes = bytes;
        return this;
    }

    /**
     * The element codec.
     *
     * @return the codec
     */
    public Codec<E> codec() {
        return codec;
    }

    /**
     * The largest element.
     *
     * @return bytes
     */
    public long maxElementBytes() {
        return maxElementBytes;
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
        return "ListOptions[maxElementBytes=" + maxElementBytes + ", segmentBytes=" + segmentBytes + "]";
    }
}
