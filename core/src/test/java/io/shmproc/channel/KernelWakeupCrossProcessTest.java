package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.Sleepers;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kernel-assisted wake-up across real processes, for the pipe's channel (SPSC) and the queue's (MPMC): the
 * consumer children sleep with a wake-up period set long on purpose, so a message seen well before the period
 * ends was delivered by the kernel wake-up, not by the periodic check.
 */
@CrossProcessTest
class KernelWakeupCrossProcessTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    /** The sleepers' period in the prompt-wake tests: a wake-up that failed would take this long. */
    private static final long LONG_PERIOD_MILLIS = 8_000;
    private SharedDirectory dir;

    @BeforeEach
    void createDirectory() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
    }

    @AfterEach
    void deleteDirectory() {
        dir.delete();
    }

    /** The parent's end: a channel of the kind, over a new file. */
    private static final class Producer implements AutoCloseable {
        private final SpscChannel spsc;
        private final MpmcChannel mpmc;

        Producer(final String kind, final Path file) {
            this.spsc = "spsc".equals(kind) ? SpscChannel.create(file, ChannelOptions.defaults()) : null;
            this.mpmc = "spsc".equals(kind) ? null : MpmcChannel.create(file, 1 << 16, 0, 1 << 20);
        }

        Sleepers sleepers() {
            return spsc != null ? spsc.dataSleepers() : mpmc.dataSleepers();
        }

        void send(final long stamp) {
            final ArrayBuffer message = ArrayBuffer.wrapping(new byte[8]);
            message.putLong(0, stamp);
            assertTrue(spsc != null ? spsc.offer(message, 0, 8) : mpmc.offer(message, 0, 8), "offer");
        }

        @Override
        public void close() {
            if (spsc != null) {
                spsc.close();
            } else {
                mpmc.close();
            }
        }
    }

    private static List<String> period(final long millis) {
        return List.of("-D" + KernelWakeup.PERIOD_PROPERTY + "=" + millis);
    }

    private static void awaitSleeper(final Sleepers sleepers, final long expected) throws InterruptedException {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (sleepers.count() != expected) {
            assertTrue(System.nanoTime() < deadline, "sleeper count stayed " + sleepers.count() + ", expected "
                + expected);
            Thread.sleep(5);
        }
    }

    private static long latencyMillis(final ChildJvm child, final int nth) throws InterruptedException {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (true) {
            final List<String> latencies = child.lines().stream().filter(l -> l.startsWith("latency ")).toList();
            if (latencies.size() >= nth) {
                return Long.parseLong(latencies.get(nth - 1).substring("latency ".length())) / 1000;
            }
            assertTrue(System.nanoTime() < deadline, "no message " + nth + " received; the child printed "
                + child.lines());
            Thread.sleep(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpmc"})
    void shouldWakeASleepingConsumerLongBeforeItsPeriodEnds(final String kind) throws Exception {
        final Path file = dir.resolve("c");
        try (Producer producer = new Producer(kind, file);
             ChildJvm child = ChildJvm.start(period(LONG_PERIOD_MILLIS), WakeChildren.Consumer.class, kind,
                 file.toString())) {
            child.awaitLine("ready"::equals, LONG);
            for (int i = 1; i <= 3; i++) {
                awaitSleeper(producer.sleepers(), 1);
                Thread.sleep(50); // well inside the sleep: the consumer is in the kernel now
                producer.send(System.nanoTime());
                final long millis = latencyMillis(child, i);
                assertTrue(millis < LONG_PERIOD_MILLIS / 2, "message " + i + " took " + millis + " ms: not woken,"
                    + " found by the " + LONG_PERIOD_MILLIS + " ms periodic check");
            }
            producer.send(-1);
            assertEquals(0, child.waitFor(LONG));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpmc"})
    void shouldNotBlockOrFailTheWakerWhenTheSleeperWasKilledInItsSleep(final String kind) throws Exception {
        final Path file = dir.resolve("c");
        try (Producer producer = new Producer(kind, file);
             ChildJvm child = ChildJvm.start(period(LONG_PERIOD_MILLIS), WakeChildren.Consumer.class, kind,
                 file.toString())) {
            child.awaitLine("ready"::equals, LONG);
            awaitSleeper(producer.sleepers(), 1);
            child.kill();
            child.waitFor(LONG);
            final long start = System.nanoTime();
            producer.send(1);
            producer.send(2);
            final long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(0, producer.sleepers().count(), "the waker removed the dead sleeper");
            assertTrue(millis < 5_000, "waking a dead sleeper took " + millis + " ms");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpmc"})
    void shouldEndTheSleepByThePeriodicCheckWhenTheWakerDiedBeforeWaking(final String kind) throws Exception {
        final Path file = dir.resolve("c");
        try (Producer producer = new Producer(kind, file);
             ChildJvm consumer = ChildJvm.start(period(1_000), WakeChildren.Consumer.class, kind, file.toString())) {
            consumer.awaitLine("ready"::equals, LONG);
            awaitSleeper(producer.sleepers(), 1);
            try (ChildJvm waker = ChildJvm.start(WakeChildren.DyingWaker.class, kind, file.toString())) {
                waker.awaitLine("taken and written"::equals, LONG);
                assertEquals(9, waker.waitFor(LONG));
            }
            final long millis = latencyMillis(consumer, 1);
            assertTrue(millis < LONG.toMillis(), "took " + millis + " ms");
            producer.send(-1);
            assertEquals(0, consumer.waitFor(LONG));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spsc", "mpmc"})
    void shouldNeitherPublishNorOpenASocketWhenKernelWakeupIsOff(final String kind) throws Exception {
        final Path file = dir.resolve("c");
        try (Producer producer = new Producer(kind, file);
             ChildJvm child = ChildJvm.start(List.of("-D" + KernelWakeup.ENABLED_PROPERTY + "=false"),
                 WakeChildren.Consumer.class, kind, file.toString())) {
            child.awaitLine("ready"::equals, LONG);
            final long deadline = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
            while (System.nanoTime() < deadline) {
                assertEquals(0, producer.sleepers().count(), "a waiter published itself with kernel wake-up off");
                Thread.sleep(10);
            }
            assertEquals(List.of(), sockets(file.getParent()));
            producer.send(System.nanoTime());
            latencyMillis(child, 1);
            producer.send(-1);
            assertEquals(0, child.waitFor(LONG));
        }
    }

    private static List<Path> sockets(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(KernelWakeup.SOCKET_PREFIX)).toList();
        }
    }
}
