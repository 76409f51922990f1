package io.shmproc.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.CodecException;
import io.shmproc.memory.ArrayBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KryoCodecTest {
    record Point(int x, String label) implements Serializable {
    }

    static final class Node implements Serializable {
        private static final long serialVersionUID = 1L;
        Node next;
        final String name;

        Node(final String name) {
            this.name = name;
        }
    }

    static final class Handle implements Serializable {
        private static final long serialVersionUID = 1L;
        final String path;

        Handle(final String path) {
            this.path = path;
        }

        private Object writeReplace() {
            return new Ref(path);
        }
    }

    static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        final String path;

        Ref(final String path) {
            this.path = path;
        }

        private Object readResolve() {
            return new Handle("resolved:" + path);
        }
    }

    private static <T> T roundTrip(final Codec<T> codec, final T value) {
        final ArrayBuffer scratch = ArrayBuffer.growable(16);
        final int length = codec.encode(value, scratch, 3);
        final byte[] copy = new byte[length];
        scratch.getBytes(3, copy);
        return codec.decode(ArrayBuffer.wrapping(copy), 0, length);
    }

    @Test
    void shouldRoundTripRecordsCollectionsAndNull() {
        final KryoCodec<Object> codec = KryoCodec.create();
        assertEquals(new Point(3, "p"), roundTrip(codec, new Point(3, "p")));
        final Map<String, List<Integer>> map = new HashMap<>();
        map.put("a", new ArrayList<>(List.of(1, 2, 3)));
        assertEquals(map, roundTrip(codec, map));
        assertEquals(null, roundTrip(codec, null));
        assertEquals("text", roundTrip(codec, "text"));
    }

    @Test
    void shouldKeepCyclesAndSharedReferences() {
        final Node a = new Node("a");
        final Node b = new Node("b");
        a.next = b;
        b.next = a;
        final Node back = (Node) roundTrip(KryoCodec.create(), (Object) a);
        assertEquals("b", back.next.name);
        assertSame(back, back.next.next);
    }

    @Test
    void shouldHonourWriteReplaceAndReadResolve() {
        final Object back = roundTrip(KryoCodec.create(), (Object) new Handle("/dev/shm/x"));
        assertTrue(back instanceof Handle);
        assertEquals("resolved:/dev/shm/x", ((Handle) back).path);
    }

    @Test
    void shouldRoundTripRegisteredClassesInFewerBytes() {
        final ArrayBuffer scratch = ArrayBuffer.growable(16);
        final int named = KryoCodec.create().encode(new Point(1, "x"), scratch, 0);
        final int registered = KryoCodec.registering(Point.class).encode(new Point(1, "x"), scratch, 0);
        assertTrue(registered < named, registered + " vs " + named);
        assertEquals(new Point(1, "x"), roundTrip(KryoCodec.<Point>registering(Point.class), new Point(1, "x")));
    }

    @Test
    void shouldRoundTripImmutableAndArrayBackedLists() {
        final KryoCodec<Object> codec = KryoCodec.create();
        assertEquals(List.of(1, 2, 3), roundTrip(codec, List.of(1, 2, 3)));
        assertEquals(java.util.Arrays.asList(42, null, "hello"), roundTrip(codec, java.util.Arrays.asList(42, null,
            "hello")));
        assertEquals(Map.of("k", 1L), roundTrip(codec, Map.of("k", 1L)));
    }

    @Test
    void shouldRejectAClassThatIsNotSerializable() {
        final ArrayBuffer scratch = ArrayBuffer.growable(16);
        final CodecException e = assertThrows(CodecException.class,
            () -> KryoCodec.create().encode(new Object(), scratch, 0));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void shouldRejectBytesItCannotDecode() {
        final ArrayBuffer garbage = ArrayBuffer.wrapping(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x7F, 1, 2});
        assertThrows(CodecException.class, () -> KryoCodec.create().decode(garbage, 0, 5));
    }

    @Test
    void shouldTravelAsASerializableCodec() throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(KryoCodec.registering(Point.class));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            @SuppressWarnings("unchecked")
            final Codec<Point> codec = (Codec<Point>) in.readObject();
            assertEquals(new Point(2, "y"), roundTrip(codec, new Point(2, "y")));
        }
    }
}
