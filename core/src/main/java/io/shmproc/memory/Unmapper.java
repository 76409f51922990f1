package io.shmproc.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;

/**
 * Unmaps a {@link MappedByteBuffer} at once instead of when the garbage collector finds it, so that the pages
 * of a deleted file on tmpfs are freed and the mapping leaves {@code /proc/self/maps} as soon as its region
 * closes.
 *
 * <p>How: {@code sun.misc.Unsafe.invokeCleaner(ByteBuffer)} from module {@code jdk.unsupported}, which every JDK
 * from 9 on exports and opens to all code, so no JVM option is needed; it is not one of the memory-access
 * methods that JEP 471/498 deprecate, and prints nothing on Java 24 and 25. If it is missing (a future JDK), the
 * mapping is left to the garbage collector, as before.
 *
 * <p><b>Safety.</b> The caller first makes every {@link MappedBuffer} over the mapping point at an empty buffer;
 * a thread that reads the buffer's field afterwards fails with {@code ClosedException}. A thread that read the
 * field just before and has not yet made its access must not touch the memory after it is unmapped: before
 * unmapping, this class brings the JVM to a global safepoint ({@link Thread#getAllStackTraces()}). Compiled code
 * has no safepoint poll between loading a buffer's field and the access that uses it (the {@code VarHandle}
 * access is inlined), so once the safepoint is over every such access has completed. The window that remains:
 * a thread that runs the accessor in the interpreter, or in compiled code where the VarHandle call was not
 * inlined, can be stopped at that safepoint between the load and the access and then touch the unmapped
 * memory (a {@code SIGSEGV}). It needs a thread of the same JVM to use a handle while another thread closes it,
 * which is a bug in the program; in such a program the window is a few bytecodes wide on a cold path.
 */
final class Unmapper {
    private static final MethodHandle INVOKE_CLEANER = findInvokeCleaner();

    private Unmapper() {
    }

    private static MethodHandle findInvokeCleaner() {
        try {
            final Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            final Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            final Object unsafe = theUnsafe.get(null);
            return MethodHandles.lookup()
                .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                .bindTo(unsafe);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether this JDK lets shmproc unmap at once.
     *
     * @return {@code false} when unmapping is left to the garbage collector
     */
    static boolean isAvailable() {
        return INVOKE_CLEANER != null;
    }

    /**
     * Unmaps {@code mapped}, whose buffers were invalidated, after a global safepoint.
     *
     * @param mapped the whole mapping (not a slice)
     */
    static void unmap(final MappedByteBuffer mapped) {
        if (INVOKE_CLEANER == null || mapped == null) {
            return;
        }
        // a global safepoint: every compiled access that loaded the old buffer has completed after it
        Thread.getAllStackTraces();
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) mapped);
        } catch (final Throwable e) {
            // a slice or an already-freed buffer: leave it to the garbage collector
            return;
        }
    }
}
