package io.shmproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.MessageHandler;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Connection#waitAny} over a collection mixing a local connection with one of another backend. */
@CrossProcessTest
class ConnectionWaitAnyMixedTest {
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
    void shouldReturnTheOtherBackendsConnectionWhenItBecomesReady() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            final Connection<Object> local = pipe.first();
            assertInstanceOf(LocalConnection.class, local);
            final FakeConnection fake = FakeConnection.readyIn(150, TimeUnit.MILLISECONDS);
            final long start = System.nanoTime();
            assertEquals(List.of(fake), Connection.waitAny(List.of(local, fake), 10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(100), "it waited for the fake");
        }
    }

    @Test
    void shouldReturnTheLocalConnectionWhenAMessageIsSentToIt() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            final Connection<Object> local = pipe.first();
            final FakeConnection fake = FakeConnection.never();
            final List<Connection<?>> both = List.of(fake, local);
            assertEquals(List.of(), Connection.waitAny(both, 30, TimeUnit.MILLISECONDS));
            final Thread late = new Thread(() -> {
                try {
                    Thread.sleep(100);
                    pipe.second().send("hello");
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            late.start();
            assertEquals(List.of(local), Connection.waitAny(both, 10, TimeUnit.SECONDS));
            late.join();
            assertEquals("hello", local.recv());
        }
    }

    @Test
    void shouldReturnEveryReadyConnectionInTheGivenOrder() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            final FakeConnection fake = FakeConnection.readyIn(0, TimeUnit.MILLISECONDS);
            pipe.second().send(1);
            assertEquals(List.of(fake, pipe.first()), Connection.waitAny(List.of(fake, pipe.first()), 0,
                TimeUnit.SECONDS));
            assertEquals(List.of(pipe.first(), fake), Connection.waitAny(List.of(pipe.first(), fake), 0,
                TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldRejectAnEmptyCollectionAndAConnectionThatOnlySends() {
        assertThrows(IllegalArgumentException.class, () -> Connection.waitAny(List.of(), 1, TimeUnit.SECONDS));
        final FakeConnection sendOnly = new FakeConnection(Long.MAX_VALUE, false);
        assertThrows(IllegalStateException.class, () -> Connection.waitAny(List.of(sendOnly, sendOnly), 1,
            TimeUnit.SECONDS));
    }

    /** A connection of another backend: only {@link #poll()} works, and it turns true at a given time. */
    private static final class FakeConnection implements Connection<Object> {
        private static final long serialVersionUID = 1L;
        private final long readyAtNanos;
        private final boolean readable;

        FakeConnection(final long readyAtNanos, final boolean readable) {
            this.readyAtNanos = readyAtNanos;
            this.readable = readable;
        }

        static FakeConnection readyIn(final long delay, final TimeUnit unit) {
            return new FakeConnection(System.nanoTime() + unit.toNanos(delay), true);
        }

        static FakeConnection never() {
            return new FakeConnection(Long.MAX_VALUE, true);
        }

        @Override
        public boolean poll() {
            return readyAtNanos != Long.MAX_VALUE && System.nanoTime() - readyAtNanos >= 0;
        }

        @Override
        public boolean poll(final long timeout, final TimeUnit unit) throws InterruptedException {
            return !Connection.waitAny(List.of(this), timeout, unit).isEmpty();
        }

        @Override
        public boolean isReadable() {
            return readable;
        }

        @Override
        public boolean isWritable() {
            return false;
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public int end() {
            return 1;
        }

        @Override
        public Path file() {
            return null;
        }

        @Override
        public void close() {
        }

        @Override
        public void send(final Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendBytes(final byte[] bytes, final int offset, final int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendBytes(final byte[] bytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void sendBytes(final DirectBuffer buffer, final int offset, final int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object recv() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object recv(final long timeout, final TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] recvBytes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] recvBytes(final int maxLength) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int recvBytesInto(final MutableDirectBuffer buffer, final int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int recvBytesInto(final byte[] bytes, final int offset) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void recvBytes(final MessageHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int pollBytes(final MessageHandler handler, final int limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String toString() {
            return "FakeConnection[ready at " + readyAtNanos + ", readable " + readable + "]";
        }
    }
}
