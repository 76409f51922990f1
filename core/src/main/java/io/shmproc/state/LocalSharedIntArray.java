package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.IntUnaryOperator;

/**
 * The local implementation of {@link SharedIntArray}: see there for what it guarantees.
 */
final class LocalSharedIntArray implements SharedIntArray, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int SIZE = Integer.BYTES;

    private final transient ValueRegion region;

    LocalSharedIntArray(final ValueRegion region) {
        this.region = region;
    }

    public static SharedIntArray open(final Path file, final int length) {
        return new LocalSharedIntArray(ValueRegion.createOrAttachArray(file, ValueType.INT, length));
    }

    @Override
    public int length() {
        return region.length();
    }

    @Override
    public int get(final int index) {
        return region.buffer().getIntVolatile(region.checkIndex(index));
    }

    @Override
    public void set(final int index, final int value) {
        region.buffer().putIntVolatile(region.checkIndex(index), value);
    }

    @Override
    public int getAndSet(final int index, final int value) {
        return region.buffer().getAndSetInt(region.checkIndex(index), value);
    }

    @Override
    public int getAndAdd(final int index, final int delta) {
        return region.buffer().getAndAddInt(region.checkIndex(index), delta);
    }

    @Override
    public int addAndGet(final int index, final int delta) {
        return getAndAdd(index, delta) + delta;
    }

    @Override
    public int incrementAndGet(final int index) {
        return addAndGet(index, 1);
    }

    @Override
    public boolean compareAndSet(final int index, final int expected, final int value) {
        return region.buffer().compareAndSetInt(region.checkIndex(index), expected, value);
    }

    @Override
    public int updateAndGet(final int index, final IntUnaryOperator function) {
        return AtomicCells.updateInt(region.buffer(), region.checkIndex(index), function);
    }

    @Override
    public void copyTo(final int index, final int[] destination, final int offset, final int count) {
        region.checkCopy(index, count, "destination", offset, destination.length);
        for (int i = 0; i < count; i++) {
            destination[offset + i] = region.buffer().getIntVolatile(ValueLayout.elementOffset(index + i, SIZE));
        }
    }

    @Override
    public void copyFrom(final int[] source, final int offset, final int index, final int count) {
        region.checkCopy(index, count, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            region.buffer().putIntVolatile(ValueLayout.elementOffset(index + i, SIZE), source[offset + i]);
        }
    }

    @Override
    public int[] toArray() {
        final int[] copy = new int[length()];
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
        return region.describeHandle("SharedIntArray", ", length " + length());
    }
}
