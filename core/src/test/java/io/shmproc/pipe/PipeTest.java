package io.shmproc.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.CrossProcessTest;
import java.io.EOFException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class PipeTest {
    private SharedDirectory dir;

    @BeforeEach
    void createDirectory() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
    }

    @AfterEach
    void deleteDirectory() {
        dir.delete();
    }

    @Test
    void shouldSendAndReceiveBothWaysInOneProcess() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            pipe.first().send(List.of(42, "hello"));
            pipe.second().send(null);
            assertEquals(List.of(42, "hello"), pipe.second().recv());
            assertNull(pipe.first().recv());
            pipe.first().sendBytes(new byte[] {1, 2, 3, 4, 5}, 1, 3);
            assertArrayEquals(new byte[] {2, 3, 4}, pipe.second().recvBytes());
            final byte[] into = new byte[8];
            pipe.second().sendBytes(ArrayBuffer.wrapping(new byte[] {9, 8}), 0, 2);
            assertEquals(2, pipe.first().recvBytesInto(into, 3));
            assertEquals(9, into[3]);
            assertFalse(pipe.first().poll());
            assertFalse(pipe.first().poll(30, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void shouldGiveTheWholeMessageInBufferTooShortWhenItDoesNotFit() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            final byte[] message = {1, 2, 3, 4, 5, 6};
            pipe.second().sendBytes(ArrayBuffer.wrapping(message), 0, message.length);
            pipe.second().sendBytes(ArrayBuffer.wrapping(new byte[] {7}), 0, 1);
            final io.shmproc.exceptions.BufferTooShortException e = assertThrows(
                io.shmproc.exceptions.BufferTooShortException.class, () -> pipe.first().recvBytesInto(new byte[4], 1));
            assertArrayEquals(message, e.received(), "the message is not lost");
            final byte[] next = new byte[4];
            assertEquals(1, pipe.first().recvBytesInto(next, 0), "the next message follows");
            assertEquals(7, next[0]);
        }
    }

    @Test
    void shouldKeepThePipeUnchangedWhenTheCodecCannotEncode() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            final Object notSerializable = new Object();
            assertThrows(CodecException.class, () -> pipe.first().send(notSerializable));
            assertFalse(pipe.second().poll(), "nothing may be written");
            pipe.first().send("after");
            assertEquals("after", pipe.second().recv());
            assertFalse(pipe.second().poll());
        }
    }

    @Test
    void shouldRejectAMessageAboveTheMaximumBeforeWritingIt() throws Exception {
        try (Pipe<byte[]> pipe = Pipe.open(dir.resolve("p"), PipeOptions.duplex().maxMessageLength(1000),
            Codecs.bytes())) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pipe.first().send(new byte[1001]));
            assertTrue(e.getMessage().contains("1001") && e.getMessage().contains("1000"), e.getMessage());
            assertFalse(pipe.second().poll());
            pipe.first().send(new byte[1000]);
            assertEquals(1000, pipe.second().recv().length);
        }
    }

    @Test
    void shouldAllowOnlyOneDirectionOnASimplexPipe() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"), PipeOptions.simplex())) {
            assertTrue(pipe.first().isReadable() && !pipe.first().isWritable());
            assertThrows(IllegalStateException.class, () -> pipe.first().send("x"));
            assertThrows(IllegalStateException.class, () -> pipe.second().recv());
            pipe.second().send("one way");
            assertEquals("one way", pipe.first().recv());
        }
    }

    @Test
    void shouldTimeOutARecvWithoutConsumingAnything() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            assertThrows(ShmprocTimeoutException.class, () -> pipe.first().recv(50, TimeUnit.MILLISECONDS));
            pipe.second().send("late");
            assertEquals("late", pipe.first().recv(1, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldReachEndOfFileAfterTheOtherEndClosesAndFailSendAtOnce() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            pipe.second().send("queued");
            pipe.second().close();
            assertTrue(pipe.first().poll());
            assertEquals("queued", pipe.first().recv());
            assertThrows(EOFException.class, () -> pipe.first().recv());
            assertThrows(ClosedException.class, () -> pipe.first().send("nobody"));
        }
        assertFalse(Files.exists(dir.resolve("p")), "the file goes when both ends are closed");
    }

    @Test
    void shouldReturnTheReadyConnectionsFromWaitAny() throws Exception {
        try (Pipe<Object> a = Pipe.open(dir.resolve("a")); Pipe<Object> b = Pipe.open(dir.resolve("b"))) {
            final List<Connection<Object>> readers = List.of(a.first(), b.first());
            assertEquals(List.of(), Connection.waitAny(readers, 20, TimeUnit.MILLISECONDS));
            b.second().send(1);
            assertEquals(List.of(b.first()), Connection.waitAny(readers, 1, TimeUnit.SECONDS));
            final Thread late = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    a.second().send(2);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertEquals(1, b.first().recv());
            late.start();
            assertEquals(List.of(a.first()), Connection.waitAny(readers, 5, TimeUnit.SECONDS));
            late.join();
        }
    }

    @Test
    void shouldCarryALargeMessageThroughASmallPipe() throws Exception {
        try (Pipe<byte[]> pipe = Pipe.open(dir.resolve("p"), PipeOptions.duplex().capacity(4096), Codecs.bytes())) {
            final byte[] big = new byte[100_000];
            Arrays.fill(big, (byte) 7);
            final Thread sender = new Thread(() -> {
                try {
                    pipe.second().send(big);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            assertArrayEquals(big, pipe.first().recv());
            sender.join();
        }
    }
}
