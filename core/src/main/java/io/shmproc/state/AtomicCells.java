package io.shmproc.state;

import java.util.function.DoubleUnaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.function.LongUnaryOperator;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The atomic operations on one element of a value region that {@link AtomicBuffer} has no single call for:
 * compare-and-set loops, and {@code double} elements stored as their IEEE-754 bits. Shared by the scalar and
 * the array handle of each type, so a scalar and an array element behave alike. A process killed in the middle
 * of any of them leaves the element old or new.
 */
final class AtomicCells {
    private AtomicCells() {
    }

    static int updateInt(final AtomicBuffer buffer, final int offset, final IntUnaryOperator function) {
        while (true) {
            final int current = buffer.getIntVolatile(offset);
            final int next = function.applyAsInt(current);
            if (buffer.compareAndSetInt(offset, current, next)) {
                return next;
            }
        }
    }

    static long updateLong(final AtomicBuffer buffer, final int offset, final LongUnaryOperator function) {
        while (true) {
            final long current = buffer.getLongVolatile(offset);
            final long next = function.applyAsLong(current);
            if (buffer.compareAndSetLong(offset, current, next)) {
                return next;
            }
        }
    }

    static double getDouble(final AtomicBuffer buffer, final int offset) {
        return Double.longBitsToDouble(buffer.getLongVolatile(offset));
    }

    static void setDouble(final AtomicBuffer buffer, final int offset, final double value) {
        buffer.putLongVolatile(offset, Double.doubleToRawLongBits(value));
    }

    static double getAndSetDouble(final AtomicBuffer buffer, final int offset, final double value) {
        return Double.longBitsToDouble(buffer.getAndSetLong(offset, Double.doubleToRawLongBits(value)));
    }

    static double getAndAddDouble(final AtomicBuffer buffer, final int offset, final double delta) {
        while (true) {
            final long bits = buffer.getLongVolatile(offset);
            final double current = Double.longBitsToDouble(bits);
            if (buffer.compareAndSetLong(offset, bits, Double.doubleToRawLongBits(current + delta))) {
                return current;
            }
        }
    }

    /** Compares bits, like {@link Double#doubleToRawLongBits}. */
    static boolean compareAndSetDouble(final AtomicBuffer buffer, final int offset, final double expected,
                                       final double value) {
        return buffer.compareAndSetLong(offset, Double.doubleToRawLongBits(expected),
            Double.doubleToRawLongBits(value));
    }

    static double updateDouble(final AtomicBuffer buffer, final int offset, final DoubleUnaryOperator function) {
        while (true) {
            final long bits = buffer.getLongVolatile(offset);
            final double next = function.applyAsDouble(Double.longBitsToDouble(bits));
            if (buffer.compareAndSetLong(offset, bits, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }
}
