package io.shmproc.memory;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;

/**
 * What shmproc's two buffers ({@link MappedBuffer} over a mapped file, {@link ArrayBuffer} over a {@code byte[]})
 * share: the {@link AtomicBuffer} methods that are not on any hot path (explicit byte orders, strings, ASCII
 * numbers, comparison), written once in terms of each buffer's native-order accessors.
 *
 * <p>Multi-byte values are in the platform's native byte order unless a {@link ByteOrder} is passed, as in
 * Agrona's own buffers, so a layout written through either is read the same way through the other.
 */
public abstract class AbstractBuffer implements AtomicBuffer {
    static final boolean NATIVE_IS_LITTLE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    AbstractBuffer() {
    }

    static boolean isNative(final ByteOrder order) {
        return order == ByteOrder.nativeOrder();
    }

    final IndexOutOfBoundsException outOfBounds(final int index, final int length) {
        return new IndexOutOfBoundsException("index=" + index + ", length=" + length + " is outside the buffer of "
            + "capacity " + capacity());
    }

    /* ------------------------------------------------ byte orders ------------------------------------------- */

    @Override
    public long getLong(final int index, final ByteOrder byteOrder) {
        final long value = getLong(index);
        return isNative(byteOrder) ? value : Long.reverseBytes(value);
    }

    @Override
    public int getInt(final int index, final ByteOrder byteOrder) {
        final int value = getInt(index);
        return isNative(byteOrder) ? value : Integer.reverseBytes(value);
    }

    @Override
    public double getDouble(final int index, final ByteOrder byteOrder) {
        return Double.longBitsToDouble(getLong(index, byteOrder));
    }

    @Override
    public double getDouble(final int index) {
        return Double.longBitsToDouble(getLong(index));
    }

    @Override
    public float getFloat(final int index, final ByteOrder byteOrder) {
        return Float.intBitsToFloat(getInt(index, byteOrder));
    }

    @Override
    public float getFloat(final int index) {
        return Float.intBitsToFloat(getInt(index));
    }

    @Override
    public short getShort(final int index, final ByteOrder byteOrder) {
        final short value = getShort(index);
        return isNative(byteOrder) ? value : Short.reverseBytes(value);
    }

    @Override
    public char getChar(final int index, final ByteOrder byteOrder) {
        final char value = getChar(index);
        return isNative(byteOrder) ? value : Character.reverseBytes(value);
    }

    @Override
    public void putLong(final int index, final long value, final ByteOrder byteOrder) {
        putLong(index, isNative(byteOrder) ? value : Long.reverseBytes(value));
    }

    @Override
    public void putInt(final int index, final int value, final ByteOrder byteOrder) {
        putInt(index, isNative(byteOrder) ? value : Integer.reverseBytes(value));
    }

    @Override
    public void putDouble(final int index, final double value, final ByteOrder byteOrder) {
        putLong(index, Double.doubleToRawLongBits(value), byteOrder);
    }

    @Override
    public void putDouble(final int index, final double value) {
        putLong(index, Double.doubleToRawLongBits(value));
    }

    @Override
    public void putFloat(final int index, final float value, final ByteOrder byteOrder) {
        putInt(index, Float.floatToRawIntBits(value), byteOrder);
    }

    @Override
    public void putFloat(final int index, final float value) {
        putInt(index, Float.floatToRawIntBits(value));
    }

    @Override
    public void putShort(final int index, final short value, final ByteOrder byteOrder) {
        putShort(index, isNative(byteOrder) ? value : Short.reverseBytes(value));
    }

    @Override
    public void putChar(final int index, final char value, final ByteOrder byteOrder) {
        putChar(index, isNative(byteOrder) ? value : Character.reverseBytes(value));
    }

    /* ------------------------------------------------ ordered and opaque adds -------------------------------- */

    @Override
    public long addLongOrdered(final int index, final long increment) {
        return addLongRelease(index, increment);
    }

    @Override
    public int addIntOrdered(final int index, final int increment) {
        return addIntRelease(index, increment);
    }

    @Override
    public void putLongOrdered(final int index, final long value) {
        putLongRelease(index, value);
    }

    @Override
    public void putIntOrdered(final int index, final int value) {
        putIntRelease(index, value);
    }

    /* ------------------------------------------------ bytes ------------------------------------------------- */

    @Override
    public void getBytes(final int index, final byte[] dst) {
        getBytes(index, dst, 0, dst.length);
    }

    @Override
    public void getBytes(final int index, final MutableDirectBuffer dstBuffer, final int dstIndex, final int length) {
        dstBuffer.putBytes(dstIndex, this, index, length);
    }

    @Override
    public void getBytes(final int index, final ByteBuffer dstBuffer, final int length) {
        final int position = dstBuffer.position();
        getBytes(index, dstBuffer, position, length);
        dstBuffer.position(position + length);
    }

    @Override
    public void putBytes(final int index, final byte[] src) {
        putBytes(index, src, 0, src.length);
    }

    @Override
    public void putBytes(final int index, final ByteBuffer srcBuffer, final int length) {
        final int position = srcBuffer.position();
        putBytes(index, srcBuffer, position, length);
        srcBuffer.position(position + length);
    }

    /**
     * Copies bytes from any {@link DirectBuffer} that is not one of shmproc's: through its array or byte
     * buffer when it exposes one, byte by byte otherwise.
     */
    final void putBytesFromForeign(final int index, final DirectBuffer src, final int srcIndex, final int length) {
        final byte[] array = src.byteArray();
        if (array != null) {
            src.boundsCheck(srcIndex, length);
            putBytes(index, array, src.wrapAdjustment() + srcIndex, length);
            return;
        }
        final ByteBuffer buffer = src.byteBuffer();
        if (buffer != null) {
            src.boundsCheck(srcIndex, length);
            putBytes(index, buffer, src.wrapAdjustment() + srcIndex, length);
            return;
        }
        boundsCheck(index, length);
        src.boundsCheck(srcIndex, length);
        for (int i = 0; i < length; i++) {
            putByte(index + i, src.getByte(srcIndex + i));
        }
    }

    /* ------------------------------------------------ checks ------------------------------------------------ */

    @Override
    public void checkLimit(final int limit) {
        if (limit > capacity()) {
            throw new IndexOutOfBoundsException("limit=" + limit + " is beyond capacity=" + capacity());
        }
    }

    @Override
    public void boundsCheck(final int index, final int length) {
        if (index < 0 || length < 0 || (long) index + length > capacity()) {
            throw outOfBounds(index, length);
        }
    }

    @Override
    public void setMemory(final int index, final int length, final byte value) {
        boundsCheck(index, length);
        for (int i = 0; i < length; i++) {
            putByte(index + i, value);
        }
    }

    /* ------------------------------------------------ strings ----------------------------------------------- */

    @Override
    public String getStringAscii(final int index) {
        return getStringWithoutLengthAscii(index + STR_HEADER_LEN, getInt(index));
    }

    @Override
    public int getStringAscii(final int index, final Appendable appendable) {
        return getStringWithoutLengthAscii(index + STR_HEADER_LEN, getInt(index), appendable);
    }

    @Override
    public String getStringAscii(final int index, final ByteOrder byteOrder) {
        return getStringWithoutLengthAscii(index + STR_HEADER_LEN, getInt(index, byteOrder));
    }

    @Override
    public int getStringAscii(final int index, final Appendable appendable, final ByteOrder byteOrder) {
        return getStringWithoutLengthAscii(index + STR_HEADER_LEN, getInt(index, byteOrder), appendable);
    }

    @Override
    public String getStringAscii(final int index, final int length) {
        return getStringWithoutLengthAscii(index + STR_HEADER_LEN, length);
    }

    @Override
    public int getStringAscii(final int index, final int length, final Appendable appendable) {
        return getStringWithoutLengthAscii(index + STR_HEADER_LEN, length, appendable);
    }

    @Override
    public String getStringWithoutLengthAscii(final int index, final int length) {
        final byte[] bytes = new byte[length];
        getBytes(index, bytes, 0, length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Override
    public int getStringWithoutLengthAscii(final int index, final int length, final Appendable appendable) {
        try {
            for (int i = 0; i < length; i++) {
                final byte b = getByte(index + i);
                appendable.append(b < 0 ? '?' : (char) b);
            }
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return length;
    }

    @Override
    public String getStringUtf8(final int index) {
        return getStringWithoutLengthUtf8(index + STR_HEADER_LEN, getInt(index));
    }

    @Override
    public String getStringUtf8(final int index, final ByteOrder byteOrder) {
        return getStringWithoutLengthUtf8(index + STR_HEADER_LEN, getInt(index, byteOrder));
    }

    @Override
    public String getStringUtf8(final int index, final int length) {
        return getStringWithoutLengthUtf8(index + STR_HEADER_LEN, length);
    }

    @Override
    public String getStringWithoutLengthUtf8(final int index, final int length) {
        final byte[] bytes = new byte[length];
        getBytes(index, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public int putStringAscii(final int index, final String value) {
        return putStringAscii(index, (CharSequence) value, ByteOrder.nativeOrder());
    }

    @Override
    public int putStringAscii(final int index, final CharSequence value) {
        return putStringAscii(index, value, ByteOrder.nativeOrder());
    }

    @Override
    public int putStringAscii(final int index, final String value, final ByteOrder byteOrder) {
        return putStringAscii(index, (CharSequence) value, byteOrder);
    }

    @Override
    public int putStringAscii(final int index, final CharSequence value, final ByteOrder byteOrder) {
        final int length = value == null ? 0 : value.length();
        boundsCheck(index, STR_HEADER_LEN + length);
        putInt(index, length, byteOrder);
        putAscii(index + STR_HEADER_LEN, value, 0, length);
        return STR_HEADER_LEN + length;
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final String value) {
        return putStringWithoutLengthAscii(index, (CharSequence) value);
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final CharSequence value) {
        final int length = value == null ? 0 : value.length();
        return putAscii(index, value, 0, length);
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final String value, final int valueOffset,
                                           final int length) {
        return putStringWithoutLengthAscii(index, (CharSequence) value, valueOffset, length);
    }

    @Override
    public int putStringWithoutLengthAscii(final int index, final CharSequence value, final int valueOffset,
                                           final int length) {
        final int count = value == null ? 0 : Math.min(value.length() - valueOffset, length);
        return putAscii(index, value, valueOffset, count);
    }

    private int putAscii(final int index, final CharSequence value, final int from, final int count) {
        boundsCheck(index, count);
        for (int i = 0; i < count; i++) {
            final char c = value.charAt(from + i);
            putByte(index + i, c > 127 ? (byte) '?' : (byte) c);
        }
        return count;
    }

    @Override
    public int putStringUtf8(final int index, final String value) {
        return putStringUtf8(index, value, ByteOrder.nativeOrder(), Integer.MAX_VALUE);
    }

    @Override
    public int putStringUtf8(final int index, final String value, final ByteOrder byteOrder) {
        return putStringUtf8(index, value, byteOrder, Integer.MAX_VALUE);
    }

    @Override
    public int putStringUtf8(final int index, final String value, final int maxEncodedLength) {
        return putStringUtf8(index, value, ByteOrder.nativeOrder(), maxEncodedLength);
    }

    @Override
    public int putStringUtf8(final int index, final String value, final ByteOrder byteOrder,
                             final int maxEncodedLength) {
        final byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxEncodedLength) {
            throw new IllegalArgumentException("encoded string is " + bytes.length + " bytes, more than"
                + " maxEncodedLength=" + maxEncodedLength);
        }
        boundsCheck(index, STR_HEADER_LEN + bytes.length);
        putInt(index, bytes.length, byteOrder);
        putBytes(index + STR_HEADER_LEN, bytes);
        return STR_HEADER_LEN + bytes.length;
    }

    @Override
    public int putStringWithoutLengthUtf8(final int index, final String value) {
        final byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        putBytes(index, bytes);
        return bytes.length;
    }

    /* ------------------------------------------------ ASCII numbers ----------------------------------------- */

    @Override
    public int parseNaturalIntAscii(final int index, final int length) {
        return Math.toIntExact(parseNaturalLongAscii(index, length));
    }

    @Override
    public long parseNaturalLongAscii(final int index, final int length) {
        if (length <= 0) {
            throw new NumberFormatException("empty string: index=" + index + " length=" + length);
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            final int digit = getByte(index + i) - '0';
            if (digit < 0 || digit > 9) {
                throw new NumberFormatException("'" + (char) getByte(index + i) + "' is not a digit at index "
                    + (index + i));
            }
            value = Math.addExact(Math.multiplyExact(value, 10), digit);
        }
        return value;
    }

    @Override
    public int parseIntAscii(final int index, final int length) {
        return Math.toIntExact(parseLongAscii(index, length));
    }

    @Override
    public long parseLongAscii(final int index, final int length) {
        if (length > 1 && getByte(index) == '-') {
            return -parseNaturalLongAscii(index + 1, length - 1);
        }
        return parseNaturalLongAscii(index, length);
    }

    @Override
    public int putIntAscii(final int index, final int value) {
        return putStringWithoutLengthAscii(index, Integer.toString(value));
    }

    @Override
    public int putNaturalIntAscii(final int index, final int value) {
        return putStringWithoutLengthAscii(index, Integer.toString(value));
    }

    @Override
    public void putNaturalPaddedIntAscii(final int offset, final int length, final int value) {
        final String digits = Integer.toString(value);
        if (value < 0 || digits.length() > length) {
            throw new NumberFormatException("value=" + value + " does not fit in " + length + " digits");
        }
        for (int i = 0; i < length - digits.length(); i++) {
            putByte(offset + i, (byte) '0');
        }
        putStringWithoutLengthAscii(offset + length - digits.length(), digits);
    }

    @Override
    public int putNaturalIntAsciiFromEnd(final int value, final int endExclusive) {
        final String digits = Integer.toString(value);
        final int start = endExclusive - digits.length();
        putStringWithoutLengthAscii(start, digits);
        return start;
    }

    @Override
    public int putNaturalLongAscii(final int index, final long value) {
        return putStringWithoutLengthAscii(index, Long.toString(value));
    }

    @Override
    public int putLongAscii(final int index, final long value) {
        return putStringWithoutLengthAscii(index, Long.toString(value));
    }

    /* ------------------------------------------------ identity ---------------------------------------------- */

    @Override
    public int compareTo(final DirectBuffer that) {
        final int length = Math.min(capacity(), that.capacity());
        for (int i = 0; i < length; i++) {
            final int cmp = Byte.compare(getByte(i), that.getByte(i));
            if (cmp != 0) {
                return cmp;
            }
        }
        return Integer.compare(capacity(), that.capacity());
    }

    @Override
    public boolean equals(final Object obj) {
        if (this == obj) {
            return true;
        }
        if (!(obj instanceof DirectBuffer)) {
            return false;
        }
        final DirectBuffer that = (DirectBuffer) obj;
        return capacity() == that.capacity() && compareTo(that) == 0;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0, n = capacity(); i < n; i++) {
            hash = 31 * hash + getByte(i);
        }
        return hash;
    }

    /* Byte-wide volatile access: no byte view of a byte[] or ByteBuffer exists, so both buffers fence a plain one. */

    @Override
    public byte getByteVolatile(final int index) {
        // a full fence orders earlier accesses, the acquire fence later ones
        VarHandle.fullFence();
        final byte value = getByte(index);
        VarHandle.acquireFence();
        return value;
    }

    @Override
    public void putByteVolatile(final int index, final byte value) {
        VarHandle.releaseFence();
        putByte(index, value);
        VarHandle.fullFence();
    }
}
