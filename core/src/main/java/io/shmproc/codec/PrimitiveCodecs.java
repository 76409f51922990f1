package io.shmproc.codec;

import io.shmproc.exceptions.CodecException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** The fixed-format built-in codecs; stateless singletons. */
final class PrimitiveCodecs {
    static final Codec<byte[]> BYTES = new BytesCodec();
    static final Codec<ByteBuffer> BYTE_BUFFER = new ByteBufferCodec();
    static final Codec<String> STRING = new StringCodec();
    static final Codec<Long> LONG = new LongCodec();
    static final Codec<Integer> INT = new IntCodec();
    static final Codec<Double> DOUBLE = new DoubleCodec();

    private PrimitiveCodecs() {
    }

    static <T> T requireNonNull(final T value, final String type) {
        if (value == null) {
            throw new CodecException("cannot encode null with the " + type + " codec; use Codecs.object(), which"
                + " encodes null", null);
        }
        return value;
    }

    static void requireLength(final int length, final int expected, final String type) {
        if (length != expected) {
            throw new CodecException("cannot decode " + length + " bytes as " + type + "; expected " + expected
                + " bytes (was the value written with another codec?)", null);
        }
    }

    private static final class BytesCodec implements Codec<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public int encode(final byte[] value, final MutableDirectBuffer buffer, final int offset) {
            requireNonNull(value, "byte[]");
            buffer.putBytes(offset, value);
            return value.length;
        }

        @Override
        public byte[] decode(final DirectBuffer buffer, final int offset, final int length) {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return bytes;
        }

        private Object readResolve() {
            return BYTES;
        }
    }

    private static final class ByteBufferCodec implements Codec<ByteBuffer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int encode(final ByteBuffer value, final MutableDirectBuffer buffer, final int offset) {
            requireNonNull(value, "ByteBuffer");
            final int length = value.remaining();
            buffer.putBytes(offset, value, value.position(), length);
            return length;
        }

        @Override
        public ByteBuffer decode(final DirectBuffer buffer, final int offset, final int length) {
            final ByteBuffer copy = ByteBuffer.allocate(length);
            buffer.getBytes(offset, copy, 0, length);
            return copy;
        }

        private Object readResolve() {
            return BYTE_BUFFER;
        }
    }

    private static final class StringCodec implements Codec<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public int encode(final String value, final MutableDirectBuffer buffer, final int offset) {
            return buffer.putStringWithoutLengthUtf8(offset, requireNonNull(value, "String"));
        }

        @Override
        public String decode(final DirectBuffer buffer, final int offset, final int length) {
            return buffer.getStringWithoutLengthUtf8(offset, length);
        }

        private Object readResolve() {
            return STRING;
        }
    }

    private static final class LongCodec implements Codec<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public int encode(final Long value, final MutableDirectBuffer buffer, final int offset) {
            buffer.putLong(offset, requireNonNull(value, "Long"), ByteOrder.LITTLE_ENDIAN);
            return Long.BYTES;
        }

        @Override
        public Long decode(final DirectBuffer buffer, final int offset, final int length) {
            requireLength(length, Long.BYTES, "Long");
            return buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        }

        private Object readResolve() {
            return LONG;
        }
    }

    private static final class IntCodec implements Codec<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public int encode(final Integer value, final MutableDirectBuffer buffer, final int offset) {
            buffer.putInt(offset, requireNonNull(value, "Integer"), ByteOrder.LITTLE_ENDIAN);
            return Integer.BYTES;
        }

        @Override
        public Integer decode(final DirectBuffer buffer, final int offset, final int length) {
            requireLength(length, Integer.BYTES, "Integer");
            return buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
        }

        private Object readResolve() {
            return INT;
        }
    }

    private static final class DoubleCodec implements Codec<Double> {
        private static final long serialVersionUID = 1L;

        @Override
        public int encode(final Double value, final MutableDirectBuffer buffer, final int offset) {
            buffer.putDouble(offset, requireNonNull(value, "Double"), ByteOrder.LITTLE_ENDIAN);
            return Double.BYTES;
        }

        @Override
        public Double decode(final DirectBuffer buffer, final int offset, final int length) {
            requireLength(length, Double.BYTES, "Double");
            return buffer.getDouble(offset, ByteOrder.LITTLE_ENDIAN);
        }

        private Object readResolve() {
            return DOUBLE;
        }
    }
}
