package io.shmproc.state;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A local shared value or array handle ({@code SharedInt}, {@code SharedLongArray}, ...) written without Java
 * serialization, for the process layer: a child's target that captures one (Python's
 * {@code Process(target=f, args=(value, array))}) then reaches the child in a form it reads without an
 * {@code ObjectInputStream}, whose first use cost a cold child 8-13 ms of its start (measured).
 *
 * <pre>
 *   UTF file
 * </pre>
 *
 * <p>Across processes: the receiving process attaches the same file, exactly as the handle's Java-serialized form
 * does; the file's layout names the value's type and shape.
 *
 * <p>Under crashes: the form holds nothing open; a process that reads it after the file was removed (its context
 * reclaimed once every process using it died) gets the attach's {@code RegionException}, as with the serialized
 * form.
 */
public final class ValueHandleForm {
    private ValueHandleForm() {
    }

    /**
     * Whether a value is a local shared value or array handle.
     *
     * @param value any value
     * @return {@code true} for a local shared value or array
     */
    public static boolean applies(final Object value) {
        return value instanceof LocalValueHandle;
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
            throw new IllegalArgumentException(value + " has no shared value form; check applies() first");
        }
        out.writeUTF(((LocalValueHandle) value).file().toString());
    }

    /**
     * Reads a handle's form and attaches the value, as the handle's Java-serialized form does.
     *
     * @param in where to read
     * @return the handle, of the class the file's layout names
     * @throws IOException when the stream fails
     * @throws io.shmproc.exceptions.RegionException when the file cannot be attached or holds no known value
     */
    public static Object read(final DataInputStream in) throws IOException {
        return ValueRegion.reattach(Path.of(in.readUTF()));
    }
}
