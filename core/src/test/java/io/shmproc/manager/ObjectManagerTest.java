package io.shmproc.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.process.ShmProcess;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ObjectManagerTest {
    /** The served interface of the tests. */
    public interface Counter {
        long increment();

        long get();

        long servingPid();

        boolean initialized();

        void fail(String message) throws IOException;

        void failUnserializably(String message);

        void sleep(long millis) throws InterruptedException;
    }

    static volatile boolean initializerRan;

    /** A thread-safe counter served by the manager. */
    static final class CounterImpl implements Counter {
        private final AtomicLong value = new AtomicLong();

        @Override
        public long increment() {
            return value.incrementAndGet();
        }

        @Override
        public long get() {
            return value.get();
        }

        @Override
        public long servingPid() {
            return ProcessHandle.current().pid();
        }

        @Override
        public boolean initialized() {
            return initializerRan;
        }

        @Override
        public void fail(final String message) throws IOException {
            throw new IOException(message);
        }

        @Override
        public void failUnserializably(final String message) {
            throw new Unserializable(message);
        }

        @Override
        public void sleep(final long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    }

    /** An exception that cannot be serialized (it holds a thread). */
    static final class Unserializable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        private final Object notSerializable = new Object();

        Unserializable(final String message) {
            super(message);
        }
    }

    @Test
    void shouldServeCallsFromChildProcessesThroughProxies() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final ObjectManager manager = mp.manager("objects")
                .register("counter", Counter.class, CounterImpl::new)
                .initializer(() -> initializerRan = true)
                .start();
            final Counter counter = manager.proxy("counter", Counter.class);
            final long server = ProcessHandle.current().pid();
            final List<ShmProcess> children = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                children.add(mp.process(() -> {
                    if (counter.servingPid() != server || !counter.initialized()) {
                        System.exit(3);
                    }
                    for (int n = 0; n < 100; n++) {
                        counter.increment();
                    }
                }).start());
            }
            for (final ShmProcess child : children) {
                child.join();
                assertEquals(OptionalInt.of(0), child.exitCode(), child.toString());
            }
            assertEquals(300, counter.get());
            final Counter mine = manager.create("counter", Counter.class);
            mine.increment();
            assertEquals(1, mine.get(), "create() makes a new object");
            assertEquals(300, counter.get());
        }
    }

    @Test
    void shouldDeliverAMethodsExceptionToACallerInAnotherProcess() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final Counter counter = mp.manager("objects").register("counter", Counter.class, CounterImpl::new)
                .start().proxy("counter", Counter.class);
            final ShmProcess child = mp.process(() -> {
                try {
                    counter.fail("disk full");
                    System.exit(2);
                } catch (final IOException e) {
                    if (!"disk full".equals(e.getMessage()) || !(e.getCause() instanceof RemoteFailureException)
                        || !e.getCause().getStackTrace()[0].getClassName().contains("CounterImpl")) {
                        e.printStackTrace();
                        System.exit(3);
                    }
                }
                try {
                    counter.failUnserializably("odd");
                    System.exit(4);
                } catch (final RemoteFailureException e) {
                    if (!e.getMessage().contains(Unserializable.class.getName()) || !e.getMessage().contains("odd")) {
                        e.printStackTrace();
                        System.exit(5);
                    }
                }
            }).start();
            child.join();
            assertEquals(OptionalInt.of(0), child.exitCode());
        }
    }

    @Test
    void shouldFailACallWithPeerDiedExceptionWhenTheServerDies() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final String dir = mp.directory().toString();
            final ShmProcess server = mp.process(() -> {
                ObjectManager.open(Path.of(dir), "remote").register("counter", Counter.class, CounterImpl::new)
                    .start();
                Thread.sleep(600_000);
            }).daemon(true).start();
            final ObjectManager manager = mp.manager("remote");
            final Counter counter = manager.proxy("counter", Counter.class);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    assertEquals(server.pid(), counter.servingPid());
                    break;
                } catch (final ClosedException notYetServing) {
                    assertTrue(System.nanoTime() < deadline, "the child never served");
                    Thread.sleep(20);
                }
            }
            final CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    counter.sleep(600_000);
                    return "returned";
                } catch (final Throwable e) {
                    return e;
                }
            });
            Thread.sleep(200);
            server.kill();
            server.join();
            final Object outcome = blocked.get(30, TimeUnit.SECONDS);
            assertInstanceOf(PeerDiedException.class, outcome);
            assertThrows(PeerDiedException.class, counter::get);
        }
    }

    @Test
    void shouldTimeOutACallAndDropItsLateReply() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final ObjectManager manager = mp.manager("objects").register("counter", Counter.class, CounterImpl::new)
                .callTimeout(Duration.ofMillis(200)).start();
            final Counter counter = manager.proxy("counter", Counter.class);
            assertThrows(ShmprocTimeoutException.class, () -> counter.sleep(1_000));
            Thread.sleep(1_000);
            assertEquals(1, counter.increment(), "the late reply of sleep was not taken for this call");
        }
    }

    @Test
    void shouldCarryAProxyThroughAQueueToAChildThatCallsIt() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final Counter counter = mp.manager("objects").register("counter", Counter.class, CounterImpl::new)
                .start().proxy("counter", Counter.class);
            final io.shmproc.queue.SharedQueue<Object> queue = mp.queue("handles");
            queue.put(counter);
            final ShmProcess child = mp.process(() -> ((Counter) queue.take()).increment()).start();
            child.join();
            assertEquals(OptionalInt.of(0), child.exitCode());
            assertEquals(1, counter.get());
        }
    }

    @Test
    void shouldRefuseACallWhenNothingServes() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final Counter counter = mp.manager("none").proxy("counter", Counter.class);
            assertThrows(ClosedException.class, counter::get);
        }
    }
}
