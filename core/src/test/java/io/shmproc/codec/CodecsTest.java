package io.shmproc.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.CodecException;
import io.shmproc.memory.ArrayBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

class CodecsTest {
    private final MutableDirectBuffer scratch = ArrayBuffer.growable(16);

    private <T> T roundTrip(final Codec<T> codec, final T value) {
        final int length = codec.encode(value, scratch, 3);
        return codec.decode(scratch, 3, length);
    }

    @Test
    void shouldRoundTripEveryBuiltIn() {
        assertArrayEquals(new byte[] {1, 2, 3}, roundTrip(Codecs.bytes(), new byte[] {1, 2, 3}));
        assertEquals("héllo wörld ✓", roundTrip(Codecs.string(), "héllo wörld ✓"));
        assertEquals(Long.MIN_VALUE, roundTrip(Codecs.longs(), Long.MIN_VALUE));
        assertEquals(-7, roundTrip(Codecs.ints(), -7));
        assertEquals(3.25, roundTrip(Codecs.doubles(), 3.25));
        assertEquals(ByteBuffer.wrap(new byte[] {9, 8}), roundTrip(Codecs.byteBuffer(), ByteBuffer.wrap(new byte[] {9, 8})));
        assertEquals(List.of(1, "two"), roundTrip(Codecs.javaSerialization(), List.of(1, "two")));
    }

    @Test
    void shouldRoundTripEveryTaggedTypeWithTheObjectCodec() {
        final Codec<Object> codec = Codecs.object();
        for (final Object value : new Object[] {"text", 42L, 7, 2.5, true, (short) 3, (byte) 4, 1.5f, 'c',
            Map.of("k", 1)}) {
            assertEquals(value, roundTrip(codec, value));
        }
        assertNull(roundTrip(codec, null));
        assertArrayEquals(new byte[] {5, 6}, (byte[]) roundTrip(codec, new byte[] {5, 6}));
    }

    @Test
    void shouldGrowTheScratchBufferForLargeValues() {
        final String big = "x".repeat(1 << 20);
        assertEquals(big, roundTrip(Codecs.object(), big));
    }

    @Test
    void shouldRejectANonSerializableValueNamingItsClass() {
        final Object value = new Object();
        final CodecException e = assertThrows(CodecException.class, () -> Codecs.object().encode(value, scratch, 0));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void shouldRejectNullInFixedTypeCodecs() {
        assertThrows(CodecException.class, () -> Codecs.string().encode(null, scratch, 0));
        assertThrows(CodecException.class, () -> Codecs.longs().encode(null, scratch, 0));
    }

    @Test
    void shouldRejectBytesOfAnotherCodec() {
        scratch.putByte(0, (byte) 99);
        assertThrows(CodecException.class, () -> Codecs.object().decode(scratch, 0, 5));
        assertThrows(CodecException.class, () -> Codecs.longs().decode(scratch, 0, 3));
        assertThrows(CodecException.class, () -> Codecs.object().decode(scratch, 0, 0));
    }

    @Test
    void shouldStaySingletonsAcrossSerialization() throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(Codecs.string());
            out.writeObject(Codecs.object());
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertTrue(in.readObject() == Codecs.string());
            assertTrue(in.readObject() == Codecs.object());
        }
    }

    record Point(int x, int y) implements Serializable {
    }

    @Test
    void shouldSerializeRecords() {
        assertEquals(new Point(1, 2), roundTrip(Codecs.object(), new Point(1, 2)));
    }
}
