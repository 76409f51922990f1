package io.shmproc.pool;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.memory.ArrayBuffer;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The messages on a worker's two rings. Every message is one Agrona ring record whose type field is one of the
 * constants below; numbers are little-endian.
 *
 * <pre>
 *  task ring (parent to worker)
 *   INIT    java-serialized Object[]{initializer, args}            first message a new worker gets, if any
 *   DEFINE  int fnId | int n | origin (n bytes) | serialized Invoker before the first TASK that uses fnId
 *   FORGET  (empty)                                                 drop every defined function
 *   TASK    long jobId | int fnId | int arity | int calls | items   calls * arity items
 *   STOP    (empty)                                                 exit once the ring is drained
 *   LIMIT   int maxTasks                                            over a link only: tasks before exiting
 *  result ring (worker to parent)
 *   RESULT  long jobId | int first | int count | items              results first..first+count-1 of the job
 *   ERROR   long jobId | java-serialized Throwable                  the job failed; earlier RESULTs are void
 *   RUNNING long jobId                                              over a link only: the job the worker starts
 *  item = int length | object-codec bytes
 * </pre>
 *
 * <p>Over a link (a pipe to a worker on any host, {@link LinkedPoolEngine}) each message is one pipe message,
 * {@code int type | the same body}, of at most {@link #LINK_MAX_MESSAGE_LENGTH} bytes.
 *
 * <p>A job's results may span several RESULT messages (each at most a ring's maximum message length); the job is
 * complete when all {@code calls} results are in.
 */
final class PoolProtocol {
    static final int INIT = 1;
    static final int DEFINE = 2;
    static final int FORGET = 3;
    static final int TASK = 4;
    static final int STOP = 5;
    static final int LIMIT = 6;
    static final int RESULT = 11;
    static final int ERROR = 12;
    static final int RUNNING = 13;

    /** The longest message over a link, type included: what every pipe backend carries (a cluster pipe's limit). */
    static final int LINK_MAX_MESSAGE_LENGTH = 256 * 1024;

    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    /** TASK: job id, function id, arity, number of calls. */
    static final int TASK_HEADER_LENGTH = Long.BYTES + 3 * Integer.BYTES;
    /** The part of TASK the submitter encodes: arity and calls. */
    static final int BODY_HEADER_LENGTH = 2 * Integer.BYTES;
    /** RESULT: job id, first, count. */
    static final int RESULT_HEADER_LENGTH = Long.BYTES + 2 * Integer.BYTES;
    static final int ITEM_HEADER_LENGTH = Integer.BYTES;

    static final Codec<Object> CODEC = Codecs.object();

    private PoolProtocol() {
    }

    /**
     * Appends one item.
     *
     * @param value  the value
     * @param buffer an expandable buffer
     * @param offset where the item starts
     * @return the item's total length
     * @throws io.shmproc.exceptions.CodecException when the value cannot be encoded
     */
    static int writeItem(final Object value, final MutableDirectBuffer buffer, final int offset) {
        final int length = CODEC.encode(value, buffer, offset + ITEM_HEADER_LENGTH);
        buffer.putInt(offset, length, ORDER);
        return ITEM_HEADER_LENGTH + length;
    }

    /**
     * The length of the item at an offset, including its header.
     *
     * @param buffer the bytes
     * @param offset where the item starts
     * @return its total length
     */
    static int itemLength(final DirectBuffer buffer, final int offset) {
        return ITEM_HEADER_LENGTH + buffer.getInt(offset, ORDER);
    }

    /**
     * Decodes the item at an offset.
     *
     * @param buffer the bytes
     * @param offset where the item starts
     * @return the value
     * @throws io.shmproc.exceptions.CodecException when it cannot be decoded
     */
    static Object readItem(final DirectBuffer buffer, final int offset) {
        return CODEC.decode(buffer, offset + ITEM_HEADER_LENGTH, buffer.getInt(offset, ORDER));
    }

    /**
     * Decodes an ERROR record's exception, adding a suppressed {@link RemoteFailureException} naming the worker.
     *
     * @param buffer the record
     * @param offset where the serialized exception starts
     * @param length its length
     * @param pid    the worker
     * @param jobId  the job
     * @return the exception to report
     */
    static Throwable decodeFailure(final DirectBuffer buffer, final int offset, final int length,
                                   final long pid, final long jobId) {
        try {
            final Object decoded = Codecs.javaSerialization().decode(buffer, offset, length);
            if (decoded instanceof Throwable) {
                final Throwable failure = (Throwable) decoded;
                failure.addSuppressed(new RemoteFailureException(pid, "thrown by task " + jobId + " in pool worker pid "
                    + pid + " (the stack trace above is the worker's)", null));
                return failure;
            }
            return new RemoteFailureException(pid, "task " + jobId + " failed in pool worker pid " + pid
                + " with a non-exception " + decoded, null);
        } catch (final RuntimeException e) {
            return new RemoteFailureException(pid, "task " + jobId + " failed in pool worker pid " + pid
                + " and its exception cannot be decoded in the parent", e);
        }
    }

    /**
     * Serializes the initializer and its arguments for the INIT record.
     *
     * @param options          the pool options
     * @param maxMessageLength the ring's maximum message length
     * @return the bytes, or {@code null} without an initializer
     * @throws IllegalArgumentException when they are not serializable or too large
     */
    static byte[] encodeInitializer(final PoolOptions options, final int maxMessageLength) {
        if (options.initializer() == null) {
            return null;
        }
        final ArrayBuffer buffer = ArrayBuffer.growable(256);
        final int length;
        try {
            length = Codecs.javaSerialization().encode(new Object[] {options.initializer(), options.initializerArgs()},
                buffer, 0);
        } catch (final CodecException e) {
            throw new IllegalArgumentException("the pool initializer or its arguments are not serializable", e);
        }
        if (length > maxMessageLength) {
            throw new IllegalArgumentException("the pool initializer and its arguments serialize to " + length
                + " bytes, more than a pool message holds (" + maxMessageLength + "); raise ringCapacity");
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
