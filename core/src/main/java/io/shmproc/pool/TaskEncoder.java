package io.shmproc.pool;

import io.shmproc.exceptions.CodecException;
import io.shmproc.memory.ArrayBuffer;
import java.util.List;
import java.util.Map;

/**
 * Encodes the arguments of jobs on the submitting thread (into a per-thread scratch buffer, then an exact
 * {@code byte[]}), so that an argument the codec rejects fails the submission before anything is sent, and the
 * dispatcher thread only copies bytes.
 */
final class TaskEncoder {
    private static final ThreadLocal<ArrayBuffer> SCRATCH =
        ThreadLocal.withInitial(() -> ArrayBuffer.growable(4096));

    private final int maxBodyLength;

    /**
     * An encoder for jobs of at most {@code maxMessageLength} bytes on the ring.
     *
     * @param maxMessageLength the ring's maximum message length
     */
    TaskEncoder(final int maxMessageLength) {
        this.maxBodyLength = maxMessageLength - (PoolProtocol.TASK_HEADER_LENGTH - PoolProtocol.BODY_HEADER_LENGTH);
    }

    /**
     * The body of a job of one call.
     *
     * @param arity 0, 1 or 2
     * @param a     the first argument (if arity &gt; 0)
     * @param b     the second argument (if arity &gt; 1)
     * @return the body
     * @throws CodecException when an argument cannot be encoded or is too large
     */
    byte[] single(final int arity, final Object a, final Object b) {
        final ArrayBuffer buffer = SCRATCH.get();
        int position = PoolProtocol.BODY_HEADER_LENGTH;
        if (arity > 0) {
            position += PoolProtocol.writeItem(a, buffer, position);
        }
        if (arity > 1) {
            position += PoolProtocol.writeItem(b, buffer, position);
        }
        if (position > maxBodyLength) {
            throw new CodecException("the task's arguments encode to " + position + " bytes, more than a pool message"
                + " holds (" + maxBodyLength + "); raise PoolOptions.ringCapacity or pass a shared handle instead",
                null);
        }
        return finish(buffer, arity, 1, position);
    }

    /**
     * Encodes the next chunk of a map: up to {@code chunksize} items from {@code from}, cut short so the body
     * fits one message.
     *
     * @param items     the items (pairs for arity 2)
     * @param from      the first item
     * @param chunksize the most items
     * @param arity     1, or 2 for {@link Map.Entry} pairs
     * @param counted   receives the number of items encoded in element 0
     * @return the body
     * @throws CodecException when an item cannot be encoded or alone exceeds a message
     */
    byte[] chunk(final List<?> items, final int from, final int chunksize, final int arity, final int[] counted) {
        final ArrayBuffer buffer = SCRATCH.get();
        int position = PoolProtocol.BODY_HEADER_LENGTH;
        int count = 0;
        final int end = Math.min(items.size(), from + chunksize);
        for (int i = from; i < end; i++) {
            final Object item = items.get(i);
            int next = position;
            try {
                if (arity == 2) {
                    final Map.Entry<?, ?> pair = (Map.Entry<?, ?>) item;
                    next += PoolProtocol.writeItem(pair.getKey(), buffer, next);
                    next += PoolProtocol.writeItem(pair.getValue(), buffer, next);
                } else {
                    next += PoolProtocol.writeItem(item, buffer, next);
                }
            } catch (final CodecException e) {
                throw new CodecException("item " + i + " cannot be encoded: " + e.getMessage(), e.getCause());
            }
            if (next > maxBodyLength) {
                if (count == 0) {
                    throw new CodecException("item " + i + " encodes to " + (next - position) + " bytes, more than"
                        + " a pool message holds (" + maxBodyLength + "); raise PoolOptions.ringCapacity", null);
                }
                break;
            }
            position = next;
            count++;
        }
        counted[0] = count;
        return finish(buffer, arity, count, position);
    }

    private static byte[] finish(final ArrayBuffer buffer, final int arity, final int calls,
                                 final int length) {
        buffer.putInt(0, arity, PoolProtocol.ORDER);
        buffer.putInt(Integer.BYTES, calls, PoolProtocol.ORDER);
        final byte[] body = new byte[length];
        buffer.getBytes(0, body);
        return body;
    }
}
