package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.DoubleUnaryOperator;

/**
 * The local implementation of {@link SharedDoubleArray}: see there for what it guarantees.
 */
final class LocalSharedDoubleArray implements SharedDoubleArray, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int SIZE = Double.BYTES;

    private final transient ValueRegion region;

    LocalSharedDoubleArray(final ValueRegion region) {
        this.region = region;
    }

    public static SharedDoubleArray open(final Path file, final int length) {
        return new LocalSharedDoubleArray(ValueRegion.createOrAttachArray(file, ValueType.DOUBLE, length));
    }

    @Override
    public int length() {
        return region.length();
    }

    @Override
    public double get(final int index) {
        return AtomicCells.getDouble(region.buffer(), region.checkIndex(index));
    }

    @Override
    public void set(final int index, final double value) {
        AtomicCells.setDouble(region.buffer(), region.checkIndex(index), value);
    }

    @Override
    public double getAndSet(final int index, final double value) {
        return AtomicCells.getAndSetDouble(region.buffer(), region.checkIndex(index), value);
    }

    @Override
    public double getAndAdd(final int index, final double delta) {
        return AtomicCells.getAndAddDouble(region.buffer(), region.checkIndex(index), delta);
    }

    @Override
    public double addAndGet(final int index, final double delta) {
        return getAndAdd(index, delta) + delta;
    }

    @Override
    public boolean compareAndSet(final int index, final double expected, final double value) {
        return AtomicCells.compareAndSetDouble(region.buffer(), region.checkIndex(index), expected, value);
    }

    @Override
    public double updateAndGet(final int index, final DoubleUnaryOperator function) {
        return AtomicCells.updateDouble(region.buffer(), region.checkIndex(index), function);
    }

    @Override
    public void copyTo(final int index, final double[] destination, final int offset, final int count) {
        region.checkCopy(index, count, "destination", offset, destination.length);
        for (int i = 0; i < count; i++) {
            destination[offset + i] = AtomicCells.getDouble(region.buffer(),
                ValueLayout.elementOffset(index + i, SIZE));
        }
    }

    @Override
    public void copyFrom(final double[] source, final int offset, final int index, final int count) {
        region.checkCopy(index, count, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            AtomicCells.setDouble(region.buffer(), ValueLayout.elementOffset(index + i, SIZE), source[offset + i]);
        }
    }

    @Override
    public double[] toArray() {
        final double[] copy = new double[length()];
        copyTo(0, copy, 0, copy.length);
        return copy;
    }

    @Override
    public Lock lock() {
        return region.lock();
    }

    @Override
    public Path file() {
        return region.file();
    }

    /** Releases this process's handle; other processes keep the array. */
    @Override
    public void close() {
        region.close();
    }

    @Override
    public boolean unlink() {
        return region.unlink();
    }

    /**
     * Replaces this handle by its small serialized form, which re-attaches when deserialized.
     *
     * @return the serialized form
     */
    private Object writeReplace() {
        return region.ref();
    }

    @Override
    public String toString() {
        return region.describeHandle("SharedDoubleArray", ", length " + length());
    }
}
