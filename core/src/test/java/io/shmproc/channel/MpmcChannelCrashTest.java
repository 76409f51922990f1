package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class MpmcChannelCrashTest {

    /** Claims space, fills it with bytes that look like published headers, and stalls: args file. */
    static final class GarbageClaimer {
        public static void main(final String[] args) throws Exception {
            final MpmcChannel ch = MpmcChannel.attach(Path.of(args[0]));
            final int at = ch.tryClaim(100);
            ch.buffer().setMemory(at, 100, (byte) 0xFF); // payload bytes that look like published headers
            System.out.println("claimed " + at);
            Thread.sleep(600_000);
        }
    }

    @Test
    void shouldNeverShowTheClaimedSpaceOfAProducerKilledBeforeCommitting() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final Path file = mp.directory().resolve("ch");
            try (MpmcChannel ch = MpmcChannel.create(file, 1024, 0, 4096)) {
                final ArrayBuffer msg = ArrayBuffer.wrapping(new byte[8]);
                msg.putLong(0, 1L);
                assertTrue(ch.offer(msg, 0, 8));
                try (ChildJvm child = ChildJvm.start(GarbageClaimer.class, file.toString())) {
                    child.awaitLine(l -> l.startsWith("claimed"), Duration.ofSeconds(60));
                    child.kill();
                }
                final List<Long> got = new ArrayList<>();
                final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 100_000);
                final long start = System.nanoTime();
                msg.putLong(0, 2L);
                assertTrue(ch.offer(msg, 0, 8, System.nanoTime() + TimeUnit.SECONDS.toNanos(5), idle),
                    "the dead claimer's lock is taken over");
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
                for (long i = 3; i < 200; i++) {
                    msg.putLong(0, i);
                    assertTrue(ch.offer(msg, 0, 8, System.nanoTime() + TimeUnit.SECONDS.toNanos(5), idle));
                    ch.poll((b, o, l) -> got.add(b.getLong(o)), 100);
                }
                while (ch.poll((b, o, l) -> got.add(b.getLong(o)), 100) > 0) {
                    // drain
                }
                final List<Long> expected = new ArrayList<>();
                for (long i = 1; i < 200; i++) {
                    expected.add(i);
                }
                assertEquals(expected, got, "only committed messages, each once, in order");
                assertEquals(0, ch.size());
            }
        }
    }
}
