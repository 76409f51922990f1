package io.shmproc.memory;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * An {@link AtomicBuffer} over a window of a memory-mapped file, needing no JVM option and printing no warning.
 * Two paths, chosen once per JVM ({@link UnsafeMemory}):
 * <ul>
 *   <li><b>Java 17 to 23:</b> the buffer checks the index against its window and accesses the mapping's address
 *       through {@code sun.misc.Unsafe} (module {@code jdk.unsupported}, open to every class-path program): as
 *       fast as Agrona's {@code UnsafeBuffer}, without its {@code --add-exports} option.</li>
 *   <li><b>Java 24 and later</b> (and with {@code -Dshmproc.memory.unsafe=false}): every access goes through a
 *       {@code static final} {@link MethodHandles#byteBufferViewVarHandle byteBufferViewVarHandle} in native byte
 *       order and byte copies through the mapped buffer's absolute bulk {@code get}/{@code put}; about 0.5 ns
 *       more per access, as the var handle checks the byte buffer each time.</li>
 * </ul>
 * Both paths keep the same contract below (the contract tests run on each).
 *
 * <p><b>Memory order.</b> {@code get/putXxxVolatile} are sequentially consistent, {@code getXxxAcquire} and
 * {@code putXxxRelease} (and Agrona's {@code putXxxOrdered}) are acquire/release, {@code xxxOpaque} are opaque,
 * exactly as {@link VarHandle} defines them (the fast path gives acquire and opaque reads volatile strength and
 * opaque writes release strength, which is stronger); they hold across processes because every process maps the same
 * physical pages. Atomic and ordered accesses need an index aligned to the value's size (shmproc's layouts
 * are); a misaligned one throws {@link IllegalStateException}.
 *
 * <p><b>Closed.</b> Created only by a {@link MappedRegion} (its payload, and {@link #slice slices} of it). When
 * the region closes, every buffer over it switches to an empty buffer before the file is unmapped, so any
 * later access throws {@link ClosedException} instead of touching freed memory (see {@link MappedRegion#close()}
 * for the one narrow window that remains).
 *
 * <p><b>Truncated file.</b> When another process truncates the file under the mapping, an access to a lost page
 * throws {@link CorruptRegionException} naming the file instead of crashing the JVM. Every read-modify-write
 * (compare-and-set, get-and-add, get-and-set) first does a plain read of the same word: the JVM guards plain
 * reads against {@code SIGBUS} in every execution mode, while its native compare-and-set is not guarded; on Java
 * 17 to 20, whose interpreter delivers the read's fault late, a fault checkpoint after the read makes it
 * deliver the fault before the compare-and-set runs.
 *
 * <p>{@code wrap(...)} is not supported: the memory a mapped buffer covers is fixed; use {@link #slice}.
 */
public final class MappedBuffer extends AbstractBuffer {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class,
        ByteOrder.nativeOrder());
    private static final VarHandle CHAR = MethodHandles.byteBufferViewVarHandle(char[].class, ByteOrder.nativeOrder());
    private static final ByteBuffer CLOSED = ByteBuffer.allocateDirect(0);
    private static final byte[] ZEROS = new byte[4096];
    private static final String AGRONA_UNSAFE_BUFFER = "org.agrona.concurrent.UnsafeBuffer";
    private static final String AGRONA_EXPANDABLE_DIRECT = "org.agrona.ExpandableDirectByteBuffer";
    /** Whether the {@link UnsafeMemory} fast path is on (Java 17 to 23): a constant the JIT folds. */
    private static final boolean FAST = UnsafeMemory.ON;
    /** Whether read-modify-writes check the file's size while they may still run interpreted (Java 17 to 20). */
    private static final boolean EARLY_SIZE_CHECKS = Runtime.version().feature() < 21;
    /**
     * Whether every read-modify-write passes a fault checkpoint after its guarded read (Java 17 to 20): a zero-length
     * array allocation in the read-modify-write's own frame, just before the native operation. There a fault in a
     * guarded read is only recorded, and delivered at the thread's next call into the VM that checks for it, which
     * returning from a native method is not; the interpreter makes every array allocation through such a call, so
     * an interpreted read-modify-write throws the read's fault ({@code InternalError}, then
     * {@code CorruptRegionException}) before its native compare-and-set runs into the lost page. It must be in the
     * same frame as the operation: a compiled helper would allocate without calling the VM. A compiled
     * read-modify-write drops the unused array, and its compare-and-set is guarded anyway.
     */
    private static final boolean FAULT_CHECKPOINT = EARLY_SIZE_CHECKS;
    /**
     * How many calls of each read-modify-write method check the file's size first (on Java 17 to 20): ten times
     * more on the var-handle path, whose deeper call chain HotSpot compiles later.
     */
    static final int EARLY_CHECKS = FAST ? 20_000 : 200_000;
    /** Each read-modify-write method's early checks ({@link EarlySizeChecks}): constants compiled code folds. */
    private static final MethodHandle EARLY_ADD_LONG_RELEASE = earlyChecks(EarlySizeChecks.ADD_LONG_RELEASE);
    private static final MethodHandle EARLY_CAS_LONG = earlyChecks(EarlySizeChecks.CAS_LONG);
    private static final MethodHandle EARLY_CAE_LONG = earlyChecks(EarlySizeChecks.CAE_LONG);
    private static final MethodHandle EARLY_GET_AND_SET_LONG = earlyChecks(EarlySizeChecks.GET_AND_SET_LONG);
    private static final MethodHandle EARLY_GET_AND_ADD_LONG = earlyChecks(EarlySizeChecks.GET_AND_ADD_LONG);
    private static final MethodHandle EARLY_ADD_INT_RELEASE = earlyChecks(EarlySizeChecks.ADD_INT_RELEASE);
    private static final MethodHandle EARLY_CAS_INT = earlyChecks(EarlySizeChecks.CAS_INT);
    private static final MethodHandle EARLY_CAE_INT = earlyChecks(EarlySizeChecks.CAE_INT);
    private static final MethodHandle EARLY_GET_AND_SET_INT = earlyChecks(EarlySizeChecks.GET_AND_SET_INT);
    private static final MethodHandle EARLY_GET_AND_ADD_INT = earlyChecks(EarlySizeChecks.GET_AND_ADD_INT);
    @SuppressWarnings("removal")
    private static final sun.misc.Unsafe U = UnsafeMemory.U;

    private final Mapping mapping;
    private final int base;
    private final int capacity;
    /** The address of the window's first byte (fast path only; never cleared, so never 0 while in use). */
    private final long address;
    /** The window of the mapping; {@link #CLOSED} once the mapping is closed. Read plainly on every access. */
    private ByteBuffer bb;
    /** The bytes the fast path may touch: the capacity, 0 once the mapping is closed. */
    private int limit;

    MappedBuffer(final Mapping mapping, final ByteBuffer window, final int base) {
        this.mapping = mapping;
        this.base = base;
        this.capacity = window.capacity();
        this.address = FAST ? UnsafeMemory.address(window) : 0;
        this.limit = capacity;
        this.bb = window;
    }

    /**
     * A buffer over {@code length} bytes of this one from {@code offset}; it is closed with this one's region.
     *
     * @param offset the first byte, 0 to {@link #capacity()}
     * @param length the number of bytes
     * @return the slice
     * @throws IndexOutOfBoundsException when the window is not inside this buffer
     * @throws ClosedException           when the region is closed
     */
    public MappedBuffer slice(final int offset, final int length) {
        boundsCheck(offset, length);
        return mapping.view(base + offset, length);
    }

    void invalidate() {
        limit = 0;
        bb = CLOSED;
    }

    /**
     * Whether the region under this buffer was closed.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return mapping.isClosed();
    }

    private RuntimeException failed(final int index, final int length, final RuntimeException e) {
        if (mapping.isClosed()) {
            return mapping.closed(e);
        }
        if (e instanceof IndexOutOfBoundsException) {
            final IndexOutOfBoundsException out = outOfBounds(index, length);
            out.initCause(e);
            return out;
        }
        return e;
    }

    private CorruptRegionException fault(final InternalError e) {
        return mapping.lost(e);
    }

    /**
     * A closed arena ({@link ArenaMapper}) fails an access that raced the close with {@link IllegalStateException}:
     * that becomes {@link ClosedException}; any other (a misaligned index) is rethrown.
     */
    private RuntimeException closedOr(final IllegalStateException e) {
        if (mapping.isClosed()) {
            return mapping.closed(e);
        }
        return e;
    }

    /**
     * How many early size checks each read-modify-write method makes in this JVM.
     *
     * @return {@link #EARLY_CHECKS} on Java 17 to 20, 0 on later ones (which make none)
     */
    static int earlyChecksPerMethod() {
        return EARLY_SIZE_CHECKS ? EARLY_CHECKS : 0;
    }

    /**
     * The early size checks each read-modify-write method has left in this JVM (for tests).
     *
     * @return a copy, one count per method; at or below 0 once that method has used its checks up
     */
    static int[] earlyChecksLeft() {
        return EARLY_SIZE_CHECKS ? EarlySizeChecks.left() : new int[0];
    }

    private static MethodHandle earlyChecks(final int method) {
        return EARLY_SIZE_CHECKS ? EarlySizeChecks.invoker(method) : null;
    }

    /*
     * Early size checks. On Java 17 to 20 the first EARLY_CHECKS calls of each read-modify-write method check the
     * file's size first: HotSpot's interpreter there delivers the fault of the guarded read only after the native
     * compare-and-set has run into a lost page and crashed the JVM, and a method runs interpreted only until HotSpot
     * compiles it (after about 2,000 calls; later on a loaded machine). The count is per method, since a JVM that
     * used one of them 20,000 times may call another for the first time. The FAULT_CHECKPOINT after the guarded read
     * covers a method sent back to the interpreter later. Left: a truncation between the guarded read and the
     * operation while interpreted.
     *
     * Each method writes out "if (dueXxx()) mapping.checkNotTruncated();" itself, and each dueXxx() invokes its own
     * static final call site ({@link EarlySizeChecks}), which compiled code folds to false once the checks are
     * spent, dropping the check. Helpers shared by the methods (the site as an argument, or the check behind a
     * flag) were compiled on their own into big methods, which HotSpot then would not inline into a read-modify-write:
     * every call paid a call to them, about 2 ns.
     */

    private static boolean dueAddLongRelease() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_ADD_LONG_RELEASE.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueCasLong() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_CAS_LONG.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueCaeLong() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_CAE_LONG.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueGetAndSetLong() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_GET_AND_SET_LONG.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueGetAndAddLong() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_GET_AND_ADD_LONG.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueAddIntRelease() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_ADD_INT_RELEASE.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueCasInt() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_CAS_INT.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueCaeInt() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_CAE_INT.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueGetAndSetInt() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_GET_AND_SET_INT.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static boolean dueGetAndAddInt() {
        try {
            return EARLY_SIZE_CHECKS && (boolean) EARLY_GET_AND_ADD_INT.invokeExact();
        } catch (final Throwable e) {
            throw countdownFailed(e);
        }
    }

    private static RuntimeException countdownFailed(final Throwable e) {
        if (e instanceof RuntimeException) {
            return (RuntimeException) e;
        }
        if (e instanceof Error) {
            throw (Error) e;
        }
        return new IllegalStateException("the early size checks' countdown failed", e);
    }

    /** Fast path: the address of {@code size} bytes at {@code index}, checked against the window. */
    private long at(final int index, final int size) {
        if (index < 0 || size < 0 || index > limit - size) {
            throw outside(index, size);
        }
        return address + index;
    }

    /** Fast path: as {@link #at}, for an atomic or ordered access, which needs the value's alignment. */
    private long aligned(final int index, final int size) {
        final long at = at(index, size);
        if ((at & (size - 1)) != 0) {
            throw new IllegalStateException("index=" + index + " of " + this + " is not aligned to " + size
                + " bytes; atomic and ordered accesses need aligned indexes");
        }
        return at;
    }

    /**
     * Fast path: the aligned address of a long for a read-modify-write, after a guarded volatile read of it: the
     * JVM guards reads against {@code SIGBUS} in every mode, not its native compare-and-set.
     */
    private long guardedLong(final int index) {
        final long at = aligned(index, Long.BYTES);
        U.getLongVolatile(null, at);
        return at;
    }

    /** As {@link #guardedLong}, for an int. */
    private long guardedInt(final int index) {
        final long at = aligned(index, Integer.BYTES);
        U.getIntVolatile(null, at);
        return at;
    }

    private RuntimeException outside(final int index, final int size) {
        if (mapping.isClosed()) {
            return mapping.closed(null);
        }
        return outOfBounds(index, size);
    }

    /* ------------------------------------------------ plain ------------------------------------------------- */

    @Override
    public long getLong(final int index) {
        if (FAST) {
            try {
                return U.getLong(null, at(index, 8));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (long) LONG.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLong(final int index, final long value) {
        if (FAST) {
            try {
                U.putLong(null, at(index, 8), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            LONG.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getInt(final int index) {
        if (FAST) {
            try {
                return U.getInt(null, at(index, 4));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (int) INT.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putInt(final int index, final int value) {
        if (FAST) {
            try {
                U.putInt(null, at(index, 4), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            INT.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public short getShort(final int index) {
        if (FAST) {
            try {
                return U.getShort(null, at(index, 2));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (short) SHORT.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShort(final int index, final short value) {
        if (FAST) {
            try {
                U.putShort(null, at(index, 2), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            SHORT.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public char getChar(final int index) {
        if (FAST) {
            try {
                return U.getChar(null, at(index, 2));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (char) CHAR.get(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putChar(final int index, final char value) {
        if (FAST) {
            try {
                U.putChar(null, at(index, 2), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            CHAR.set(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public byte getByte(final int index) {
        if (FAST) {
            try {
                return U.getByte(null, at(index, 1));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return bb.get(index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Byte.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putByte(final int index, final byte value) {
        if (FAST) {
            try {
                U.putByte(null, at(index, 1), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            bb.put(index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Byte.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ long: ordered and atomic ------------------------------ */

    @Override
    public long getLongVolatile(final int index) {
        if (FAST) {
            try {
                return U.getLongVolatile(null, aligned(index, 8));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (long) LONG.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLongAcquire(final int index) {
        if (FAST) {
            try {
                return U.getLongVolatile(null, aligned(index, 8));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (long) LONG.getAcquire(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getLongOpaque(final int index) {
        if (FAST) {
            try {
                return U.getLongVolatile(null, aligned(index, 8));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (long) LONG.getOpaque(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongVolatile(final int index, final long value) {
        if (FAST) {
            try {
                U.putLongVolatile(null, aligned(index, 8), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            LONG.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongRelease(final int index, final long value) {
        if (FAST) {
            try {
                U.putOrderedLong(null, aligned(index, 8), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            LONG.setRelease(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putLongOpaque(final int index, final long value) {
        if (FAST) {
            try {
                U.putOrderedLong(null, aligned(index, 8), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            LONG.setOpaque(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long addLongRelease(final int index, final long increment) {
        if (dueAddLongRelease()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedLong(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.getAndAddLong(null, at, increment);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (long) LONG.getAndAddRelease(b, index, increment);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long addLongOpaque(final int index, final long increment) {
        if (FAST) {
            try {
                final long at = aligned(index, 8);
                final long value = U.getLongVolatile(null, at);
                U.putOrderedLong(null, at, value + increment);
                return value;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            final long value = (long) LONG.getOpaque(b, index);
            LONG.setOpaque(b, index, value + increment);
            return value;
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public boolean compareAndSetLong(final int index, final long expectedValue, final long updateValue) {
        if (dueCasLong()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedLong(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.compareAndSwapLong(null, at, expectedValue, updateValue);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return LONG.compareAndSet(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long compareAndExchangeLong(final int index, final long expectedValue, final long updateValue) {
        if (dueCaeLong()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedLong(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                while (true) {
                    final long witness = U.getLongVolatile(null, at);
                    if (witness != expectedValue || U.compareAndSwapLong(null, at, expectedValue, updateValue)) {
                        return witness;
                    }
                }
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (long) LONG.compareAndExchange(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getAndSetLong(final int index, final long value) {
        if (dueGetAndSetLong()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedLong(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.getAndSetLong(null, at, value);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (long) LONG.getAndSet(b, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public long getAndAddLong(final int index, final long delta) {
        if (dueGetAndAddLong()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedLong(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.getAndAddLong(null, at, delta);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            LONG.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (long) LONG.getAndAdd(b, index, delta);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Long.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ int: ordered and atomic ------------------------------- */

    @Override
    public int getIntVolatile(final int index) {
        if (FAST) {
            try {
                return U.getIntVolatile(null, aligned(index, 4));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (int) INT.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getIntAcquire(final int index) {
        if (FAST) {
            try {
                return U.getIntVolatile(null, aligned(index, 4));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (int) INT.getAcquire(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getIntOpaque(final int index) {
        if (FAST) {
            try {
                return U.getIntVolatile(null, aligned(index, 4));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (int) INT.getOpaque(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntVolatile(final int index, final int value) {
        if (FAST) {
            try {
                U.putIntVolatile(null, aligned(index, 4), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            INT.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntRelease(final int index, final int value) {
        if (FAST) {
            try {
                U.putOrderedInt(null, aligned(index, 4), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            INT.setRelease(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putIntOpaque(final int index, final int value) {
        if (FAST) {
            try {
                U.putOrderedInt(null, aligned(index, 4), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            INT.setOpaque(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int addIntRelease(final int index, final int increment) {
        if (dueAddIntRelease()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedInt(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.getAndAddInt(null, at, increment);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (int) INT.getAndAddRelease(b, index, increment);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int addIntOpaque(final int index, final int increment) {
        if (FAST) {
            try {
                final long at = aligned(index, 4);
                final int value = U.getIntVolatile(null, at);
                U.putOrderedInt(null, at, value + increment);
                return value;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            final int value = (int) INT.getOpaque(b, index);
            INT.setOpaque(b, index, value + increment);
            return value;
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public boolean compareAndSetInt(final int index, final int expectedValue, final int updateValue) {
        if (dueCasInt()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedInt(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.compareAndSwapInt(null, at, expectedValue, updateValue);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return INT.compareAndSet(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int compareAndExchangeInt(final int index, final int expectedValue, final int updateValue) {
        if (dueCaeInt()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedInt(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                while (true) {
                    final int witness = U.getIntVolatile(null, at);
                    if (witness != expectedValue || U.compareAndSwapInt(null, at, expectedValue, updateValue)) {
                        return witness;
                    }
                }
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (int) INT.compareAndExchange(b, index, expectedValue, updateValue);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getAndSetInt(final int index, final int value) {
        if (dueGetAndSetInt()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedInt(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.getAndSetInt(null, at, value);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (int) INT.getAndSet(b, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public int getAndAddInt(final int index, final int delta) {
        if (dueGetAndAddInt()) {
            mapping.checkNotTruncated(); // early size check: see dueCasLong
        }
        if (FAST) {
            try {
                final long at = guardedInt(index);
                final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
                return U.getAndAddInt(null, at, delta);
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        final ByteBuffer b = bb;
        try {
            INT.get(b, index); // guarded read first: faults safely on a truncated page
            final byte[] vmCall = FAULT_CHECKPOINT ? new byte[0] : null; // in this frame: see FAULT_CHECKPOINT
            return (int) INT.getAndAdd(b, index, delta);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Integer.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ short, char, byte: volatile --------------------------- */

    @Override
    public short getShortVolatile(final int index) {
        if (FAST) {
            try {
                return U.getShortVolatile(null, aligned(index, 2));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (short) SHORT.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putShortVolatile(final int index, final short value) {
        if (FAST) {
            try {
                U.putShortVolatile(null, aligned(index, 2), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            SHORT.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Short.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public char getCharVolatile(final int index) {
        if (FAST) {
            try {
                return U.getCharVolatile(null, aligned(index, 2));
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            return (char) CHAR.getVolatile(bb, index);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putCharVolatile(final int index, final char value) {
        if (FAST) {
            try {
                U.putCharVolatile(null, aligned(index, 2), value);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            CHAR.setVolatile(bb, index, value);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, Character.BYTES, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    /* ------------------------------------------------ bytes ------------------------------------------------- */

    @Override
    public void getBytes(final int index, final byte[] dst, final int offset, final int length) {
        if (FAST) {
            try {
                java.util.Objects.checkFromIndexSize(offset, length, dst.length);
                U.copyMemory(null, at(index, length), dst, UnsafeMemory.BYTE_ARRAY_BASE + offset, length);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            bb.get(index, dst, offset, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void getBytes(final int index, final ByteBuffer dstBuffer, final int dstOffset, final int length) {
        try {
            dstBuffer.put(dstOffset, bb, index, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(final int index, final byte[] src, final int offset, final int length) {
        if (FAST) {
            try {
                java.util.Objects.checkFromIndexSize(offset, length, src.length);
                U.copyMemory(src, UnsafeMemory.BYTE_ARRAY_BASE + offset, null, at(index, length), length);
                return;
            } catch (final InternalError e) {
                throw fault(e);
            }
        }
        try {
            bb.put(index, src, offset, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(final int index, final ByteBuffer srcBuffer, final int srcIndex, final int length) {
        try {
            bb.put(index, srcBuffer, srcIndex, length);
        } catch (final IndexOutOfBoundsException e) {
            throw failed(index, length, e);
        } catch (final IllegalStateException e) {
            throw closedOr(e);
        } catch (final InternalError e) {
            throw fault(e);
        }
    }

    @Override
    public void putBytes(final int index, final DirectBuffer srcBuffer, final int srcIndex, final int length) {
        if (srcBuffer instanceof ArrayBuffer) {
            final ArrayBuffer src = (ArrayBuffer) srcBuffer;
            src.boundsCheck(srcIndex, length);
            putBytes(index, src.byteArray(), src.wrapAdjustment() + srcIndex, length);
        } else if (srcBuffer instanceof MappedBuffer) {
            final MappedBuffer src = (MappedBuffer) srcBuffer;
            if (FAST) {
                try {
                    U.copyMemory(null, src.at(srcIndex, length), null, at(index, length), length);
                    return;
                } catch (final InternalError e) {
                    throw fault(e);
                }
            }
            try {
                bb.put(index, src.bb, srcIndex, length);
            } catch (final IndexOutOfBoundsException e) {
                if (src.isClosed()) {
                    throw src.mapping.closed(e);
                }
                throw failed(index, length, e);
            } catch (final InternalError e) {
                throw fault(e);
            }
        } else if (FAST && srcBuffer.byteArray() == null && isAgronaOffHeap(srcBuffer.getClass())) {
            // Agrona's off-heap buffers (over a direct ByteBuffer or an address), whose address is their contract
            srcBuffer.boundsCheck(srcIndex, length);
            try {
                U.copyMemory(null, srcBuffer.addressOffset() + srcIndex, null, at(index, length), length);
            } catch (final InternalError e) {
                throw fault(e);
            }
        } else {
            putBytesFromForeign(index, srcBuffer, srcIndex, length);
        }
    }

    /**
     * Whether a buffer is one of Agrona's off-heap buffers, whose {@code addressOffset()} is an absolute address.
     * Compared by name: a class reference to them would make this class need Agrona's JVM option (the names are
     * interned, so this is an identity test in the common case).
     */
    private static boolean isAgronaOffHeap(final Class<?> type) {
        final String name = type.getName();
        return AGRONA_UNSAFE_BUFFER.equals(name) || AGRONA_EXPANDABLE_DIRECT.equals(name);
    }

    @Override
    public void setMemory(final int index, final int length, final byte value) {
        // copies from a zero-filled array rather than Unsafe.setMemory, a native call before Java 23 that costs
        // more than the copy (an intrinsic) for the few hundred bytes a ring read clears
        boundsCheck(index, length);
        final byte[] pattern;
        if (value == 0) {
            pattern = ZEROS;
        } else {
            pattern = new byte[Math.min(length, ZEROS.length)];
            java.util.Arrays.fill(pattern, value);
        }
        int done = 0;
        while (done < length) {
            final int chunk = Math.min(pattern.length, length - done);
            putBytes(index + done, pattern, 0, chunk);
            done += chunk;
        }
    }

    /* ------------------------------------------------ identity and wrapping --------------------------------- */

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void verifyAlignment() {
        final ByteBuffer b = bb;
        if (b.capacity() > 0 && b.alignmentOffset(0, ALIGNMENT) != 0) {
            throw new IllegalStateException("a MappedBuffer at offset " + base + " of " + mapping.file()
                + " is not " + ALIGNMENT + "-byte aligned");
        }
    }

    @Override
    public boolean isExpandable() {
        return false;
    }

    /**
     * The address of this window's first byte, on the fast path (Java 17 to 23), so that Agrona's own buffers
     * ({@code UnsafeBuffer.putBytes(index, thisBuffer, ...)}) can copy out of it; valid while the region is open.
     * On the var-handle path the address is not known to shmproc (reading it would need a JVM option).
     *
     * @return the address
     * @throws ClosedException               when the region is closed
     * @throws UnsupportedOperationException on the var-handle path (Java 24+, or {@code shmproc.memory.unsafe=false});
     *     copy with {@code getBytes} instead
     */
    @Override
    public long addressOffset() {
        if (!FAST) {
            throw new UnsupportedOperationException("a MappedBuffer on the var-handle path (Java 24 and later, or"
                + " -Dshmproc.memory.unsafe=false) does not expose its address; copy out with getBytes(...) instead");
        }
        if (limit == 0 && capacity > 0) {
            throw mapping.closed(null);
        }
        return address;
    }

    @Override
    public byte[] byteArray() {
        return null;
    }

    @Override
    public ByteBuffer byteBuffer() {
        return bb;
    }

    @Override
    public int wrapAdjustment() {
        return 0;
    }

    @Override
    public void wrap(final byte[] buffer) {
        throw fixed();
    }

    @Override
    public void wrap(final byte[] buffer, final int offset, final int length) {
        throw fixed();
    }

    @Override
    public void wrap(final ByteBuffer buffer) {
        throw fixed();
    }

    @Override
    public void wrap(final ByteBuffer buffer, final int offset, final int length) {
        throw fixed();
    }

    @Override
    public void wrap(final DirectBuffer buffer) {
        throw fixed();
    }

    @Override
    public void wrap(final DirectBuffer buffer, final int offset, final int length) {
        throw fixed();
    }

    @Override
    public void wrap(final long address, final int length) {
        throw fixed();
    }

    private static UnsupportedOperationException fixed() {
        return new UnsupportedOperationException("a MappedBuffer covers a fixed window of a mapped file; use slice()");
    }

    @Override
    public String toString() {
        return "MappedBuffer[" + mapping.file() + ", offset " + base + ", capacity " + capacity
            + (mapping.isClosed() ? ", closed" : "") + "]";
    }
}
