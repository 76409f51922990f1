package io.shmproc.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Unmaps a {@link MappedByteBuffer} at once instead of when the garbage collector finds it, so that the pages
 * of a deleted file on tmpfs are freed and the mapping leaves {@code /proc/self/maps} as soon as its region
 * closes.
 *
 * <p>How: {@code sun.misc.Unsafe.invokeCleaner(ByteBuffer)} from module {@code jdk.unsupported}, which every JDK
 * from 9 on exports and opens to all code, so no JVM option is needed (Java 17 to 23). Java 24 and later print a
 * deprecation warning when it is called (JEP 498), so there the mapping is left to the garbage collector, as
 * before, except that there files are mapped into arenas ({@link ArenaMapper}) whose closing unmaps them.
 *
 * <p><b>Safety.</b> The caller first makes every {@link MappedBuffer} over the mapping point at an empty buffer;
 * a thread that reads the buffer's field afterwards fails with {@code ClosedException}. A thread that read the
 * field just before and has not yet made its access must not touch the memory after it is unmapped, so the
 * memory is released by a daemon thread a grace period after a global safepoint
 * ({@link Thread#getAllStackTraces()}). Compiled code has no safepoint poll between loading a buffer's field and
 * the inlined {@code VarHandle} access that uses it, so once the safepoint is over every such access has
 * completed; an accessor running in the interpreter (or in partly inlined code) can be stopped between the two,
 * and the grace period lets it finish. The window that remains: a thread paused longer than the grace period
 * exactly between loading the field and the access, in interpreted code, while another thread of the same JVM
 * closes the handle it uses (a bug in the program); it would then touch the unmapped page (a {@code SIGSEGV}).
 */
final class Unmapper {
    /** How long a closed mapping stays mapped (invalidated) before it is released. */
    static final long GRACE_MILLIS = 20;
    /** The first Java release that prints a warning when {@code sun.misc.Unsafe.invokeCleaner} is called. */
    private static final int WARNING_FEATURE = 24;
    private static final MethodHandle INVOKE_CLEANER = findInvokeCleaner();
    private static final ScheduledExecutorService REAPER = Executors.newSingleThreadScheduledExecutor(task -> {
        final Thread thread = new Thread(task, "shmproc-unmapper");
        thread.setDaemon(true);
        return thread;
    });

    private Unmapper() {
    }

    private static MethodHandle findInvokeCleaner() {
        if (Runtime.version().feature() >= WARNING_FEATURE) {
            return null; // Java 24+ warns about invokeCleaner (JEP 498): leave unmapping to the garbage collector
        }
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
     * Unmaps {@code mapped}, whose buffers were invalidated, on a daemon thread (so {@code close()} does not wait
     * for it): after {@link #GRACE_MILLIS} ms a global safepoint, and {@link #GRACE_MILLIS} ms after it the unmap.
     *
     * @param mapped the whole mapping (not a slice)
     */
    static void unmap(final MappedByteBuffer mapped) {
        if (INVOKE_CLEANER == null || mapped == null) {
            return;
        }
        REAPER.schedule(() -> {
            // a global safepoint: every compiled access that loaded the old buffer has completed after it, and
            // an interpreted one stopped by it between the load and the access resumes and completes in the
            // grace period that follows
            Thread.getAllStackTraces();
            REAPER.schedule(() -> unmapNow(mapped), GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }, GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void unmapNow(final MappedByteBuffer mapped) {
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) mapped);
        } catch (final Throwable e) {
            // an already-freed buffer: nothing left to release
            return;
        }
    }

    /**
     * Runs a task on the unmapper's daemon thread after a delay.
     *
     * @param task         the task
     * @param delayMillis  the delay in milliseconds
     */
    static void later(final Runnable task, final long delayMillis) {
        REAPER.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until every mapping closed before this call is unmapped (for tests and for callers that must see
     * the memory freed, such as a context's {@code close()}).
     */
    static void awaitUnmapped() {
        try {
            // the same two steps as unmap(): the second runs after every unmap scheduled before this call
            final CompletableFuture<Void> done = new CompletableFuture<>();
            REAPER.schedule(() -> REAPER.schedule(() -> done.complete(null), GRACE_MILLIS + 1, TimeUnit.MILLISECONDS),
                GRACE_MILLIS + 1, TimeUnit.MILLISECONDS);
            done.get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final java.util.concurrent.ExecutionException e) {
            return;
        }
    }
}
