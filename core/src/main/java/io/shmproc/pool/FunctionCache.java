package io.shmproc.pool;

import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.CodecException;
import io.shmproc.memory.ArrayBuffer;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The parent's cache of serialized task functions, keyed by the identity of the user's function object, so that
 * a function used for many tasks is serialized once and sent to each worker once. Ids are never reused; when the
 * cache is full it is emptied (workers are then told to forget theirs).
 *
 * <p>Thread-safe: submitting threads share it.
 */
final class FunctionCache {
    static final int MAX_ENTRIES = 4096;

    private final Map<Object, Fn> byFunction = new IdentityHashMap<>();
    private final int maxLength;
    private int nextId = 1;
    private int epoch;

    FunctionCache(final int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * One serialized function: its id, and {@code int originLength | origin (UTF-8) | the Java-serialized
     * {@link Invoker}}, where the origin is the class it comes from ({@link #origin}).
     */
    static final class Fn {
        final int id;
        final byte[] bytes;
        final int arity;

        Fn(final int id, final byte[] bytes, final int arity) {
            this.id = id;
            this.bytes = bytes;
            this.arity = arity;
        }
    }

    /**
     * The serialized form of a function.
     *
     * @param function the user's function (the identity key)
     * @param invoker  its invoker, serialized on a miss
     * @return the entry
     * @throws IllegalArgumentException when the function cannot be serialized or is too large
     */
    Fn lookup(final Object function, final Invoker invoker) {
        synchronized (this) {
            final Fn known = byFunction.get(function);
            if (known != null) {
                return known;
            }
        }
        final byte[] bytes = serialize(function, invoker);
        synchronized (this) {
            if (byFunction.size() >= MAX_ENTRIES) {
                byFunction.clear();
                epoch++;
            }
            final Fn fn = new Fn(nextId++, bytes, invoker.arity());
            byFunction.put(function, fn);
            return fn;
        }
    }

    /**
     * How many times the cache was emptied.
     *
     * @return the count
     */
    synchronized int epoch() {
        return epoch;
    }

    /**
     * The class a function comes from, for a worker's message when it cannot load it: a lambda's defining class.
     *
     * @param function the user's function
     * @return a class name
     */
    static String origin(final Object function) {
        final String name = function.getClass().getName();
        final int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? name.substring(0, lambda) : name;
    }

    private byte[] serialize(final Object function, final Invoker invoker) {
        final byte[] origin = origin(function).getBytes(StandardCharsets.UTF_8);
        final byte[] standard = javaForm(function, invoker);
        final LambdaInvoker direct = LambdaInvoker.of(function, invoker.arity(), standard);
        if (direct != null) {
            try {
                final byte[] both = javaForm(function, direct);
                if (fits(origin, both)) {
                    return message(origin, both);
                }
            } catch (final IllegalArgumentException e) {
                // the usual form alone, as below
            }
            // the two forms together are too large for a message: the usual one alone
        }
        if (!fits(origin, standard)) {
            throw new IllegalArgumentException("task " + function + " serializes to "
                + (Integer.BYTES + origin.length + standard.length) + " bytes, more than the " + maxLength
                + " bytes a pool message can hold; capture less, or raise PoolOptions.ringCapacity");
        }
        return message(origin, standard);
    }

    /** The invoker, Java-serialized. */
    private static byte[] javaForm(final Object function, final Invoker invoker) {
        final ArrayBuffer buffer = ArrayBuffer.growable(256);
        final int length;
        try {
            length = Codecs.javaSerialization().encode(invoker, buffer, 0);
        } catch (final CodecException e) {
            throw new IllegalArgumentException("task " + function + " cannot be sent to a worker: it (or what it"
                + " captures) is not serializable; use a lambda typed as a Serializable* interface, and capture only"
                + " serializable values", e);
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** Whether a DEFINE record of this origin and invoker (and its function id) fits in a pool message. */
    private boolean fits(final byte[] origin, final byte[] form) {
        return Integer.BYTES + origin.length + form.length + Integer.BYTES <= maxLength;
    }

    /** {@code int originLength | origin | the serialized invoker}. */
    private static byte[] message(final byte[] origin, final byte[] form) {
        final byte[] message = new byte[Integer.BYTES + origin.length + form.length];
        final ArrayBuffer buffer = ArrayBuffer.wrapping(message);
        buffer.putInt(0, origin.length, PoolProtocol.ORDER);
        buffer.putBytes(Integer.BYTES, origin);
        buffer.putBytes(Integer.BYTES + origin.length, form);
        return message;
    }
}
