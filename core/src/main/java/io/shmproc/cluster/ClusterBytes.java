package io.shmproc.cluster;

import io.shmproc.codec.Codec;
import io.shmproc.memory.ArrayBuffer;

/**
 * How the cluster dicts and lists turn keys, values and elements into the opaque bytes {@link ClusterOps} stores.
 *
 * <p><b>Keys</b> are their codec's bytes, nothing more: two keys are the same key when their encodings are equal.
 *
 * <p><b>Values and elements</b> may be {@code null} (Python's {@code None}), which the service cannot tell from
 * "absent" unless it is stored as bytes. So a stored value is its codec's bytes as they are, except:
 * <pre>
 *   null                                  -&gt; [0xFF]                  (one escape byte)
 *   encoding that starts with 0xFF        -&gt; [0xFF] + encoding       (escaped)
 *   any other encoding (including empty)  -&gt; encoding                (verbatim)
 * </pre>
 * The mapping is one-to-one, so byte equality of stored values is still equality of encodings, and every handle
 * of a dict or list reads what any other handle wrote, whatever its null option.
 *
 * <p>Encoding and decoding go through {@link ArrayBuffer} (growable scratch, wrapped arrays) rather than Agrona's
 * {@code ExpandableArrayBuffer} and {@code UnsafeBuffer}, which need {@code --add-exports} on Java 17.
 */
final class ClusterBytes {
    /** The escape byte; alone, it is {@code null}. */
    static final byte ESCAPE = (byte) 0xFF;
    private static final int SCRATCH_BYTES = 128;

    private ClusterBytes() {
    }

    /**
     * Encodes a key.
     *
     * @param codec the key codec
     * @param key   the key, not null
     * @param <T>   its type
     * @return a new array holding the codec's bytes
     */
    static <T> byte[] encodeKey(final Codec<T> codec, final T key) {
        final ArrayBuffer scratch = ArrayBuffer.growable(SCRATCH_BYTES);
        final int length = codec.encode(key, scratch, 0);
        final byte[] bytes = new byte[length];
        scratch.getBytes(0, bytes, 0, length);
        return bytes;
    }

    /**
     * Decodes a key.
     *
     * @param codec the key codec
     * @param bytes what {@link #encodeKey} made
     * @param <T>   its type
     * @return the key
     */
    static <T> T decodeKey(final Codec<T> codec, final byte[] bytes) {
        return codec.decode(ArrayBuffer.wrapping(bytes), 0, bytes.length);
    }

    /**
     * Encodes a value or element, escaping as the class comment shows.
     *
     * @param codec the value codec
     * @param value the value, or {@code null}
     * @param <T>   its type
     * @return a new array
     */
    static <T> byte[] encodeValue(final Codec<T> codec, final T value) {
        if (value == null) {
            return new byte[] {ESCAPE};
        }
        final ArrayBuffer scratch = ArrayBuffer.growable(SCRATCH_BYTES);
        final int length = codec.encode(value, scratch, 1);
        final int skip = length > 0 && scratch.getByte(1) == ESCAPE ? 0 : 1;
        if (skip == 0) {
            scratch.putByte(0, ESCAPE);
        }
        final byte[] bytes = new byte[length + 1 - skip];
        scratch.getBytes(skip, bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * Decodes a value or element stored by {@link #encodeValue}.
     *
     * @param codec the value codec
     * @param bytes the stored bytes
     * @param <T>   its type
     * @return the value, or {@code null}
     */
    static <T> T decodeValue(final Codec<T> codec, final byte[] bytes) {
        if (isNull(bytes)) {
            return null;
        }
        final int skip = bytes.length > 0 && bytes[0] == ESCAPE ? 1 : 0;
        return codec.decode(ArrayBuffer.wrapping(bytes), skip, bytes.length - skip);
    }

    /**
     * Whether stored bytes are a {@code null} value.
     *
     * @param bytes the stored bytes
     * @return {@code true} for the lone escape byte
     */
    static boolean isNull(final byte[] bytes) {
        return bytes.length == 1 && bytes[0] == ESCAPE;
    }
}
