package io.shmproc.sync;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.Path;

/**
 * A local lock, reentrant lock, semaphore, bounded semaphore or event handle written without Java serialization,
 * for the process layer: a child's target that captures one (Python's {@code Process(target=f, args=(lock,))})
 * then reaches the child in a form it reads without an {@code ObjectInputStream}, whose first use cost a cold child
 * 8-13 ms of its start (measured). Conditions and barriers travel Java-serialized, as before.
 *
 * <pre>
 *   byte type (SyncType ordinal)  UTF file  byte wait strategy (ordinal)  long maxParkMicros
 *   long livenessCheckMillis  int maxWaiters
 * </pre>
 *
 * <p>Across processes: the receiving process attaches the same file with the same options, exactly as the
 * handle's Java-serialized form does.
 *
 * <p>Under crashes: the form holds nothing open; a process that reads it after the file was removed (its context
 * reclaimed once every process using it died) gets the attach's {@code RegionException}, as with the serialized
 * form.
 */
public final class SyncHandleForm {
    private static final SyncType[] TYPES = SyncType.values();
    private static final WaitStrategy[] STRATEGIES = WaitStrategy.values();

    private SyncHandleForm() {
    }

    /**
     * Whether a value is a local sync handle with this form.
     *
     * @param value any value
     * @return {@code true} for a local lock, reentrant lock, semaphore, bounded semaphore or event
     */
    public static boolean applies(final Object value) {
        return value instanceof SyncHandle && SyncHandle.attachable(((SyncHandle) value).region().type());
    }

    /**
     * Writes a handle's form.
     *
     * @param out   where to write
     * @param value a handle for which {@link #applies} is {@code true}
     * @throws IOException              when the stream fails
     * @throws IllegalArgumentException when the form does not apply to the value
     */
    public static void write(final DataOutputStream out, final Object value) throws IOException {
        if (!applies(value)) {
            throw new IllegalArgumentException(value + " has no sync handle form; check applies() first");
        }
        final SyncHandle handle = (SyncHandle) value;
        final SyncOptions options = handle.options();
        out.writeByte(handle.region().type().ordinal());
        out.writeUTF(handle.file().toString());
        out.writeByte(options.waitStrategy().ordinal());
        out.writeLong(options.maxParkMicros());
        out.writeLong(options.livenessCheckMillis());
        out.writeInt(options.maxWaiters());
    }

    /**
     * Reads a handle's form and attaches the primitive, as the handle's Java-serialized form does.
     *
     * @param in where to read
     * @return the handle
     * @throws IOException when the stream fails or holds no such form
     * @throws io.shmproc.exceptions.RegionException when the primitive's file cannot be attached
     */
    public static Object read(final DataInputStream in) throws IOException {
        final int type = in.readByte();
        final String file = in.readUTF();
        final int strategy = in.readByte();
        final long maxParkMicros = in.readLong();
        final long livenessCheckMillis = in.readLong();
        final int maxWaiters = in.readInt();
        if (type < 0 || type >= TYPES.length || !SyncHandle.attachable(TYPES[type]) || strategy < 0
            || strategy >= STRATEGIES.length) {
            throw new StreamCorruptedException("a sync handle form with type " + type + " and wait strategy "
                + strategy + " is corrupt");
        }
        return SyncHandle.attach(TYPES[type], Path.of(file), SyncOptions.defaults().waitStrategy(STRATEGIES[strategy])
            .maxParkMicros(maxParkMicros).livenessCheckMillis(livenessCheckMillis).maxWaiters(maxWaiters));
    }
}
