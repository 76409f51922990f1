package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The local implementation of {@link SharedShort}: see there for what it guarantees.
 */
final class LocalSharedShort implements SharedShort, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    LocalSharedShort(final ValueRegion region) {
        this.region = region;
    }

    public static SharedShort open(final Path file, final short initial) {
        return new LocalSharedShort(ValueRegion.createOrAttach(file, ValueType.SHORT, ValueLayout.SCALAR, 1,
            buffer -> buffer.putInt(VALUE, initial)));
    }

    @Override
    public short get() {
        return (short) region.buffer().getIntVolatile(VALUE);
    }

    @Override
    public void set(final short value) {
        region.buffer().putIntVolatile(VALUE, value);
    }

    @Override
    public short getAndSet(final short value) {
        return (short) region.buffer().getAndSetInt(VALUE, value);
    }

    @Override
    public short getAndAdd(final int delta) {
        final AtomicBuffer buffer = region.buffer();
        while (true) {
            final int current = buffer.getIntVolatile(VALUE);
            if (buffer.compareAndSetInt(VALUE, current, (short) (current + delta))) {
                return (short) current;
            }
        }
    }

    @Override
    public short addAndGet(final int delta) {
        return (short) (getAndAdd(delta) + delta);
    }

    @Override
    public short incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public short decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final short expected, final short value) {
        return region.buffer().compareAndSetInt(VALUE, expected, value);
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
        return region.describeHandle("SharedShort", " = " + get());
    }
}
