package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The local implementation of {@link SharedDouble}: see there for what it guarantees.
 */
final class LocalSharedDouble implements SharedDouble, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    LocalSharedDouble(final ValueRegion region) {
        this.region = region;
    }

    public static SharedDouble open(final Path file, final double initial) {
        return new LocalSharedDouble(ValueRegion.createOrAttach(file, ValueType.DOUBLE, ValueLayout.SCALAR, 1,
            buffer -> buffer.putLong(VALUE, Double.doubleToRawLongBits(initial))));
    }

    @Override
    public double get() {
        return AtomicCells.getDouble(region.buffer(), VALUE);
    }

    @Override
    public void set(final double value) {
        AtomicCells.setDouble(region.buffer(), VALUE, value);
    }

    @Override
    public double getAndSet(final double value) {
        return AtomicCells.getAndSetDouble(region.buffer(), VALUE, value);
    }

    @Override
    public double getAndAdd(final double delta) {
        return AtomicCells.getAndAddDouble(region.buffer(), VALUE, delta);
    }

    @Override
    public double addAndGet(final double delta) {
        return getAndAdd(delta) + delta;
    }

    @Override
    public boolean compareAndSet(final double expected, final double value) {
        return AtomicCells.compareAndSetDouble(region.buffer(), VALUE, expected, value);
    }

    @Override
    public double updateAndGet(final DoubleUnaryOperator function) {
        return AtomicCells.updateDouble(region.buffer(), VALUE, function);
    }

    @Override
    public double accumulateAndGet(final double x, final DoubleBinaryOperator function) {
        return updateAndGet(current -> function.applyAsDouble(current, x));
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
        return region.describeHandle("SharedDouble", " = " + get());
    }
}
