package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The local implementation of {@link SharedByte}: see there for what it guarantees.
 */
final class LocalSharedByte implements SharedByte, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int VALUE = ValueLayout.ELEMENTS_OFFSET;

    private final transient ValueRegion region;

    LocalSharedByte(final ValueRegion region) {
        this.region = region;
    }

    public static SharedByte open(final Path file, final byte initial) {
        return new LocalSharedByte(ValueRegion.createOrAttach(file, ValueType.BYTE, ValueLayout.SCALAR, 1,
            buffer -> buffer.putInt(VALUE, initial)));
    }

    @Override
    public byte get() {
        return (byte) region.buffer().getIntVolatile(VALUE);
    }

    @Override
    public void set(final byte value) {
        region.buffer().putIntVolatile(VALUE, value);
    }

    @Override
    public byte getAndSet(final byte value) {
        return (byte) region.buffer().getAndSetInt(VALUE, value);
    }

    @Override
    public byte getAndAdd(final int delta) {
        final AtomicBuffer buffer = region.buffer();
        while (true) {
            final int current = buffer.getIntVolatile(VALUE);
            if (buffer.compareAndSetInt(VALUE, current, (byte) (current + delta))) {
                return (byte) current;
            }
        }
    }

    @Override
    public byte addAndGet(final int delta) {
        return (byte) (getAndAdd(delta) + delta);
    }

    @Override
    public byte incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public byte decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public boolean compareAndSet(final byte expected, final byte value) {
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
        return region.describeHandle("SharedByte", " = " + get());
    }
}
