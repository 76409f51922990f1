package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Capability;
import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.exceptions.BufferTooShortException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.process.ShmProcess;
import io.shmproc.testkit.CrossProcessSuite;
import java.io.EOFException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pipes of a cluster context, between this JVM and child JVMs: the messages go over Aeron UDP between the two
 * processes, the cluster only tells each end where the other listens.
 */
@CrossProcessSuite
class ClusterPipeTest {
    private static LocalCluster cluster;
    private static Shmproc mp;

    @BeforeAll
    static void start() {
        cluster = TestClusters.start(1);
        mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
    }

    @AfterAll
    static void stop() {
        try {
            if (mp != null) {
                mp.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void shouldCarryMessagesBothWaysAndEndInEofWhenTheChildCloses() throws Exception {
        assertTrue(mp.capabilities().contains(Capability.PIPES));
        try (Pipe<Object> pipe = mp.pipe()) {
            final Connection<Object> child = pipe.second();
            final ShmProcess p = mp.process(() -> {
                try (Connection<Object> c = child) {
                    Object message;
                    while (!"stop".equals(message = c.recv())) {
                        c.send(List.of(message, "echo"));
                    }
                    c.sendBytes(new byte[] {1, 2, 3});
                }
            }).name("echo").start();
            final Connection<Object> parent = pipe.first();
            for (int i = 0; i < 100; i++) {
                parent.send(i);
                assertEquals(List.of(i, "echo"), parent.recv(60, TimeUnit.SECONDS));
            }
            parent.send("stop");
            assertArrayEquals(new byte[] {1, 2, 3}, parent.recvBytes());
            final long closedAt = System.nanoTime();
            assertThrows(EOFException.class, parent::recv, "the child closed its end");
            assertTrue(parent.poll(), "poll() is true at end of file: recv does not block");
            System.out.println("end of file " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt)
                + " ms after the last message");
            assertTrue(p.join(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitCode().getAsInt());
        }
        assertEquals(0, ((ClusterShmproc) mp).openPipes(), "a closed pipe is not kept by its context");
    }

    @Test
    void shouldEndInEofWhenTheOtherEndsProcessIsKilled() throws Exception {
        try (Pipe<Object> pipe = mp.pipe()) {
            final Connection<Object> child = pipe.second();
            final ShmProcess p = mp.process(() -> {
                child.send("ready");
                Thread.sleep(600_000);
            }).name("victim").start();
            final Connection<Object> parent = pipe.first();
            assertEquals("ready", parent.recv(60, TimeUnit.SECONDS));
            p.kill();
            final long killedAt = System.nanoTime();
            assertThrows(EOFException.class, () -> parent.recv(30, TimeUnit.SECONDS));
            final long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            System.out.println("end of file " + millis + " ms after the other end's SIGKILL");
            assertTrue(millis < 10_000, "end of file within the stream liveness timeout, took " + millis + " ms");
        }
    }

    @Test
    void shouldRefuseAnOversizedMessageAndSendNothing() throws Exception {
        try (Pipe<Object> pipe = mp.pipe(PipeOptions.simplex())) {
            final Connection<Object> reader = pipe.first();
            final Connection<Object> writer = pipe.second();
            assertFalse(reader.isWritable());
            assertFalse(writer.isReadable());
            assertFalse(reader.poll(), "nothing sent yet");
            final byte[] tooLong = new byte[ClusterConnection.MAX_MESSAGE_LENGTH + 1];
            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> writer.sendBytes(tooLong));
            assertTrue(refused.getMessage().contains("nothing was sent"), refused.getMessage());
            final IllegalArgumentException encoded = assertThrows(IllegalArgumentException.class,
                () -> writer.send(new byte[ClusterConnection.MAX_MESSAGE_LENGTH]));
            assertTrue(encoded.getMessage().contains("nothing was sent"), encoded.getMessage());
            final byte[] largest = new byte[ClusterConnection.MAX_MESSAGE_LENGTH];
            largest[largest.length - 1] = 7;
            writer.sendBytes(largest);
            writer.send("after");
            assertArrayEquals(largest, reader.recvBytes());
            assertEquals("after", reader.recv(30, TimeUnit.SECONDS));
            assertThrows(IllegalStateException.class, () -> reader.send("x"), "a simplex reader does not send");

            writer.sendBytes(new byte[] {1, 2, 3, 4});
            writer.sendBytes(new byte[] {5, 6});
            writer.sendBytes(new byte[] {7, 8, 9});
            final BufferTooShortException tooShort = assertThrows(BufferTooShortException.class,
                () -> reader.recvBytesInto(new byte[3], 0));
            assertArrayEquals(new byte[] {1, 2, 3, 4}, tooShort.received(), "the whole message is in the exception");
            final byte[] into = new byte[4];
            assertEquals(2, reader.recvBytesInto(into, 1));
            assertArrayEquals(new byte[] {0, 5, 6, 0}, into);
            assertThrows(ShmprocException.class, () -> reader.recvBytes(2), "longer than maxLength: dropped");
            assertFalse(reader.poll(), "nothing left");
            writer.sendBytes(new byte[0]);
            writer.sendBytes(new byte[] {2}, 0, 1);
            assertArrayEquals(new byte[0], reader.recvBytes(), "an empty message is a message, not the end");
            assertArrayEquals(new byte[] {2}, reader.recvBytes());
        }
    }

    @Test
    void shouldTimeOutAndWaitForAnyReadyEnd() throws Exception {
        try (Pipe<Object> quiet = mp.pipe(); Pipe<Object> busy = mp.pipe()) {
            final Connection<Object> toBusy = busy.second();
            final ShmProcess p = mp.process(() -> {
                try (Connection<Object> c = toBusy) {
                    c.send("here");
                    c.recv(); // until the parent closes
                } catch (final EOFException e) {
                    // the parent closed its end
                }
            }).name("busy").start();
            assertThrows(ShmprocTimeoutException.class, () -> quiet.first().recv(200, TimeUnit.MILLISECONDS));
            final List<Connection<?>> ready = Connection.waitAny(List.of(quiet.first(), busy.first()), 60,
                TimeUnit.SECONDS);
            assertEquals(List.of(busy.first()), ready);
            assertEquals("here", busy.first().recv());
            assertTrue(Connection.waitAny(List.of(quiet.first()), 50, TimeUnit.MILLISECONDS).isEmpty());
            busy.first().close();
            assertTrue(p.join(60, TimeUnit.SECONDS));
            assertNull(busy.file(), "a pipe across hosts has no file");
        }
    }
}
