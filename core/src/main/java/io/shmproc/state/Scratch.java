package io.shmproc.state;

import io.shmproc.memory.ArrayBuffer;
import org.agrona.DirectBuffer;

/**
 * Per-thread encoding buffers, kept in a small stack so that a codec or a {@code compute} function that calls
 * back into a shared collection on the same thread gets its own pair; no allocation once warmed up.
 */
final class Scratch {
    private static final int INITIAL_BYTES = 256;
    private static final int MAX_DEPTH = 16;
    private static final ThreadLocal<Stack> STACK = ThreadLocal.withInitial(Stack::new);

    /** The key (or element) bytes. */
    final ArrayBuffer key = ArrayBuffer.growable(INITIAL_BYTES);
    /** The value bytes. */
    final ArrayBuffer value = ArrayBuffer.growable(INITIAL_BYTES);

    private Scratch() {
    }

    /** Takes this thread's next free pair; pair every call with {@link #release()}. */
    static Scratch acquire() {
        final Stack stack = STACK.get();
        if (stack.depth >= MAX_DEPTH) {
            throw new IllegalStateException("shared collections nested more than " + MAX_DEPTH
                + " deep on one thread (a compute function calling back into a shared collection?)");
        }
        Scratch scratch = stack.pairs[stack.depth];
        if (scratch == null) {
            scratch = new Scratch();
            stack.pairs[stack.depth] = scratch;
        }
        stack.depth++;
        return scratch;
    }

    /** Returns the pair taken last by this thread. */
    static void release() {
        STACK.get().depth--;
    }

    /** One thread's pairs and how many are in use. */
    private static final class Stack {
        private final Scratch[] pairs = new Scratch[MAX_DEPTH];
        private int depth;
    }

    /**
     * A 64-bit hash of encoded bytes, the same in every process.
     *
     * @param buffer the bytes
     * @param offset where they start
     * @param length how many
     * @return the hash
     */
    static long hash(final DirectBuffer buffer, final int offset, final int length) {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            h = Long.rotateLeft((h ^ buffer.getLong(offset + i)) * 0xBF58476D1CE4E5B9L, 31);
        }
        long tail = 0;
        for (; i < length; i++) {
            tail = tail << 8 | (buffer.getByte(offset + i) & 0xFF);
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }
}
