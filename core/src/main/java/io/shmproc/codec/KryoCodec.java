package io.shmproc.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import io.shmproc.exceptions.CodecException;
import java.io.Serializable;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * An object codec on Kryo 5: about thirty times faster than Java serialization for small objects, with an
 * encoding several times smaller (see {@code docs/design/codecs.md}). Needs Kryo on the class path of every
 * process of the pipe or queue ({@code com.esotericsoftware:kryo:5.6.2}; shmproc declares it optional).
 *
 * <p><b>What it encodes.</b> What Java serialization encodes: graphs of {@link Serializable} objects (shared
 * references and cycles kept; a non-serializable class is rejected with a {@link CodecException}), encoded
 * field by field; classes without a no-argument constructor are instantiated without one. Classes that
 * take part in Java serialization through {@code writeReplace}/{@code readResolve} (shmproc's shared handles,
 * for instance) and {@link Serializable} classes of the JDK's own {@code java.*} packages go through Java
 * serialization inside the Kryo stream, so they keep their semantics. Each message is self-contained: the class
 * names it needs travel with it, unless the classes were {@linkplain #registering registered} (then both ends
 * must register the same classes in the same order, which a codec carried by a serialized handle does).
 *
 * <p><b>Trust.</b> Like Java serialization, decoding instantiates the classes the bytes name: use it only
 * between processes that trust one another (which processes sharing a private 0700 directory do).
 *
 * <p><b>No JVM option, no warning.</b> Unless the system property {@code kryo.unsafe} is already set, loading this
 * class sets it to {@code false}, so Kryo accesses fields by reflection instead of through
 * {@code sun.misc.Unsafe}: nothing is printed on Java 24 and later (JEP 498), and nothing breaks when those
 * methods are denied.
 *
 * <p>Thread-safe: each thread gets its own Kryo instance and buffers.
 *
 * @param <T> the type of values
 */
public final class KryoCodec<T> implements Codec<T> {
    private static final long serialVersionUID = 1L;
    /** Kryo's switch for its {@code sun.misc.Unsafe} field access, read once when Kryo's {@code Util} loads. */
    static final String KRYO_UNSAFE_PROPERTY = "kryo.unsafe";

    static {
        // Kryo's Unsafe field access makes Java 24+ print a deprecation warning (JEP 498) and will be denied by
        // default later; reflection-based field access prints nothing. Set before any Kryo class initialises,
        // and only when the user did not choose.
        if (System.getProperty(KRYO_UNSAFE_PROPERTY) == null) {
            System.setProperty(KRYO_UNSAFE_PROPERTY, "false");
        }
    }

    private final List<Class<?>> registered;
    private transient volatile ThreadLocal<Local> locals;

    private KryoCodec(final List<Class<?>> registered) {
        this.registered = List.copyOf(registered);
    }

    /**
     * A codec that registers nothing: each message carries the names of its classes.
     *
     * @param <T> the type of values
     * @return the codec
     */
    public static <T> KryoCodec<T> create() {
        return new KryoCodec<>(List.of());
    }

    /**
     * A codec that registers classes up front, so that they are written as small numbers instead of names.
     *
     * @param classes the classes, in an order every process must share
     * @param <T>     the type of values
     * @return the codec
     */
    public static <T> KryoCodec<T> registering(final Class<?>... classes) {
        return new KryoCodec<>(List.of(classes));
    }

    @Override
    public int encode(final T value, final MutableDirectBuffer buffer, final int offset) {
        final Local local = local();
        final Output output = local.output;
        try {
            output.reset();
            local.kryo.writeClassAndObject(output, value);
            final int length = output.position();
            buffer.putBytes(offset, output.getBuffer(), 0, length);
            return length;
        } catch (final KryoException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new CodecException("Kryo cannot encode a " + (value == null ? "null" : value.getClass().getName())
                + ": " + e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T decode(final DirectBuffer buffer, final int offset, final int length) {
        final Local local = local();
        final Input input = local.input;
        try {
            byte[] bytes = local.bytes;
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
                local.bytes = bytes;
            }
            buffer.getBytes(offset, bytes, 0, length);
            input.setBuffer(bytes, 0, length);
            return (T) local.kryo.readClassAndObject(input);
        } catch (final KryoException | ClassCastException | IndexOutOfBoundsException e) {
            throw new CodecException("Kryo cannot decode a message of " + length + " bytes: " + e.getMessage(), e);
        }
    }

    private Local local() {
        ThreadLocal<Local> locals = this.locals;
        if (locals == null) {
            synchronized (this) {
                if (this.locals == null) {
                    this.locals = ThreadLocal.withInitial(() -> new Local(newKryo()));
                }
                locals = this.locals;
            }
        }
        return locals.get();
    }

    private Kryo newKryo() {
        final Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(true);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.setDefaultSerializer(new JavaHooksAwareFactory());
        // Ahead of Kryo's own collection and map serializers, which would otherwise take a shared handle that is a
        // List, Map or Queue (SharedList, SharedDict, the queues) field by field, skipping its writeReplace.
        kryo.addDefaultSerializer(Object.class, new HookedClassFactory());
        for (final Class<?> type : registered) {
            kryo.register(type);
        }
        return kryo;
    }

    @Override
    public String toString() {
        return "KryoCodec" + (registered.isEmpty() ? "" : registered);
    }

    /** One thread's Kryo and buffers. */
    private static final class Local {
        private final Kryo kryo;
        private final Output output = new Output(256, -1);
        private final Input input = new Input();
        private byte[] bytes = new byte[256];

        Local(final Kryo kryo) {
            this.kryo = kryo;
        }
    }

    /**
     * Java serialization for every class outside the JDK that declares one of its hooks ({@code writeReplace},
     * {@code readResolve}, {@code writeObject}, {@code readObject}): shmproc's shared handles, at any depth of a
     * value, and user classes that rely on them, even when they are collections or maps. Kryo consults it before
     * its built-in serializers; the JDK's own collections keep Kryo's fast ones.
     */
    private static final class HookedClassFactory implements SerializerFactory<Serializer<?>> {
        @Override
        @SuppressWarnings("rawtypes")
        public Serializer<?> newSerializer(final Kryo kryo, final Class type) {
            return new JavaSerializer();
        }

        @Override
        @SuppressWarnings("rawtypes")
        public boolean isSupported(final Class type) {
            return !JavaHooksAwareFactory.isJdk(type) && JavaHooksAwareFactory.needsJavaSerialization(type);
        }
    }

    /** Field-by-field serialization, except for classes that need Java serialization's own hooks. */
    private static final class JavaHooksAwareFactory implements SerializerFactory<Serializer<?>> {
        @Override
        @SuppressWarnings("rawtypes")
        public Serializer<?> newSerializer(final Kryo kryo, final Class type) {
            if (!Serializable.class.isAssignableFrom(type) && !type.isArray()) {
                throw new KryoException(type.getName() + " is not Serializable; KryoCodec keeps Java serialization's"
                    + " contract: make it Serializable or give the pipe or queue a Codec for it");
            }
            if (needsJavaSerialization(type)) {
                return new JavaSerializer();
            }
            return new FieldSerializer<>(kryo, type);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public boolean isSupported(final Class type) {
            return true;
        }

        static boolean isJdk(final Class<?> type) {
            return type.getName().startsWith("java.") || type.getName().startsWith("javax.");
        }

        static boolean needsJavaSerialization(final Class<?> type) {
            if (!Serializable.class.isAssignableFrom(type)) {
                return false;
            }
            if (isJdk(type)) {
                return true;
            }
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (final String hook : new String[] {"writeReplace", "readResolve", "writeObject", "readObject"}) {
                    for (final java.lang.reflect.Method method : c.getDeclaredMethods()) {
                        if (method.getName().equals(hook)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }
    }
}
