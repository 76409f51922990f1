package io.shmproc.codec;

import java.nio.ByteBuffer;

/**
 * The built-in codecs.
 *
 * <table>
 *   <caption>Built-in codecs and their encodings</caption>
 *   <tr><th>factory</th><th>type</th><th>bytes</th></tr>
 *   <tr><td>{@link #bytes()}</td><td>{@code byte[]}</td><td>the bytes as they are</td></tr>
 *   <tr><td>{@link #byteBuffer()}</td><td>{@link ByteBuffer}</td>
 *       <td>its remaining bytes; decodes to a heap buffer</td></tr>
 *   <tr><td>{@link #string()}</td><td>{@link String}</td><td>UTF-8</td></tr>
 *   <tr><td>{@link #longs()}, {@link #ints()}, {@link #doubles()}</td><td>boxed primitives</td><td>8, 4, 8 bytes,
 *       little-endian</td></tr>
 *   <tr><td>{@link #javaSerialization()}</td><td>any {@link java.io.Serializable}</td><td>Java serialization</td></tr>
 *   <tr><td>{@link #object()}</td><td>anything (the default)</td><td>one tag byte, then the built-in encoding
 *       of a known type, or Kryo for other serializable values</td></tr>
 * </table>
 */
public final class Codecs {
    private Codecs() {
    }

    /**
     * The identity codec for byte arrays.
     *
     * @return the codec
     */
    public static Codec<byte[]> bytes() {
        return PrimitiveCodecs.BYTES;
    }

    /**
     * A codec for the remaining bytes of a {@link ByteBuffer} (its position is not changed).
     *
     * @return the codec
     */
    public static Codec<ByteBuffer> byteBuffer() {
        return PrimitiveCodecs.BYTE_BUFFER;
    }

    /**
     * UTF-8 strings.
     *
     * @return the codec
     */
    public static Codec<String> string() {
        return PrimitiveCodecs.STRING;
    }

    /**
     * Boxed longs, 8 bytes.
     *
     * @return the codec
     */
    public static Codec<Long> longs() {
        return PrimitiveCodecs.LONG;
    }

    /**
     * Boxed integers, 4 bytes.
     *
     * @return the codec
     */
    public static Codec<Integer> ints() {
        return PrimitiveCodecs.INT;
    }

    /**
     * Boxed doubles, 8 bytes.
     *
     * @return the codec
     */
    public static Codec<Double> doubles() {
        return PrimitiveCodecs.DOUBLE;
    }

    /**
     * Java serialization of any {@link java.io.Serializable} value (and {@code null}).
     *
     * @param <T> the type of values
     * @return the codec
     */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> javaSerialization() {
        return (Codec<T>) JavaSerializationCodec.INSTANCE;
    }

    /**
     * The default codec: a tag byte selects a compact encoding for {@code null}, {@code byte[]}, {@link String},
     * boxed primitives and {@link Boolean}; any other {@link java.io.Serializable} value is encoded with Kryo
     * under Java serialization's contract (see {@link KryoCodec}).
     *
     * @param <T> the type of values
     * @return the codec
     */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> object() {
        return (Codec<T>) TaggedObjectCodec.INSTANCE;
    }

    /** The built-in codecs in a fixed order: their indexes travel in the compact forms of handles. */
    private static final Codec<?>[] BUILT_IN = {object(), string(), bytes(), byteBuffer(), longs(), ints(), doubles(),
        javaSerialization()};

    /**
     * The index of a built-in codec, the same in every process of one shmproc version: how a handle's compact form
     * names its codec (see {@code TargetCodec}).
     *
     * @param codec any codec
     * @return its index, or -1 when it is not one of this class's codecs (it then travels Java-serialized)
     */
    public static int builtInIndex(final Codec<?> codec) {
        for (int i = 0; i < BUILT_IN.length; i++) {
            if (codec == BUILT_IN[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The built-in codec of an index from {@link #builtInIndex}.
     *
     * @param index an index from {@link #builtInIndex}
     * @return the codec
     * @throws IllegalArgumentException when no built-in codec has that index
     */
    public static Codec<?> builtIn(final int index) {
        if (index < 0 || index >= BUILT_IN.length) {
            throw new IllegalArgumentException("codec index " + index + " names no built-in codec; expected 0 to "
                + (BUILT_IN.length - 1));
        }
        return BUILT_IN[index];
    }
}
