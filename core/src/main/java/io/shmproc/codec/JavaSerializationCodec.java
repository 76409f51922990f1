package io.shmproc.codec;

import io.shmproc.exceptions.CodecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.io.DirectBufferInputStream;
import org.agrona.io.ExpandableDirectBufferOutputStream;

/**
 * Java serialization straight into and out of Agrona buffers. Classes resolve through the thread's context
 * class loader first, so values of application classes decode in a child JVM with the same class path.
 */
final class JavaSerializationCodec implements Codec<Object> {
    static final JavaSerializationCodec INSTANCE = new JavaSerializationCodec();
    private static final long serialVersionUID = 1L;

    private JavaSerializationCodec() {
    }

    @Override
    public int encode(final Object value, final MutableDirectBuffer buffer, final int offset) {
        final ExpandableDirectBufferOutputStream out = new ExpandableDirectBufferOutputStream(buffer, offset);
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(value);
        } catch (final IOException | RuntimeException e) {
            throw new CodecException("cannot encode a " + (value == null ? "null" : value.getClass().getName())
                + " with Java serialization (" + e + "); make it Serializable or give the queue a Codec for it", e);
        }
        return out.position();
    }

    @Override
    public Object decode(final DirectBuffer buffer, final int offset, final int length) {
        try (ObjectInputStream objects = new ContextObjectInputStream(new DirectBufferInputStream(buffer, offset,
            length))) {
            return objects.readObject();
        } catch (final IOException | ClassNotFoundException | RuntimeException e) {
            throw new CodecException("cannot decode " + length + " bytes with Java serialization (" + e
                + "); is the class on this process's class path?", e);
        }
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** Resolves classes through the context class loader, then the default. */
    private static final class ContextObjectInputStream extends ObjectInputStream {
        ContextObjectInputStream(final InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(final ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            final ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (final ClassNotFoundException e) {
                    // fall back to the default resolution below
                }
            }
            return super.resolveClass(desc);
        }
    }
}
