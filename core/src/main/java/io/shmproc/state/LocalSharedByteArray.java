package io.shmproc.state;

import java.nio.file.Path;
import java.util.concurrent.locks.Lock;
import java.util.function.IntUnaryOperator;

/**
 * The local implementation of {@link SharedByteArray}: see there for what it guarantees.
 */
final class LocalSharedByteArray implements SharedByteArray, LocalValueHandle {
    private static final long serialVersionUID = 1L;
    private static final int SIZE = Byte.BYTES;

    private final transient ValueRegion region;

    LocalSharedByteArray(final ValueRegion region) {
        this.region = region;
    }

    public static SharedByteArray open(final Path file, final int length) {
        return new LocalSharedByteArray(ValueRegion.createOrAttachArray(file, ValueType.BYTE, length));
    }

    @Override
    public int length() {
        return region.length();
    }

    @Override
    public byte get(final int index) {
        return region.buffer().getByteVolatile(region.checkIndex(index));
    }

    @Override
    public void set(final int index, final byte value) {
        region.buffer().putByteVolatile(region.checkIndex(index), value);
    }

    @Override
    public byte getAndSet(final int index, final byte value) {
        final int offset = region.checkIndex(index);
        while (true) {
            final int bits = region.buffer().getIntVolatile(offset & ~3);
            final byte current = byteOf(bits, offset);
            if (casByte(offset, bits, value)) {
                return current;
            }
        }
    }

    @Override
    public byte getAndAdd(final int index, final byte delta) {
        final int offset = region.checkIndex(index);
        while (true) {
            final int bits = region.buffer().getIntVolatile(offset & ~3);
            final byte current = byteOf(bits, offset);
            if (casByte(offset, bits, (byte) (current + delta))) {
                return current;
            }
        }
    }

    @Override
    public byte addAndGet(final int index, final byte delta) {
        return (byte) (getAndAdd(index, delta) + delta);
    }

    @Override
    public byte incrementAndGet(final int index) {
        return addAndGet(index, (byte) 1);
    }

    @Override
    public boolean compareAndSet(final int index, final byte expected, final byte value) {
        final int offset = region.checkIndex(index);
        final int word = offset & ~3;
        final int shift = (offset & 3) * 8;
        while (true) {
            final int bits = region.buffer().getIntVolatile(word);
            if ((byte) (bits >>> shift) != expected) {
                return false;
            }
            final int next = (bits & ~(0xFF << shift)) | ((value & 0xFF) << shift);
            if (region.buffer().compareAndSetInt(word, bits, next)) {
                return true;
            }
        }
    }

    @Override
    public byte updateAndGet(final int index, final IntUnaryOperator function) {
        final int offset = region.checkIndex(index);
        while (true) {
            final int bits = region.buffer().getIntVolatile(offset & ~3);
            final byte next = (byte) function.applyAsInt(byteOf(bits, offset));
            if (casByte(offset, bits, next)) {
                return next;
            }
        }
    }

    private static byte byteOf(final int bits, final int offset) {
        return (byte) (bits >>> ((offset & 3) * 8));
    }

    /** Replaces the byte at {@code offset} in its 4-byte word, if the word still holds {@code bits}. */
    private boolean casByte(final int offset, final int bits, final byte next) {
        final int shift = (offset & 3) * 8;
        final int replaced = (bits & ~(0xFF << shift)) | ((next & 0xFF) << shift);
        return region.buffer().compareAndSetInt(offset & ~3, bits, replaced);
    }


    @Override
    public void copyTo(final int index, final byte[] destination, final int offset, final int count) {
        region.checkCopy(index, count, "destination", offset, destination.length);
        java.lang.invoke.VarHandle.acquireFence();
        region.buffer().getBytes(ValueLayout.elementOffset(index, SIZE), destination, offset, count);
    }

    @Override
    public void copyFrom(final byte[] source, final int offset, final int index, final int count) {
        region.checkCopy(index, count, "source", offset, source.length);
        region.buffer().putBytes(ValueLayout.elementOffset(index, SIZE), source, offset, count);
        java.lang.invoke.VarHandle.releaseFence();
    }

    @Override
    public byte[] toArray() {
        final byte[] copy = new byte[length()];
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
        return region.describeHandle("SharedByteArray", ", length " + length());
    }
}
