package io.shmproc.cluster;

import io.shmproc.codec.Codec;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Items to and from the bytes a cluster command carries, through the object's codec.
 */
final class Bytes {
    private static final ThreadLocal<ExpandableArrayBuffer> SCRATCH =
        ThreadLocal.withInitial(() -> new ExpandableArrayBuffer(256));

    private Bytes() {
    }

    /**
     * Encodes an item.
     *
     * @param codec     the object's codec
     * @param value     the item
     * @param maxLength the most bytes one item may take
     * @param name      the object's name, for the message
     * @return the encoded bytes
     * @throws IllegalArgumentException when the item encodes to more than {@code maxLength} bytes
     */
    static <T> byte[] encode(final Codec<T> codec, final T value, final int maxLength, final String name) {
        final ExpandableArrayBuffer buffer = SCRATCH.get();
        final int length = codec.encode(value, buffer, 0);
        if (length > maxLength) {
            throw new IllegalArgumentException("an item of " + length + " bytes does not fit '" + name + "' (at most "
                + maxLength + " bytes); raise maxMessageLength in its options or send a smaller item");
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Decodes an item.
     *
     * @param codec the object's codec
     * @param bytes what {@link #encode} made
     * @return the item
     */
    static <T> T decode(final Codec<T> codec, final byte[] bytes) {
        return codec.decode(new UnsafeBuffer(bytes), 0, bytes.length);
    }
}
