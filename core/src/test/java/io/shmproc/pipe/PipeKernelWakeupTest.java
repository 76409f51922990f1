package io.shmproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code recv()} blocked in another process and asleep in the kernel, with a wake-up period set long on
 * purpose, returns promptly on {@code send} and ends with {@link EOFException} promptly when this end closes.
 */
@CrossProcessTest
class PipeKernelWakeupTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private static final long PERIOD_MILLIS = 8_000;
    private SharedDirectory dir;

    @BeforeEach
    void createDirectory() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
    }

    @AfterEach
    void deleteDirectory() {
        dir.delete();
    }

    /** Child: receives until end of file, printing {@code got <nanoTime>} and {@code eof <nanoTime>}. */
    static final class Receiver {
        private Receiver() {
        }

        public static void main(final String[] args) throws Exception {
            try (Connection<Object> connection = PipeChildren.read(args[0])) {
                System.out.println("attached");
                while (true) {
                    try {
                        connection.recv();
                        System.out.println("got " + System.nanoTime());
                    } catch (final EOFException e) {
                        System.out.println("eof " + System.nanoTime());
                        return;
                    }
                }
            }
        }
    }

    /**
     * Child: {@code waitAny} over two connections, then {@code poll(timeout)} on the first, printing
     * {@code ready <index> <nanoTime>} and {@code polled <nanoTime>}.
     */
    static final class Poller {
        private Poller() {
        }

        public static void main(final String[] args) throws Exception {
            try (Connection<Object> first = PipeChildren.read(args[0]);
                 Connection<Object> second = PipeChildren.read(args[1])) {
                System.out.println("attached");
                final List<Connection<?>> ready = Connection.waitAny(List.of(first, second), 60, TimeUnit.SECONDS);
                System.out.println("ready " + (ready.get(0) == first ? 0 : 1) + " " + System.nanoTime());
                ready.get(0).recv();
                System.out.println("received");
                System.out.println("polled " + (first.poll(60, TimeUnit.SECONDS) ? System.nanoTime() : -1));
            }
        }
    }

    /** Waits until the child has a socket (it slept once), then a while more: it is asleep in the kernel. */
    private void awaitAsleep(final ChildJvm child) throws Exception {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (true) {
            try (Stream<Path> files = Files.list(dir.path())) {
                if (files.anyMatch(p -> p.getFileName().toString().startsWith(KernelWakeup.SOCKET_PREFIX
                    + child.pid() + "-"))) {
                    break;
                }
            }
            assertTrue(System.nanoTime() < deadline, "the child never slept in the kernel");
            Thread.sleep(5);
        }
        Thread.sleep(300);
    }

    private static long millisSince(final ChildJvm child, final String prefix, final long at) {
        final String line = child.awaitLine(l -> l.startsWith(prefix), LONG);
        return (Long.parseLong(line.substring(prefix.length())) - at) / 1_000_000;
    }

    private ChildJvm poller(final Pipe<Object> one, final Pipe<Object> two, final boolean kernel) throws Exception {
        final Path first = dir.resolve("end-a");
        final Path second = dir.resolve("end-b");
        PipeChildren.write(one.second(), first);
        PipeChildren.write(two.second(), second);
        return ChildJvm.start(List.of("-D" + KernelWakeup.PERIOD_PROPERTY + "=" + PERIOD_MILLIS,
            "-D" + KernelWakeup.ENABLED_PROPERTY + "=" + kernel), Poller.class, first.toString(), second.toString());
    }

    private long sockets() throws Exception {
        try (Stream<Path> files = Files.list(dir.path())) {
            return files.filter(f -> f.getFileName().toString().startsWith(KernelWakeup.SOCKET_PREFIX)).count();
        }
    }

    @Test
    void shouldWakeASleepingWaitAnyAndPollOnSendToAnyOfItsConnections() throws Exception {
        final Pipe<Object> one = Pipe.open(dir.resolve("p1"));
        final Pipe<Object> two = Pipe.open(dir.resolve("p2"));
        try (ChildJvm child = poller(one, two, true)) {
            child.awaitLine("attached"::equals, LONG);
            awaitAsleep(child);
            long at = System.nanoTime();
            two.first().send("to the second");
            final String ready = child.awaitLine(l -> l.startsWith("ready "), LONG);
            assertTrue(ready.startsWith("ready 1 "), ready);
            final long woke = (Long.parseLong(ready.substring("ready 1 ".length())) - at) / 1_000_000;
            assertTrue(woke < PERIOD_MILLIS / 2, "waitAny returned " + woke + " ms after the send: not woken");
            child.awaitLine("received"::equals, LONG);
            Thread.sleep(300); // asleep again, in poll
            at = System.nanoTime();
            one.first().send("to the first");
            final long polled = millisSince(child, "polled ", at);
            assertTrue(polled >= 0 && polled < PERIOD_MILLIS / 2, "poll returned " + polled + " ms after the send");
            assertEquals(0, child.waitFor(LONG));
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void shouldBackOffWithoutSocketsInWaitAnyWhenKernelWakeupIsOff() throws Exception {
        final Pipe<Object> one = Pipe.open(dir.resolve("p1"));
        final Pipe<Object> two = Pipe.open(dir.resolve("p2"));
        try (ChildJvm child = poller(one, two, false)) {
            child.awaitLine("attached"::equals, LONG);
            Thread.sleep(500);
            assertEquals(0, sockets(), "a waiter opened a socket with kernel wake-up off");
            two.first().send("to the second");
            assertTrue(child.awaitLine(l -> l.startsWith("ready "), LONG).startsWith("ready 1 "));
            child.awaitLine("received"::equals, LONG);
            one.first().send("to the first");
            child.awaitLine(l -> l.startsWith("polled "), LONG);
            assertEquals(0, child.waitFor(LONG));
            assertEquals(0, sockets());
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void shouldWakeABlockedRecvOnSendAndOnTheOtherEndsClose() throws Exception {
        final Pipe<Object> pipe = Pipe.open(dir.resolve("p"));
        final Path handed = dir.resolve("end-2");
        PipeChildren.write(pipe.second(), handed);
        try (ChildJvm child = ChildJvm.start(List.of("-D" + KernelWakeup.PERIOD_PROPERTY + "=" + PERIOD_MILLIS),
            Receiver.class, handed.toString())) {
            child.awaitLine("attached"::equals, LONG);
            awaitAsleep(child);
            long at = System.nanoTime();
            pipe.first().send("hello");
            final long sent = millisSince(child, "got ", at);
            assertTrue(sent < PERIOD_MILLIS / 2, "recv returned " + sent + " ms after the send: not woken");
            Thread.sleep(300); // asleep again
            at = System.nanoTime();
            pipe.first().close();
            final long closed = millisSince(child, "eof ", at);
            assertTrue(closed < PERIOD_MILLIS / 2, "recv saw the close only after " + closed + " ms: not woken");
            assertEquals(0, child.waitFor(LONG));
        } finally {
            pipe.close();
        }
    }
}
