package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@CrossProcessTest
class DurableChannelTest {
    @TempDir
    Path temp;

    @Test
    void shouldCarryBytesFromHeapAndDirectBuffersWithIndexAndTime() {
        final long before = System.currentTimeMillis();
        try (DurableChannel channel = DurableChannel.open(temp.resolve("log"), DurableChannelOptions.defaults());
             DurableCursor cursor = channel.cursor("reader")) {
            assertEquals(DurableChannel.NO_INDEX, cursor.poll((b, o, l, i, t) -> { }));
            final ArrayBuffer heap = ArrayBuffer.wrapping("xxhello".getBytes(StandardCharsets.UTF_8));
            final ArrayBuffer direct = ArrayBuffer.wrapping(new byte[8]);
            direct.putStringWithoutLengthAscii(0, "direct!!");
            final long first = channel.append(heap, 2, 5);
            final long second = channel.append(direct, 0, 8);
            final long empty = channel.append(heap, 0, 0);
            assertTrue(first > 0 && second > first && empty > second, "increasing positive indexes");
            final List<String> read = new ArrayList<>();
            final List<Long> indexes = new ArrayList<>();
            while (cursor.poll((buffer, offset, length, index, time) -> {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                read.add(new String(bytes, StandardCharsets.UTF_8));
                indexes.add(index);
                assertTrue(time >= before && time <= System.currentTimeMillis(), "append time " + time);
            }) != DurableChannel.NO_INDEX) {
                // drain
            }
            assertEquals(List.of("hello", "direct!!", ""), read);
            assertEquals(List.of(first, second, empty), indexes);
            assertEquals(empty, channel.lastIndex());
        }
    }

    @Test
    void shouldRejectRangesOutsideTheBufferWithoutAppending() {
        try (DurableChannel channel = DurableChannel.open(temp.resolve("log"), DurableChannelOptions.defaults())) {
            final ArrayBuffer buffer = ArrayBuffer.wrapping(new byte[4]);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> channel.append(buffer, 2, 3));
            assertTrue(e.getMessage().contains("offset=2, length=3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> channel.append(buffer, 0, -1));
            assertEquals(DurableChannel.NO_INDEX, channel.lastIndex());
        }
    }

    @Test
    void shouldRefuseUseAfterClose() {
        final DurableChannel channel = DurableChannel.open(temp.resolve("log"), DurableChannelOptions.defaults());
        final DurableCursor cursor = channel.cursor("c");
        channel.close();
        assertThrows(ClosedException.class, () -> channel.append(ArrayBuffer.wrapping(new byte[1]), 0, 1));
        assertThrows(ClosedException.class, () -> cursor.poll((b, o, l, i, t) -> { }));
        assertThrows(ClosedException.class, () -> channel.cursor("d"));
    }

    @Test
    void shouldReportDocumentsNotWrittenByShmproc() {
        final Path dir = temp.resolve("log");
        try (DurableChannel channel = DurableChannel.open(dir, DurableChannelOptions.defaults());
             DurableCursor cursor = channel.cursor("c")) {
            try (SingleChronicleQueue foreign = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(RollCycles.FAST_HOURLY).build();
                 DocumentContext document = foreign.createAppender().writingDocument()) {
                document.wire().bytes().writeInt(42);
            }
            final CorruptRegionException e = assertThrows(CorruptRegionException.class,
                () -> cursor.poll((b, o, l, i, t) -> { }));
            assertTrue(e.getMessage().contains("header"), e.getMessage());
        }
    }

    @Test
    void shouldRejectAFileWhereTheDirectoryShouldBe() throws Exception {
        final Path file = Files.createFile(temp.resolve("file"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DurableChannel.open(file, DurableChannelOptions.defaults()));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
    }

    @Test
    void shouldRejectInvalidOptionsNamingTheValue() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DurableChannelOptions.defaults().maxMessageLength(0));
        assertTrue(e.getMessage().contains("maxMessageLength=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DurableChannelOptions.defaults().rollPeriod(null));
        try (DurableChannel channel = DurableChannel.open(temp.resolve("log"), DurableChannelOptions.defaults())) {
            final IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> channel.cursor("../x"));
            assertTrue(name.getMessage().contains("../x"), name.getMessage());
        }
    }
}
