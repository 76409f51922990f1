package io.shmproc.memory;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Windows of shmproc's buffers: the replacement for Agrona's {@code new UnsafeBuffer(buffer, offset, length)},
 * which needs a JVM option.
 */
public final class Buffers {
    private Buffers() {
    }

    /**
     * A buffer over {@code length} bytes of {@code buffer} from {@code offset}, sharing its memory. A slice of a
     * region's payload is closed with the region.
     *
     * @param buffer a {@link MappedBuffer} or an {@link ArrayBuffer}
     * @param offset the first byte
     * @param length the number of bytes
     * @return the slice
     * @throws IndexOutOfBoundsException when the window is not inside {@code buffer}
     * @throws IllegalArgumentException  when {@code buffer} is of another implementation
     */
    public static AtomicBuffer slice(final AtomicBuffer buffer, final int offset, final int length) {
        if (buffer instanceof MappedBuffer) {
            return ((MappedBuffer) buffer).slice(offset, length);
        }
        if (buffer instanceof ArrayBuffer) {
            buffer.boundsCheck(offset, length);
            return ArrayBuffer.wrapping(buffer.byteArray(), buffer.wrapAdjustment() + offset, length);
        }
        throw new IllegalArgumentException("buffer=" + buffer + " is neither a MappedBuffer nor an ArrayBuffer;"
            + " shmproc slices only its own buffers");
    }
}
