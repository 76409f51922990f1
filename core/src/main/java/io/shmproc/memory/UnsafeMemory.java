package io.shmproc.memory;

import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fast path under {@link MappedBuffer} on Java 17 to 23: {@code sun.misc.Unsafe} from the
 * {@code jdk.unsupported} module, which every JDK opens to class-path code, so it needs no JVM option and prints
 * no warning there. A mapped buffer checks every index against its window itself and then accesses
 * {@code address + index} directly, which saves the view var handle's per-access checks of the byte buffer
 * (about 0.5 ns an access, a third of a ring's write and read).
 *
 * <p>Off from Java 24 on, where the JDK warns at the first use of {@code sun.misc.Unsafe}'s memory access
 * (JEP 498): there, and when {@code -Dshmproc.memory.unsafe=false} is given or the self-test below fails, mapped
 * buffers use {@link java.lang.invoke.MethodHandles#byteBufferViewVarHandle view var handles} only. Both paths
 * have the same contract; the contract tests run against each.
 *
 * <p>Faults: a read of a page lost to a truncated file raises the JVM's {@link InternalError} on both paths,
 * and the buffer turns it into a {@code CorruptRegionException}.
 */
final class UnsafeMemory {
    /** The property that turns the fast path off ({@code false}). */
    static final String FAST_PATH_PROPERTY = "shmproc.memory.unsafe";
    /** First Java feature release on which the fast path is off (JEP 498 warns there). */
    static final int FIRST_WARNING_RELEASE = 24;

    /** The instance, or {@code null} when the fast path is off. */
    @SuppressWarnings("removal")
    static final sun.misc.Unsafe U;
    /** Whether mapped buffers take the fast path: a constant the JIT folds. */
    static final boolean ON;
    /** Offset of a {@code byte[]}'s first element. */
    static final long BYTE_ARRAY_BASE;
    private static final long ADDRESS_FIELD;

    static {
        sun.misc.Unsafe unsafe = null;
        long addressField = -1;
        long byteBase = 0;
        if (Runtime.version().feature() < FIRST_WARNING_RELEASE
            && !"false".equals(System.getProperty(FAST_PATH_PROPERTY))) {
            try {
                final Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                unsafe = (sun.misc.Unsafe) field.get(null);
                addressField = unsafe.objectFieldOffset(Buffer.class.getDeclaredField("address"));
                byteBase = unsafe.arrayBaseOffset(byte[].class);
                if (!selfTest(unsafe, addressField)) {
                    unsafe = null;
                }
            } catch (final ReflectiveOperationException | RuntimeException | LinkageError e) {
                unsafe = null;
            }
        }
        U = unsafe;
        ON = unsafe != null;
        ADDRESS_FIELD = addressField;
        BYTE_ARRAY_BASE = byteBase;
    }

    private UnsafeMemory() {
    }

    /** Writes through a byte buffer and reads back at the address found: the layout is what is assumed. */
    private static boolean selfTest(final sun.misc.Unsafe unsafe, final long addressField) {
        final ByteBuffer probe = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        probe.putLong(8, 0x0123_4567_89ab_cdefL);
        final long address = unsafe.getLong(probe, addressField);
        final boolean same = address != 0 && unsafe.getLong(null, address + 8) == 0x0123_4567_89ab_cdefL;
        Reference.reachabilityFence(probe);
        return same;
    }

    /**
     * The address of a direct buffer's first byte.
     *
     * @param direct a direct buffer
     * @return its address, valid while the buffer (its mapping) lives
     */
    static long address(final ByteBuffer direct) {
        return U.getLong(direct, ADDRESS_FIELD);
    }
}
