package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The local implementation of {@link SharedLong}: see there for what it guarantees.
 */
final class LocalSharedLong implements SharedLong, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    LocalSharedLong(final ValueRegion region) {
        this.region = region;
    }

    public static SharedLong open(final Path file, final long initial) {
        return new LocalSharedLong(ValueRegion.createOrAttach(file, ValueType.LONG, ValueLayout.SCALAR, 1,
            buffer -> buffer.putLong(VALUE, initial)));
    }

    @Override
    public long get() {
        return region.buffer().getLongVolatile(VALUE);
    }

    @Override
    public void set(final long value) {
        region.buffer().putLongVolatile(VALUE, value);
    }

    @Override
    public long getAndSet(final long value) {
        return region.buffer().getAndSetLong(VALUE, value);
    }

    @Override
    public long getAndAdd(final long delta) {
        return region.buffer().getAndAddLong(VALUE, delta);
    }

    @Override
    public long addAndGet(final long delta) {
        return region.buffer().getAndAddLong(VALUE, delta) + delta;
    }

    @Override
    public long incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public long decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final long expected, final long value) {
        return region.buffer().compareAndSetLong(VALUE, expected, value);
    }

    @Override
    public long updateAndGet(final LongUnaryOperator function) {
        return AtomicCells.updateLong(region.buffer(), VALUE, function);
    }

    @Override
    public long accumulateAndGet(final long x, final LongBinaryOperator function) {
        return updateAndGet(current -> function.applyAsLong(current, x));
    }

    @Override
    public Lock lock() {
        return region.lock();
    }

    @Override
    public Path file() {
        return region.file();
    }

    /** Releases this process's handle; other processes keep the value. */
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
        return region.describeHandle("SharedLong", " = " + get());
    }
}
