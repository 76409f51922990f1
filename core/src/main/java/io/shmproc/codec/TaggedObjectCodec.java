package io.shmproc.codec;

import io.shmproc.exceptions.CodecException;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The default codec: one tag byte, then a compact encoding of the built-in types or Java serialization.
 *
 * <pre>
 *  +-----+---------------------------------------------+
 *  | tag | body                                        |
 *  +-----+---------------------------------------------+
 *   0 null (no body)    1 byte[]   2 String (UTF-8)   3 Long   4 Integer   5 Double
 *   6 Boolean (1 byte)  7 Short    8 Byte             9 Float  10 Character (2 bytes)
 *   20 Java serialization          21 Kryo ({@link KryoCodec}) of any other value
 * </pre>
 *
 * <p>Values of other types are encoded with Kryo (12 to 19 times faster than Java serialization for small
 * objects, and a third of the size; the figures are in {@code docs/design/codecs.md}) under Java serialization's
 * contract: only {@link java.io.Serializable} classes, and classes with serialization hooks or of the JDK go
 * through Java serialization inside the Kryo stream. Messages tagged 20 (Java serialization) still decode.
 */
final class TaggedObjectCodec implements Codec<Object> {
    static final TaggedObjectCodec INSTANCE = new TaggedObjectCodec();
    private static final long serialVersionUID = 1L;

    private static final byte NULL = 0;
    private static final byte BYTES = 1;
    private static final byte STRING = 2;
    private static final byte LONG = 3;
    private static final byte INT = 4;
    private static final byte DOUBLE = 5;
    private static final byte BOOLEAN = 6;
    private static final byte SHORT = 7;
    private static final byte BYTE = 8;
    private static final byte FLOAT = 9;
    private static final byte CHAR = 10;
    private static final byte SERIALIZED = 20;
    private static final byte KRYO = 21;
    private static final KryoCodec<Object> FALLBACK = KryoCodec.create();
    private static final int BODY = 1;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private TaggedObjectCodec() {
    }

    @Override
    public int encode(final Object value, final MutableDirectBuffer buffer, final int offset) {
        final int body = offset + BODY;
        if (value == null) {
            buffer.putByte(offset, NULL);
            return BODY;
        } else if (value instanceof String) {
            final int length = buffer.putStringWithoutLengthUtf8(body, (String) value);
            buffer.putByte(offset, STRING);
            return BODY + length;
        } else if (value instanceof byte[]) {
            final byte[] bytes = (byte[]) value;
            buffer.putBytes(body, bytes);
            buffer.putByte(offset, BYTES);
            return BODY + bytes.length;
        } else if (value instanceof Long) {
            buffer.putLong(body, (Long) value, ORDER);
            buffer.putByte(offset, LONG);
            return BODY + Long.BYTES;
        } else if (value instanceof Integer) {
            buffer.putInt(body, (Integer) value, ORDER);
            buffer.putByte(offset, INT);
            return BODY + Integer.BYTES;
        } else if (value instanceof Double) {
            buffer.putDouble(body, (Double) value, ORDER);
            buffer.putByte(offset, DOUBLE);
            return BODY + Double.BYTES;
        } else if (value instanceof Boolean) {
            buffer.putByte(body, (byte) ((Boolean) value ? 1 : 0));
            buffer.putByte(offset, BOOLEAN);
            return BODY + 1;
        } else if (value instanceof Short) {
            buffer.putShort(body, (Short) value, ORDER);
            buffer.putByte(offset, SHORT);
            return BODY + Short.BYTES;
        } else if (value instanceof Byte) {
            buffer.putByte(body, (Byte) value);
            buffer.putByte(offset, BYTE);
            return BODY + 1;
        } else if (value instanceof Float) {
            buffer.putFloat(body, (Float) value, ORDER);
            buffer.putByte(offset, FLOAT);
            return BODY + Float.BYTES;
        } else if (value instanceof Character) {
            buffer.putChar(body, (Character) value, ORDER);
            buffer.putByte(offset, CHAR);
            return BODY + Character.BYTES;
        }
        if (java.lang.reflect.Proxy.isProxyClass(value.getClass())) {
            // A dynamic proxy (a managed object's proxy): Kryo cannot name its generated class in another JVM.
            final int serialized = JavaSerializationCodec.INSTANCE.encode(value, buffer, body);
            buffer.putByte(offset, SERIALIZED);
            return BODY + serialized;
        }
        final int length = FALLBACK.encode(value, buffer, body);
        buffer.putByte(offset, KRYO);
        return BODY + length;
    }

    @Override
    public Object decode(final DirectBuffer buffer, final int offset, final int length) {
        if (length < BODY) {
            throw new CodecException("cannot decode an empty message with the object codec", null);
        }
        final int body = offset + BODY;
        final int bodyLength = length - BODY;
        final byte tag = buffer.getByte(offset);
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return buffer.getStringWithoutLengthUtf8(body, bodyLength);
            case BYTES:
                final byte[] bytes = new byte[bodyLength];
                buffer.getBytes(body, bytes);
                return bytes;
            case LONG:
                return buffer.getLong(body, ORDER);
            case INT:
                return buffer.getInt(body, ORDER);
            case DOUBLE:
                return buffer.getDouble(body, ORDER);
            case BOOLEAN:
                return buffer.getByte(body) != 0;
            case SHORT:
                return buffer.getShort(body, ORDER);
            case BYTE:
                return buffer.getByte(body);
            case FLOAT:
                return buffer.getFloat(body, ORDER);
            case CHAR:
                return buffer.getChar(body, ORDER);
            case SERIALIZED:
                return JavaSerializationCodec.INSTANCE.decode(buffer, body, bodyLength);
            case KRYO:
                return FALLBACK.decode(buffer, body, bodyLength);
            default:
                throw new CodecException("cannot decode a message with tag " + tag + " with the object codec; was it"
                    + " written with another codec?", null);
        }
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
