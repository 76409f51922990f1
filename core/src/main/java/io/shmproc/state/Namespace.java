package io.shmproc.state;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Named fields shared by every process that attaches to it, Python's {@code Manager().Namespace()}: where Python
 * writes {@code ns.x = 1} and {@code ns.x}, Java writes {@code ns.set("x", 1)} and {@code ns.get("x")}.
 *
 * <p>A namespace is a {@link SharedDict} of field name to value (values through the default object codec,
 * {@code null} allowed as Python's {@code None}), so it has the dict's guarantees: each {@code set} and
 * {@code delete} is atomic across processes and visible to every process once it returns, reads never lock, a
 * process killed mid-update leaves every field old or new. As with Python's namespace proxy, a value is a copy:
 * mutating an object read from a field changes nothing until it is {@code set} again. Compound updates
 * ({@code x = x + 1}) are not atomic; use {@link #update} or a lock.
 *
 * <pre>{@code
 * Namespace ns = mp.namespace("config");     // Python: ns = manager.Namespace()
 * ns.set("x", 10);                           // ns.x = 10
 * ns.set("label", "run-1");                  // ns.label = 'run-1'
 * long x = ns.getLong("x");                  // ns.x
 * System.out.println(ns);                    // Namespace(label='run-1', x=10)
 * }</pre>
 *
 * <p>The handle is serializable: captured by a child's lambda, it re-attaches there.
 */
public interface Namespace extends AutoCloseable, Serializable {
    /**
     * Creates the namespace, or attaches to it when its directory exists.
     *
     * @param directory the namespace's directory
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when it exists but is damaged or not a dict
     */
    static Namespace open(final Path directory) {
        return LocalNamespace.open(directory);
    }

    /**
     * Attaches to an existing namespace.
     *
     * @param directory the namespace's directory
     * @return the handle
     * @throws io.shmproc.exceptions.RegionException when it is missing, damaged or not a dict
     */
    static Namespace attach(final Path directory) {
        return LocalNamespace.attach(directory);
    }

    /**
     * Sets a field (Python's {@code ns.name = value}).
     *
     * @param name  the field name, not empty
     * @param value its value, {@code null} for Python's {@code None}
     * @throws io.shmproc.exceptions.CodecException when the value cannot be encoded (nothing changes)
     */
    void set(final String name, final Object value);

    /**
     * The value of a field (Python's {@code ns.name}).
     *
     * @param name the field name
     * @return its value, {@code null} when it holds {@code None}
     * @throws NoSuchElementException when no such field is set (Python's {@code AttributeError})
     */
    Object get(final String name);

    /**
     * The value of a field, or a default when it is not set (Python's {@code getattr(ns, name, default)}).
     *
     * @param name         the field name
     * @param defaultValue returned when the field is not set
     * @return the value or the default
     */
    Object get(final String name, final Object defaultValue);

    /**
     * The value of a field as a type.
     *
     * @param name the field name
     * @param type the expected type
     * @param <T>  the type
     * @return the value, or {@code null} for {@code None}
     * @throws NoSuchElementException when no such field is set
     * @throws ClassCastException when the field holds another type, naming it
     */
    default <T> T get(final String name, final Class<T> type) {
        final Object value = get(name);
        if (value != null && !type.isInstance(value)) {
            throw new ClassCastException("Namespace field '" + name + "' holds a " + value.getClass().getName()
                + " (" + value + "), not a " + type.getName());
        }
        return type.cast(value);
    }

    /**
     * An integral field as a {@code long} (a {@code Long}, {@code Integer}, {@code Short} or {@code Byte}).
     *
     * @param name the field name
     * @return the value
     * @throws NoSuchElementException when no such field is set
     * @throws ClassCastException when it holds something else or {@code None}
     */
    default long getLong(final String name) {
        final Object value = get(name);
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw wrongType(name, value, "an integer");
    }

    /**
     * An integral field as an {@code int}.
     *
     * @param name the field name
     * @return the value
     * @throws NoSuchElementException when no such field is set
     * @throws ClassCastException when it holds something else, {@code None}, or a long out of int range
     */
    default int getInt(final String name) {
        final long value = getLong(name);
        if (value != (int) value) {
            throw new ClassCastException("Namespace field '" + name + "' holds " + value + ", out of int range");
        }
        return (int) value;
    }

    /**
     * A numeric field as a {@code double}.
     *
     * @param name the field name
     * @return the value
     * @throws NoSuchElementException when no such field is set
     * @throws ClassCastException when it holds something other than a number
     */
    default double getDouble(final String name) {
        final Object value = get(name);
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        throw wrongType(name, value, "a number");
    }

    /**
     * A boolean field.
     *
     * @param name the field name
     * @return the value
     * @throws NoSuchElementException when no such field is set
     * @throws ClassCastException when it holds something other than a Boolean
     */
    default boolean getBoolean(final String name) {
        final Object value = get(name);
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        throw wrongType(name, value, "a boolean");
    }

    /**
     * A string field.
     *
     * @param name the field name
     * @return the value, or {@code null} for {@code None}
     * @throws NoSuchElementException when no such field is set
     * @throws ClassCastException when it holds something other than a String
     */
    default String getString(final String name) {
        return get(name, String.class);
    }

    /**
     * Whether a field is set (Python's {@code hasattr(ns, name)}).
     *
     * @param name the field name
     * @return {@code true} when set, even to {@code None}
     */
    boolean has(final String name);

    /**
     * Removes a field (Python's {@code del ns.name}).
     *
     * @param name the field name
     * @return {@code true} when it was set
     */
    boolean delete(final String name);

    /**
     * Replaces a field by a function of its value, atomically across processes (the function runs under the
     * namespace's writer lock: keep it short). The value passed is {@code null} when the field is unset; a
     * {@code null} result removes the field.
     *
     * @param name     the field name
     * @param function computes the new value
     * @return the new value
     */
    Object update(final String name, final java.util.function.UnaryOperator<Object> function);

    /**
     * The fields and their values now, in the order they were first set (Python's {@code vars(ns)}).
     *
     * @return a new map
     */
    Map<String, Object> fields();

    /**
     * The dict underneath, for map-style access to the same fields.
     *
     * @return the dict (null values allowed)
     */
    SharedDict<String, Object> asDict();

    /**
     * The directory holding the namespace's files.
     *
     * @return its path
     */
    Path directory();

    void close();

    /**
     * Removes the namespace's files so no new process can attach.
     *
     * @return {@code true} if its directory existed
     */
    boolean unlink();

    private static ClassCastException wrongType(final String name, final Object value, final String expected) {
        return new ClassCastException("Namespace field '" + name + "' holds "
            + (value == null ? "None (null)" : "a " + value.getClass().getName() + " (" + value + ")")
            + ", not " + expected);
    }
}
