/**
 * Codecs (layer L1): objects to bytes and back, for every queue, pipe and shared map.
 *
 * <pre>
 *   put(value) ──► Codec.encode(value, scratch, 0) ──► length ──► channel write (copy into the ring)
 *   take()     ◄── Codec.decode(ring, offset, length) ◄── handler(buffer, offset, length)
 * </pre>
 *
 * <p>A codec encodes into a caller-owned, expandable scratch buffer before any shared memory is touched, so an
 * object that cannot be encoded is rejected with a {@link io.shmproc.exceptions.CodecException} and leaves the
 * shared object unchanged. Built-ins: {@link io.shmproc.codec.Codecs#bytes()}, {@link
 * io.shmproc.codec.Codecs#string()}, boxed primitives, {@link io.shmproc.codec.Codecs#byteBuffer()}, {@link
 * io.shmproc.codec.Codecs#javaSerialization()}, and the default {@link io.shmproc.codec.Codecs#object()} that tags
 * the built-in types and serializes the rest. Codecs are stateless and thread-safe; all of them are
 * {@link java.io.Serializable} so that a handle carrying one can travel to a child process.
 *
 * <p>Imports: {@code io.shmproc.exceptions} and Agrona only.
 */
package io.shmproc.codec;
