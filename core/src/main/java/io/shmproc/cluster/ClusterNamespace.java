package io.shmproc.cluster;

import java.io.NotSerializableException;
import io.shmproc.codec.Codecs;
import io.shmproc.state.DictOptions;
import io.shmproc.state.Namespace;
import io.shmproc.state.SharedDict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A {@link Namespace} served by the cluster: a {@link ClusterDict} of field name ({@link Codecs#string()}) to value
 * ({@link Codecs#object()}, {@code null} allowed), named by the namespace's name, exactly as the local namespace
 * is a dict of the same codecs.
 *
 * <p>{@code set}, {@code get}, {@code has} and {@code delete} are one command each, atomic across every client.
 * {@link #update} is the dict's {@code compute}: a CAS loop, so unlike the local namespace (whose function runs
 * once under the writer lock) <b>the function may run more than once</b> when others update the field meanwhile.
 * {@link #directory()} throws {@link UnsupportedOperationException}.
 */
final class ClusterNamespace implements Namespace {
    private static final long serialVersionUID = 1L;
    /** What {@code getOrDefault} answers for a field that is not set, told apart from a field set to null. */
    private static final Object ABSENT = new Object();

    private final transient ClusterDict<String, Object> fields;

    private ClusterNamespace(final ClusterDict<String, Object> fields) {
        this.fields = fields;
    }

    /**
     * A handle on the namespace of this name; the service creates its dict on first use. Sends nothing.
     *
     * @param ops  the session
     * @param name the namespace's name (its dict's name)
     * @return the handle
     */
    static ClusterNamespace open(final ClusterOps ops, final String name) {
        return new ClusterNamespace(ClusterDict.open(ops, name,
            DictOptions.<String, Object>of(Codecs.string(), Codecs.object()).allowNullValues()));
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
        final Object value = fields.getOrDefault(check(name), ABSENT);
        if (value == ABSENT) {
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
        return fields.removeKey(check(name));
    }

    @Override
    public Object update(final String name, final UnaryOperator<Object> function) {
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

    /**
     * A cluster namespace has no directory.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Path directory() {
        return fields.directory();
    }

    /** Closes this handle; the namespace stays in the cluster. */
    @Override
    public void close() {
        fields.close();
    }

    @Override
    public boolean unlink() {
        return fields.unlink();
    }

    /**
     * A namespace is written as its cluster's address and name ({@link ClusterRef}).
     *
     * @return the form to write
     * @throws NotSerializableException when the context is closed
     */
    private Object writeReplace() throws NotSerializableException {
        final String namespaceName = fields.dictName();
        return ClusterRef.of(fields.session(), mp -> mp.namespace(namespaceName));
    }

    /**
     * Python's representation, as the local namespace gives it: {@code Namespace(x=1, label='run-1')}, fields
     * sorted by name, names starting with {@code _} left out, strings quoted, {@code null} as {@code None},
     * booleans as {@code True}/{@code False}.
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
}
