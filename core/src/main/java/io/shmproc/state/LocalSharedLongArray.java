package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.LongUnaryOperator;

/**
 * The local implementation of {@link SharedLongArray}: see there for what it guarantees.
 */
final class LocalSharedLongArray implements SharedLongArray, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int SIZE = Long.BYTES;

    private final transient ValueRegion region;

    LocalSharedLongArray(final ValueRegion region) {
        this.region = region;
    }

    public static SharedLongArray open(final Path file, final int length) {
        return new LocalSharedLongArray(ValueRegion.createOrAttachArray(file, ValueType.LONG, length));
    }

    @Override
    public int length() {
        return region.length();
    }

    @Override
    public long get(final int index) {
        return region.buffer().getLongVolatile(region.checkIndex(index));
    }

    @Override
    public void set(final int index, final long value) {
        region.buffer().putLongVolatile(region.checkIndex(index), value);
    }

    @Override
    public long getAndSet(final int index, final long value) {
        return region.buffer().getAndSetLong(region.checkIndex(index), value);
    }

    @Override
    public long getAndAdd(final int index, final long delta) {
        return region.buffer().getAndAddLong(region.checkIndex(index), delta);
    }

    @Override
    public long addAndGet(final int index, final long delta) {
        return getAndAdd(index, delta) + delta;
    }

    @Override
    public long incrementAndGet(final int index) {
        return addAndGet(index, 1);
    }

    @Override
    public boolean compareAndSet(final int index, final long expected, final long value) {
        return region.buffer().compareAndSetLong(region.checkIndex(index), expected, value);
    }

    @Override
    public long updateAndGet(final int index, final LongUnaryOperator function) {
        return AtomicCells.updateLong(region.buffer(), region.checkIndex(index), function);
    }

    @Override
    public void copyTo(final int index, final long[] destination, final int offset, final int count) {
        region.checkCopy(index, count, "destination", offset, destination.length);
        for (int i = 0; i < count; i++) {
            destination[offset + i] = region.buffer().getLongVolatile(ValueLayout.elementOffset(index + i, SIZE));
        }
    }

    @Override
    public void copyFrom(final long[] source, final int offset, final int index, final int count) {
        region.checkCopy(index, count, "source", offset, source.length);
        for (int i = 0; i < count; i++) {
            region.buffer().putLongVolatile(ValueLayout.elementOffset(index + i, SIZE), source[offset + i]);
        }
    }

    @Override
    public long[] toArray() {
        final long[] copy = new long[length()];
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
        return region.describeHandle("SharedLongArray", ", length " + length());
    }
}
