package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;

/**
 * The local implementation of {@link SharedInt}: see there for what it guarantees.
 */
final class LocalSharedInt implements SharedInt, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    LocalSharedInt(final ValueRegion region) {
        this.region = region;
    }

    public static SharedInt open(final Path file, final int initial) {
        return new LocalSharedInt(ValueRegion.createOrAttach(file, ValueType.INT, ValueLayout.SCALAR, 1,
            buffer -> buffer.putInt(VALUE, initial)));
    }

    @Override
    public int get() {
        return region.buffer().getIntVolatile(VALUE);
    }

    @Override
    public void set(final int value) {
        region.buffer().putIntVolatile(VALUE, value);
    }

    @Override
    public int getAndSet(final int value) {
        return region.buffer().getAndSetInt(VALUE, value);
    }

    @Override
    public int getAndAdd(final int delta) {
        return region.buffer().getAndAddInt(VALUE, delta);
    }

    @Override
    public int addAndGet(final int delta) {
        return region.buffer().getAndAddInt(VALUE, delta) + delta;
    }

    @Override
    public int incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public int decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final int expected, final int value) {
        return region.buffer().compareAndSetInt(VALUE, expected, value);
    }

    @Override
    public int updateAndGet(final IntUnaryOperator function) {
        return AtomicCells.updateInt(region.buffer(), VALUE, function);
    }

    @Override
    public int accumulateAndGet(final int x, final IntBinaryOperator function) {
        return updateAndGet(current -> function.applyAsInt(current, x));
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
        return region.describeHandle("SharedInt", " = " + get());
    }
}
