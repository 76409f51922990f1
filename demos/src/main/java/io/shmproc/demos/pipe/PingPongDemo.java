package io.shmproc.demos.pipe;

import io.shmproc.Shmproc;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.WaitStrategy;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Low-latency ping-pong between two JVMs over a busy-spinning duplex pipe: 32-byte messages sent with
 * {@code sendBytes} and received in place, each round trip recorded in an HdrHistogram; prints the
 * percentiles. Busy-spinning takes a core on each side: on a machine with fewer than two free cores the
 * figures show the scheduler, not the pipe.
 */
public final class PingPongDemo {
    private static final int LENGTH = 32;
    private static final int WARMUP = 20_000;
    private static final int TRIPS = 100_000;

    private PingPongDemo() {
    }

    /**
     * Runs the pinger (no arguments) or the ponger ({@code child <file>}).
     *
     * @param args none, or the child's arguments
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("child")) {
            pong(args[1]);
            return;
        }
        try (Shmproc mp = Shmproc.open()) {
            final Pipe<Object> pipe = mp.pipe(PipeOptions.duplex().waitStrategy(WaitStrategy.BUSY_SPIN));
            final Process child = ChildJvms.start(PingPongDemo.class, pipe.second(), mp.directory().resolve("end"));
            final Connection<Object> connection = pipe.first();
            final UnsafeBuffer ping = new UnsafeBuffer(new byte[LENGTH]);
            final MessageHandler ignore = (buffer, offset, length) -> { };
            final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
            for (int i = 0; i < WARMUP + TRIPS; i++) {
                final long start = System.nanoTime();
                ping.putLong(0, i);
                connection.sendBytes(ping, 0, LENGTH);
                connection.recvBytes(ignore);
                if (i >= WARMUP) {
                    histogram.recordValue(Math.min(System.nanoTime() - start, histogram.getHighestTrackableValue()));
                }
            }
            connection.close();
            child.waitFor(20, TimeUnit.SECONDS);
            System.out.printf("%,d round trips of %d bytes between two JVMs (after %,d warm-up trips):%n", TRIPS,
                LENGTH, WARMUP);
            for (final double p : new double[] {50, 90, 99, 99.9}) {
                System.out.printf("  p%-5s %,8d ns%n", p == 99.9 ? "99.9" : String.valueOf((int) p),
                    histogram.getValueAtPercentile(p));
            }
            System.out.printf("  max    %,8d ns%n", histogram.getMaxValue());
        }
    }

    private static void pong(final String file) throws Exception {
        try (Connection<Object> connection = ChildJvms.attach(file)) {
            final UnsafeBuffer copy = new UnsafeBuffer(new byte[LENGTH]);
            final MessageHandler keep = (buffer, offset, length) -> copy.putBytes(0, buffer, offset, length);
            for (int i = 0; i < WARMUP + TRIPS; i++) {
                connection.recvBytes(keep);
                connection.sendBytes(copy, 0, LENGTH);
            }
        }
    }
}
