package io.shmproc.demos.queue;

import io.shmproc.Shmproc;
import io.shmproc.Warmup;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Sporadic messages to a consumer blocked in {@code take()}: one timestamp every GAP ms, the consumer's latency
 * from the put to its {@code take()} returning, as percentiles. The consumer sleeps in the kernel between
 * messages and is woken by the put (no polling, under 1 % of a core); its JVM is started with
 * {@code -Dshmproc.warmup=background}, so that shmproc's message path is compiled before the first message
 * (children that shmproc starts skip that warm-up unless asked; a JVM you start yourself runs it by default).
 *
 * <pre>
 *   parent ── put(nanoTime) every GAP ms ──► queue "stamps" ──► take() ── consumer (asleep in the kernel)
 *   parent ◄── latency ── queue "answers" ◄── put(nanoTime - stamp) ──────┘
 * </pre>
 */
public final class SporadicDemo {
    private static final int DEFAULT_MESSAGES = 100;
    private static final int DEFAULT_GAP_MILLIS = 20;
    private static final long WARMUP_WAIT_SECONDS = 30;

    private SporadicDemo() {
    }

    /**
     * The consumer's body: waits for its JVM's warm-up, says so, then answers each stamp with its latency until a
     * negative stamp.
     *
     * @param stamps  where the parent puts its stamps
     * @param answers where the latencies go
     * @throws InterruptedException never in practice
     */
    static void consume(final SharedQueue<Long> stamps, final SharedQueue<Long> answers) throws InterruptedException {
        answers.put(Warmup.await(WARMUP_WAIT_SECONDS, TimeUnit.SECONDS) ? 1L : 0L);
        while (true) {
            final long stamp = stamps.take();
            final long latency = System.nanoTime() - stamp;
            if (stamp < 0) {
                return;
            }
            answers.put(latency);
        }
    }

    /**
     * Runs the demo.
     *
     * @param args optional: the number of messages (default 100), then the gap in ms (default 20)
     * @throws Exception                on failure
     * @throws IllegalArgumentException when a count is not a number or out of range
     */
    public static void main(final String[] args) throws Exception {
        final int messages = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_MESSAGES;
        final int gapMillis = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_GAP_MILLIS;
        if (messages < 1 || gapMillis < 0) {
            throw new IllegalArgumentException("messages=" + messages + ", gap=" + gapMillis + " ms are not valid;"
                + " give at least 1 message and a gap of 0 ms or more");
        }
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<Long> stamps = mp.queue("stamps");
            final SharedQueue<Long> answers = mp.queue("answers");
            final ShmProcess consumer = mp.process(() -> consume(stamps, answers)).name("consumer")
                .jvmOptions(List.of("-Dshmproc.warmup=background")).start();
            Warmup.await(WARMUP_WAIT_SECONDS, TimeUnit.SECONDS); // this JVM's own, when it runs one
            final boolean warmed = answers.take() == 1L;
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            for (int i = 0; i < messages; i++) {
                Thread.sleep(gapMillis);
                stamps.put(System.nanoTime());
                histogram.recordValue(Math.min(answers.take(), histogram.getHighestTrackableValue()));
            }
            stamps.put(-1L);
            consumer.join();
            System.out.printf("%,d messages every %d ms to a consumer blocked in take() (its JVM warmed up first:"
                + " %s), latency put -> take:%n", messages, gapMillis, warmed);
            for (final double p : new double[] {50, 90, 99}) {
                System.out.printf("  p%-4d %,8.1f us%n", (int) p, histogram.getValueAtPercentile(p) / 1000.0);
            }
            System.out.printf("  max   %,8.1f us%n", histogram.getMaxValue() / 1000.0);
        }
    }
}
