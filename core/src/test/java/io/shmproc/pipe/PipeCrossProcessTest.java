package io.shmproc.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.EOFException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class PipeCrossProcessTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private SharedDirectory dir;

    @BeforeEach
    void createDirectory() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
    }

    @AfterEach
    void deleteDirectory() {
        dir.delete();
    }

    /** Passes an end to a child and closes this process's copy, as a Python program closes its copy. */
    private Path handOver(final Connection<?> connection) throws Exception {
        final Path file = dir.resolve("end-" + connection.end());
        PipeChildren.write(connection, file);
        connection.close();
        return file;
    }

    @Test
    void shouldSendAndReceiveBothWaysAcrossProcesses() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"));
             ChildJvm child = ChildJvm.start(PipeChildren.Echo.class, handOver(pipe.second()).toString())) {
            final Connection<Object> parent = pipe.first();
            parent.send(List.of(42, "hello"));
            assertEquals(List.of("echo", List.of(42, "hello")), parent.recv());
            final byte[] big = new byte[5 << 20];
            big[big.length - 1] = 9;
            parent.send("bytes-next");
            parent.sendBytes(big);
            assertArrayEquals(big, parent.recvBytes());
            for (int i = 0; i < 1000; i++) {
                parent.send(i);
                assertEquals(List.of("echo", i), parent.recv());
            }
            parent.send("bye");
            assertEquals("bye", parent.recv());
            assertEquals(0, child.waitFor(LONG));
            assertThrows(EOFException.class, parent::recv, "the child closed its end on exit");
        }
    }

    @Test
    void shouldFailABlockedRecvWithEndOfFileWhenThePeerIsKilled() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"));
             ChildJvm child = ChildJvm.start(PipeChildren.Hang.class, handOver(pipe.second()).toString())) {
            child.awaitLine(l -> l.startsWith("attached"), LONG);
            final Connection<Object> parent = pipe.first();
            // the time the kill starts, taken before it: the parent may see the end of file before kill() returns
            final AtomicLong killedAt = new AtomicLong();
            final Thread killer = new Thread(() -> {
                sleep(300);
                killedAt.set(System.nanoTime());
                child.kill();
            });
            killer.start();
            assertThrows(EOFException.class, parent::recv);
            final long eofAt = System.nanoTime();
            killer.join();
            assertTrue(killedAt.get() != 0, "EOF before the kill");
            final long tookMillis = (eofAt - killedAt.get()) / 1_000_000;
            assertTrue(tookMillis < 1_000, "EOF " + tookMillis + " ms after the kill");
            assertThrows(EOFException.class, parent::recv);
            assertTrue(parent.poll(), "poll reports end of file as readable");
        }
    }

    @Test
    void shouldFailSendIntoAFullRingWhenThePeerIsKilled() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"), PipeOptions.duplex().capacity(4096));
             ChildJvm child = ChildJvm.start(PipeChildren.Hang.class, handOver(pipe.second()).toString())) {
            child.awaitLine(l -> l.startsWith("attached"), LONG);
            child.kill();
            final Connection<Object> parent = pipe.first();
            final long start = System.nanoTime();
            final PeerDiedException e = assertThrows(PeerDiedException.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    parent.sendBytes(new byte[100]);
                }
            });
            assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "send must fail fast");
        }
    }

    @Test
    void shouldWakeABlockedRecvWithEndOfFileWhenThePeerCloses() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"));
             ChildJvm child = ChildJvm.start(PipeChildren.SendAndClose.class, handOver(pipe.second()).toString(),
                 "400")) {
            final Connection<Object> parent = pipe.first();
            assertEquals("last words", parent.recv());
            final long start = System.nanoTime();
            assertThrows(EOFException.class, parent::recv);
            assertTrue(child.process().isAlive(), "EOF must come from the close, not the exit");
            assertTrue(System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(200), "recv was really blocked");
            assertEquals(0, child.waitFor(LONG));
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
