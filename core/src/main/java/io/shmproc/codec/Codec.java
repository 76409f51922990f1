package io.shmproc.codec;

import java.io.Serializable;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Turns values of one type into bytes and back; pluggable per queue, pipe or map.
 *
 * <p>Implementations must be stateless and thread-safe, and serializable so that a shared handle that carries
 * one can be passed to another process. Encoding writes into a caller-owned scratch buffer that expands as
 * needed (an Agrona expandable buffer); it never touches shared memory, so a failure leaves shared state as it
 * was.
 *
 * <pre>{@code
 * Codec<String> codec = Codecs.string();
 * int length = codec.encode("hello", scratch, 0);
 * String back = codec.decode(scratch, 0, length);
 * }</pre>
 *
 * @param <T> the type of values
 */
public interface Codec<T> extends Serializable {
    /**
     * Encodes a value.
     *
     * @param value  the value; whether {@code null} is accepted is up to the codec
     * @param buffer an expandable scratch buffer
     * @param offset where to start writing
     * @return the number of bytes written
     * @throws io.shmproc.exceptions.CodecException when the value cannot be encoded
     */
    int encode(T value, MutableDirectBuffer buffer, int offset);

    /**
     * Decodes a value encoded by {@link #encode}.
     *
     * @param buffer the bytes (often the shared ring itself: copy what you keep)
     * @param offset where the encoded value starts
     * @param length its length
     * @return the value
     * @throws io.shmproc.exceptions.CodecException when the bytes cannot be decoded
     */
    T decode(DirectBuffer buffer, int offset, int length);
}
