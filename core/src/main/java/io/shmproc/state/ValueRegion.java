package io.shmproc.state;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.IncompatibleRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.sync.SyncOptions;
import io.shmproc.sync.WordLock;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The mapped file behind one shared value or array: creates or attaches it, checks its type and shape, and
 * holds its lock.
 */
final class ValueRegion implements AutoCloseable {
    private final MappedRegion region;
    private final AtomicBuffer buffer;
    private final WordLock lock;
    private final ValueType type;
    private final int shape;
    private final int length;

    private ValueRegion(final MappedRegion region, final ValueType type, final int shape, final int length) {
        this.region = region;
        this.buffer = region.payload();
        this.lock = WordLock.of(buffer, ValueLayout.LOCK_OFFSET, region.file().toAbsolutePath().getParent(),
            SyncOptions.defaults());
        this.type = type;
        this.shape = shape;
        this.length = length;
    }

    /**
     * Creates the region, or attaches to it when it already exists with the same type, shape and length.
     *
     * @param file        the file
     * @param type        the element type
     * @param shape       {@link ValueLayout#SCALAR} or {@link ValueLayout#ARRAY}
     * @param length      the number of elements
     * @param initializer writes the initial elements into a new region; not run on attach
     * @return the handle
     */
    static ValueRegion createOrAttach(final Path file, final ValueType type, final int shape, final int length,
                                      final java.util.function.Consumer<AtomicBuffer> initializer) {
        if (length < 1 || (long) length * type.size() > ValueLayout.MAX_ELEMENT_BYTES) {
            throw new IllegalArgumentException("length=" + length + " is out of range; expected 1 to "
                + ValueLayout.MAX_ELEMENT_BYTES / type.size() + " elements of " + type);
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                final MappedRegion region = MappedRegion.create(file, RegionKind.VALUE, ValueLayout.VERSION,
                    ValueLayout.payloadLength(length, type.size()), payload -> {
                        payload.putInt(ValueLayout.TYPE_OFFSET, type.code());
                        payload.putInt(ValueLayout.SHAPE_OFFSET, shape);
                        payload.putLong(ValueLayout.LENGTH_OFFSET, length);
                        initializer.accept(payload);
                    });
                return new ValueRegion(region, type, shape, length);
            } catch (final RegionException e) {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
                // another process created it first: attach below
            }
        }
        final ValueRegion attached = attach(file);
        if (attached.type != type || attached.shape != shape || (shape == ValueLayout.ARRAY
            && attached.length != length)) {
            final String holds = attached.describe();
            attached.close();
            throw new IncompatibleRegionException(file, "holds " + holds + ", not "
                + describe(type, shape, length));
        }
        return attached;
    }

    /**
     * Creates a zero-filled array region, or attaches to it when it already exists with the same type and length.
     *
     * @param file   the file
     * @param type   the element type
     * @param length the number of elements
     * @return the handle
     */
    static ValueRegion createOrAttachArray(final Path file, final ValueType type, final int length) {
        return createOrAttach(file, type, ValueLayout.ARRAY, length, buffer -> { });
    }

    /**
     * Attaches to an existing value or array region.
     *
     * @param file the file
     * @return the handle
     * @throws RegionException when the file is missing, damaged or of another kind
     */
    static ValueRegion attach(final Path file) {
        final MappedRegion region = MappedRegion.attach(file, RegionKind.VALUE, ValueLayout.VERSION);
        final AtomicBuffer payload = region.payload();
        final ValueType type = ValueType.ofCode(payload.getInt(ValueLayout.TYPE_OFFSET));
        final int shape = payload.getInt(ValueLayout.SHAPE_OFFSET);
        final long length = payload.getLong(ValueLayout.LENGTH_OFFSET);
        if (type == null || (shape != ValueLayout.SCALAR && shape != ValueLayout.ARRAY) || length < 1
            || ValueLayout.payloadLength(length, type.size()) > region.header().payloadLength()) {
            final int typeCode = payload.getInt(ValueLayout.TYPE_OFFSET);
            region.close();
            throw new CorruptRegionException(file, "has a damaged value header (type "
                + typeCode + ", shape " + shape + ", length " + length + ")");
        }
        return new ValueRegion(region, type, shape, (int) length);
    }

    private String describe() {
        return describe(type, shape, length);
    }

    private static String describe(final ValueType type, final int shape, final int length) {
        return shape == ValueLayout.SCALAR ? "a scalar " + type : "an array of " + length + " " + type;
    }

    AtomicBuffer buffer() {
        return buffer;
    }

    WordLock lock() {
        return lock;
    }

    int length() {
        return length;
    }

    Path file() {
        return region.file();
    }

    int checkIndex(final int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index=" + index + " is out of range for " + describe()
                + " in " + region.file() + "; expected 0 to " + (length - 1));
        }
        return ValueLayout.elementOffset(index, type.size());
    }

    /**
     * Checks a bulk copy between elements and a Java array: the elements first, then the array's side.
     *
     * @param index       the first element
     * @param count       how many elements
     * @param side        {@code "source"} or {@code "destination"}, for the message
     * @param offset      the first position in the Java array
     * @param arrayLength the Java array's length
     */
    void checkCopy(final int index, final int count, final String side, final int offset, final int arrayLength) {
        if (count < 0 || index < 0 || (long) index + count > length) {
            throw new IndexOutOfBoundsException("range index=" + index + ", count=" + count + " is out of range for "
                + describe() + " in " + region.file());
        }
        if (offset < 0 || offset + count > arrayLength) {
            throw new IndexOutOfBoundsException(side + " offset=" + offset + ", count=" + count
                + " exceeds its length " + arrayLength);
        }
    }

    boolean unlink() {
        return region.unlink();
    }

    @Override
    public void close() {
        region.close();
    }

    @Override
    public String toString() {
        return region.file().getFileName().toString();
    }

    /** A handle's {@code toString()}: {@code handle[file<state>]}, such as {@code SharedInt[hits = 42]}. */
    String describeHandle(final String handle, final String state) {
        return handle + "[" + this + state + "]";
    }

    /** The serialized form of any handle on this region, for its {@code writeReplace()}. */
    Object ref() {
        return new Ref(region.file());
    }

    /** The serialized form of every shared value and array: the file; the receiver re-attaches. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;

        private Ref(final Path file) {
            this.file = file.toString();
        }

        private Object readResolve() {
            return reattach(Path.of(file));
        }
    }

    /** A handle on the value or array in a file, of the class its layout names, as a handle's serialized form. */
    static Object reattach(final Path file) {
        final ValueRegion region = attach(file);
        if (region.shape == ValueLayout.SCALAR) {
            switch (region.type) {
                case LONG: return new LocalSharedLong(region);
                case INT: return new LocalSharedInt(region);
                case DOUBLE: return new LocalSharedDouble(region);
                case SHORT: return new LocalSharedShort(region);
                case BYTE: return new LocalSharedByte(region);
                default: break;
            }
        } else {
            switch (region.type) {
                case LONG: return new LocalSharedLongArray(region);
                case INT: return new LocalSharedIntArray(region);
                case DOUBLE: return new LocalSharedDoubleArray(region);
                case BYTE: return new LocalSharedByteArray(region);
                default: break;
            }
        }
        region.close();
        throw new CorruptRegionException(file, "holds a " + region.describe()
            + ", which no shmproc class represents");
    }
}
