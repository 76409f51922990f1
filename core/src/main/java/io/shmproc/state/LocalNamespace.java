package io.shmproc.state;

import io.shmproc.codec.Codecs;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The local implementation of {@link Namespace}: see there for what it guarantees.
 */
final class LocalNamespace implements Namespace {
    private static final long serialVersionUID = 1L;

    private final transient SharedDict<String, Object> fields;

    LocalNamespace(final SharedDict<String, Object> fields) {
        this.fields = fields;
    }

    private static DictOptions<String, Object> options() {
        return DictOptions.<String, Object>of(Codecs.string(), Codecs.object()).allowNullValues();
    }

    public static Namespace open(final Path directory) {
        return new LocalNamespace(SharedDict.open(directory, options()));
    }

    public static Namespace attach(final Path directory) {
        return new LocalNamespace(SharedDict.attach(directory, options()));
    }

    private static String check(final String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a Namespace field name must not be empty");
        }
        return name;
    }

    @Override
    public void set(final String name, final Object value) {
        fields.set(check(name), value);
    }

    @Override
    public Object get(final String name) {
        final Object value = fields.get(check(name));
        if (value == null && !fields.containsKey(name)) {
            throw new NoSuchElementException("Namespace has no field '" + name + "'; fields: " + fields.keySet());
        }
        return value;
    }

    @Override
    public Object get(final String name, final Object defaultValue) {
        return fields.getOrDefault(check(name), defaultValue);
    }

    @Override
    public boolean has(final String name) {
        return fields.containsKey(check(name));
    }

    @Override
    public boolean delete(final String name) {
        check(name);
        final boolean present = fields.containsKey(name);
        fields.remove(name);
        return present;
    }

    @Override
    public Object update(final String name, final java.util.function.UnaryOperator<Object> function) {
        Objects.requireNonNull(function, "function");
        return fields.compute(check(name), (k, v) -> function.apply(v));
    }

    @Override
    public Map<String, Object> fields() {
        final Map<String, Object> copy = new LinkedHashMap<>();
        for (final Map.Entry<String, Object> e : fields.entrySet()) {
            copy.put(e.getKey(), e.getValue());
        }
        return copy;
    }

    @Override
    public SharedDict<String, Object> asDict() {
        return fields;
    }

    @Override
    public Path directory() {
        return fields.directory();
    }

    /** Releases this process's handle; other processes keep the namespace. Idempotent. */
    @Override
    public void close() {
        fields.close();
    }

    @Override
    public boolean unlink() {
        return fields.unlink();
    }

    /**
     * Python's representation: {@code Namespace(x=1, label='run-1')}, fields sorted by name, names starting with
     * {@code _} left out, strings quoted, {@code null} as {@code None}, booleans as {@code True}/{@code False}.
     *
     * @return the representation
     */
    @Override
    public String toString() {
        final List<String> parts = new ArrayList<>();
        for (final Map.Entry<String, Object> e : fields().entrySet()) {
            if (!e.getKey().startsWith("_")) {
                parts.add(e.getKey() + "=" + repr(e.getValue()));
            }
        }
        parts.sort(null);
        return "Namespace(" + String.join(", ", parts) + ")";
    }

    private static String repr(final Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean) {
            return (Boolean) value ? "True" : "False";
        }
        if (value instanceof CharSequence) {
            return "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        return value.toString();
    }

    private Object writeReplace() {
        return new Ref(fields.directory());
    }

    /** The serialized form: the directory; the receiver re-attaches. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String directory;

        Ref(final Path directory) {
            this.directory = directory.toString();
        }

        private Object readResolve() {
            return attach(Path.of(directory));
        }
    }
}
