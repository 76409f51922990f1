package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.CrossProcessTest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two producers on a small many-producer ring that is full most of the time, so that each keeps refreshing the
 * head cache while the other checks its TAIL: a sound ring must never be reported corrupt (it was, when the check
 * read the TAIL before the head cache: another producer's claim and cache update in between made the cache
 * pass the stale TAIL; seen in 1 of 6 CI runs of {@code ChannelCrossProcessTest}).
 */
@CrossProcessTest
class MpscTailCheckRaceTest {
    private static final int PER_PRODUCER = 400_000;

    @Test
    void shouldNeverTakeASoundRingForCorruptWhileProducersRace() throws Exception {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.defaultBase());
        final java.nio.file.Path file = dir.resolve("race");
        try (MpscChannel channel = MpscChannel.create(file, ChannelOptions.defaults()
            .capacity(ChannelOptions.MIN_CAPACITY))) {
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Thread[] producers = new Thread[2];
            for (int p = 0; p < producers.length; p++) {
                producers[p] = new Thread(() -> {
                    final ArrayBuffer message = ArrayBuffer.wrapping(new byte[8]);
                    try (MpscChannel own = MpscChannel.attach(file, ChannelOptions.defaults())) {
                        for (int i = 0; i < PER_PRODUCER; i++) {
                            while (!own.offer(message, 0, 8)) {
                                Thread.onSpinWait();
                            }
                        }
                    } catch (final Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }, "producer-" + p);
                producers[p].start();
            }
            long received = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received < 2L * PER_PRODUCER && failure.get() == null && System.nanoTime() < deadline) {
                received += channel.poll((buffer, offset, length) -> { }, 64);
            }
            for (final Thread producer : producers) {
                producer.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertNull(failure.get(), "a producer failed");
            assertEquals(2L * PER_PRODUCER, received);
        } finally {
            dir.delete();
        }
    }
}
