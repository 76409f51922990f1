package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Capability;
import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.exceptions.AuthenticationException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedLong;
import io.shmproc.sync.Lock;
import io.shmproc.testkit.CrossProcessSuite;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster context through the public API: the README's first program unchanged but for how the context is
 * made, handles sent to child JVMs, a child killed holding a lock, and the bad-input cases of {@code connect}.
 */
@CrossProcessSuite
class ClusterContextTest {
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
    void shouldRunTheReadmesFirstProgram() throws Exception {
        final SharedQueue<String> q = mp.queue("jobs");
        final ShmProcess p = mp.process(() -> q.put("hello")).name("worker").start();
        assertEquals("hello", q.poll(60, TimeUnit.SECONDS));
        p.join();
        assertEquals(0, p.exitCode().getAsInt());
    }

    @Test
    void shouldCountFromChildrenExactly() throws Exception {
        final SharedLong hits = mp.sharedLong("hits-from-children", 0);
        final ShmProcess a = mp.process(() -> {
            for (int i = 0; i < 50; i++) {
                hits.incrementAndGet();
            }
        }).start();
        final ShmProcess b = mp.process(() -> {
            for (int i = 0; i < 50; i++) {
                hits.incrementAndGet();
            }
        }).start();
        a.join();
        b.join();
        assertEquals(0, a.exitCode().getAsInt());
        assertEquals(0, b.exitCode().getAsInt());
        assertEquals(100, hits.get());
    }

    @Test
    void shouldPassADeadChildsLockOnWithOwnerDied() throws Exception {
        final Lock lock = mp.lock("held-by-a-child");
        final SharedQueue<String> ready = mp.queue("child-holds-lock");
        final ShmProcess child = mp.process(() -> {
            lock.lock();
            ready.put("holding");
            Thread.sleep(600_000);
        }).start();
        assertEquals("holding", ready.poll(60, TimeUnit.SECONDS));
        assertFalse(lock.tryLock(), "the child holds it");
        final long killed = System.nanoTime();
        child.kill();
        assertTrue(lock.tryLock(Duration.ofSeconds(30)), "the dead child's lock never passed on");
        try {
            final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertTrue(lock.previousOwnerDied(), "the new holder is told the previous one died");
            System.out.println("lock of a SIGKILLed client passed on after " + tookMillis + " ms (session timeout "
                + ClusterMember.SESSION_TIMEOUT_MS + " ms)");
        } finally {
            lock.unlock();
        }
        final String dead = "shmproc-client-" + child.pid() + "-";
        try (Shmproc another = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()));
             java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(java.nio.file.Path.of(
                 "/dev/shm"))) {
            assertEquals(java.util.List.of(), left.filter(p -> p.getFileName().toString().startsWith(dead))
                .collect(java.util.stream.Collectors.toList()), "the next client removes a killed client's driver");
        }
    }

    @Test
    void shouldReclaimTheProcessRecordDirectoryOfAKilledClusterContextWhenTheNextOneOpens() throws Exception {
        // a cluster context keeps its children's exit records in a private directory of the default base; when
        // its JVM is killed (SIGKILL, or SIGTERM before the context's close), the next context to open, local or
        // of a cluster, removes it
        final java.nio.file.Path left;
        try (io.shmproc.testkit.ChildJvm child = io.shmproc.testkit.ChildJvm.start(RecordDirectoryOwner.class)) {
            final String line = child.awaitLine(l -> l.startsWith("DIR "), java.time.Duration.ofSeconds(30));
            left = java.nio.file.Path.of(line.substring(4));
            assertTrue(java.nio.file.Files.isDirectory(left));
            child.kill();
        }
        assertTrue(java.nio.file.Files.isDirectory(left), "a SIGKILLed JVM cannot remove its own directory");
        try (Shmproc another = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()))) {
            assertFalse(java.nio.file.Files.exists(left), "the next cluster context reclaims " + left);
        }
    }

    /** Child: makes a private directory as a cluster context's process group does, then waits to be killed. */
    static final class RecordDirectoryOwner {
        public static void main(final String[] args) throws Exception {
            final io.shmproc.memory.SharedDirectory dir = io.shmproc.memory.SharedDirectory.create(
                io.shmproc.memory.SharedDirectory.defaultBase());
            System.out.println("DIR " + dir.path());
            Thread.sleep(120_000);
        }
    }

    @Test
    void shouldNeverWriteTheKeyIntoAHandle() throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(mp.queue("serialized"));
            out.writeObject(mp.dict("serialized"));
            out.writeObject(mp.lock("serialized"));
        }
        final String written = new String(bytes.toByteArray(), StandardCharsets.ISO_8859_1);
        assertFalse(written.contains(cluster.key()));
        assertTrue(written.contains(cluster.endpoints()), "the address is what a handle carries");
    }

    @Test
    void shouldSayWhatItCannotDo() {
        assertTrue(mp.capabilities().contains(Capability.REPLICATED));
        assertFalse(mp.capabilities().contains(Capability.SHARED_MEMORY));
        final UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
            () -> mp.sharedMemory("x", 64));
        assertTrue(e.getMessage().contains("SHARED_MEMORY"), e.getMessage());
        assertTrue(mp.capabilities().contains(Capability.PROCESS_POOLS), "pools across hosts: ClusterPoolTest");
        assertFalse(mp.capabilities().contains(Capability.DURABLE_QUEUES));
    }

    @Test
    void shouldRefuseAWrongKeyAndAnAddressWithNoClusterWithinTheTimeout() {
        final long start = System.nanoTime();
        assertThrows(AuthenticationException.class, () -> Shmproc.connect(cluster.address(),
            ConnectOptions.withKey("not the key of this cluster").connectTimeout(Duration.ofSeconds(10))));
        assertThrows(ShmprocTimeoutException.class, () -> Shmproc.connect("aeron-cluster://127.0.0.1:9",
            ConnectOptions.withKey("some key here").connectTimeout(Duration.ofSeconds(2))));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
        assertThrows(IllegalArgumentException.class, () -> Shmproc.connect("nosuch://x:1",
            ConnectOptions.withKey("some key here")));
    }
}
