package io.shmproc.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Maps files into a shared {@code java.lang.foreign.Arena} on Java 22 and later where the
 * {@link UnsafeMemory} fast path is off (Java 24+, or {@code -Dshmproc.memory.unsafe=false}): closing the arena
 * unmaps at once, and safely, since every access through the mapping's byte buffer checks the arena first and a
 * closed arena fails the access with {@link IllegalStateException} instead of touching freed memory. It is how
 * shmproc frees a closed context's pages on releases where {@code sun.misc.Unsafe.invokeCleaner} warns
 * (JEP 498), without a JVM option and without compiling against Java 22: the few methods are looked up once.
 *
 * <p>Elsewhere (Java 17 to 23 with the fast path) files are mapped with {@code FileChannel.map} and unmapped by
 * {@link Unmapper}.
 */
final class ArenaMapper {
    /** The first release with the final foreign-memory API ({@code FileChannel.map(..., Arena)}). */
    static final int FIRST_RELEASE = 22;
    private static final MethodHandle OF_SHARED;
    private static final MethodHandle MAP;
    private static final MethodHandle AS_BYTE_BUFFER;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle ofShared = null;
        MethodHandle map = null;
        MethodHandle asByteBuffer = null;
        MethodHandle close = null;
        if (!UnsafeMemory.ON && Runtime.version().feature() >= FIRST_RELEASE) {
            try {
                final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                final Class<?> arena = Class.forName("java.lang.foreign.Arena");
                final Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofShared = lookup.findStatic(arena, "ofShared", MethodType.methodType(arena))
                    .asType(MethodType.methodType(Object.class));
                map = lookup.findVirtual(FileChannel.class, "map", MethodType.methodType(segment,
                    FileChannel.MapMode.class, long.class, long.class, arena))
                    .asType(MethodType.methodType(Object.class, FileChannel.class, FileChannel.MapMode.class,
                        long.class, long.class, Object.class));
                asByteBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class))
                    .asType(MethodType.methodType(ByteBuffer.class, Object.class));
                close = lookup.findVirtual(arena, "close", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            } catch (final ReflectiveOperationException | RuntimeException e) {
                ofShared = null;
            }
        }
        OF_SHARED = ofShared;
        MAP = map;
        AS_BYTE_BUFFER = asByteBuffer;
        CLOSE = close;
    }

    private ArenaMapper() {
    }

    /**
     * Whether files are mapped into arenas here.
     *
     * @return {@code true} on Java 22+ with the fast path off
     */
    static boolean isOn() {
        return OF_SHARED != null;
    }

    /**
     * Opens a shared arena.
     *
     * @return the arena, to pass to {@link #map} and {@link #close}
     */
    static Object openArena() {
        try {
            return (Object) OF_SHARED.invokeExact();
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable e) {
            throw new IllegalStateException("cannot open a shared arena", e);
        }
    }

    /**
     * Maps {@code length} bytes of a file from its start into {@code arena}, read-write.
     *
     * @param channel the open file
     * @param length  the bytes to map
     * @param arena   from {@link #openArena()}
     * @return a buffer over the mapping, valid until the arena closes
     * @throws java.io.IOException as {@code FileChannel.map}
     */
    static MappedByteBuffer map(final FileChannel channel, final long length, final Object arena)
        throws java.io.IOException {
        try {
            final Object segment = (Object) MAP.invokeExact(channel, FileChannel.MapMode.READ_WRITE, 0L, length,
                arena);
            return (MappedByteBuffer) (ByteBuffer) AS_BYTE_BUFFER.invokeExact(segment);
        } catch (final java.io.IOException | RuntimeException | Error e) {
            throw e;
        } catch (final Throwable e) {
            throw new IllegalStateException("cannot map a file into an arena", e);
        }
    }

    /**
     * Closes an arena, unmapping its files at once; a thread still inside an access to it fails that access.
     *
     * @param arena from {@link #openArena()}
     * @return {@code false} when the arena could not be closed now (a thread held it); try again later
     */
    static boolean close(final Object arena) {
        try {
            CLOSE.invokeExact(arena);
            return true;
        } catch (final IllegalStateException e) {
            return false;
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable e) {
            return false;
        }
    }
}
