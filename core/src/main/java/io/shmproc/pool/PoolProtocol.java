package io.shmproc.pool;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
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
 *   DEFINE  int fnId | java-serialized Invoker                      before the first TASK that uses fnId
 *   FORGET  (empty)                                                 drop every defined function
 *   TASK    long jobId | int fnId | int arity | int calls | items   calls * arity items
 *   STOP    (empty)                                                 exit once the ring is drained
 *  result ring (worker to parent)
 *   RESULT  long jobId | int first | int count | items              results first..first+count-1 of the job
 *   ERROR   long jobId | java-serialized Throwable                  the job failed; earlier RESULTs are void
 *  item = int length | object-codec bytes
 * </pre>
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
    static final int RESULT = 11;
    static final int ERROR = 12;

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
}
