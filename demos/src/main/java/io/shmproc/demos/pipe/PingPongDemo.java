package io.shmproc.demos.pipe;

import io.shmproc.Shmproc;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.WaitStrategy;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.process.ShmProcess;
import java.io.EOFException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Low-latency ping-pong between two processes over a busy-spinning duplex pipe: 32-byte messages sent with
 * {@code sendBytes} and received in place, each round trip recorded in an HdrHistogram; prints the
 * percentiles. The ponger is a child process started with {@code mp.process(...)} and given the full JIT
 * ({@code -XX:TieredStopAtLevel=4}, overriding the quick-start default). Busy-spinning takes a core on each side:
 * on a machine with fewer than two free cores the figures show the scheduler, not the pipe.
 */
public final class PingPongDemo {
    private static final int LENGTH = 32;
    private static final int DEFAULT_WARMUP = 20_000;
    private static final int DEFAULT_TRIPS = 100_000;

    private PingPongDemo() {
    }

    /**
     * The ponger's body: echoes every message back, then closes its end.
     *
     * @param connection the child's end
     * @param messages   how many messages to echo
     * @throws EOFException         when the pinger closed early
     * @throws InterruptedException never in practice
     */
    static void pong(final Connection<Object> connection, final int messages) throws EOFException,
        InterruptedException {
        try (connection) {
            final ArrayBuffer copy = ArrayBuffer.wrapping(new byte[LENGTH]);
            final MessageHandler keep = (buffer, offset, length) -> copy.putBytes(0, buffer, offset, length);
            for (int i = 0; i < messages; i++) {
                connection.recvBytes(keep);
                connection.sendBytes(copy, 0, LENGTH);
            }
        }
    }

    /**
     * Runs the demo: the pinger here, the ponger in a child process.
     *
     * @param args optional: the measured round trips (default 100,000), then the warm-up trips (default 20,000)
     * @throws Exception                on failure
     * @throws IllegalArgumentException when a count is not a number or out of range
     */
    public static void main(final String[] args) throws Exception {
        final int trips = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_TRIPS;
        final int warmup = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_WARMUP;
        if (trips < 1 || warmup < 0) {
            throw new IllegalArgumentException("trips=" + trips + ", warmup=" + warmup + " are not valid; give at"
                + " least 1 round trip and no negative warm-up");
        }
        try (Shmproc mp = Shmproc.open()) {
            final Pipe<Object> pipe = mp.pipe(PipeOptions.duplex().waitStrategy(WaitStrategy.BUSY_SPIN));
            final Connection<Object> childEnd = pipe.second();
            final ShmProcess ponger = mp.process(() -> pong(childEnd, warmup + trips)).name("ponger")
                .jvmOptions(List.of("-XX:TieredStopAtLevel=4")).start();
            final Histogram histogram;
            try (Connection<Object> connection = pipe.first()) {
                histogram = ping(connection, warmup, trips);
            }
            ponger.join();
            System.out.printf("%,d round trips of %d bytes between two processes (after %,d warm-up trips):%n",
                trips, LENGTH, warmup);
            for (final double p : new double[] {50, 90, 99, 99.9}) {
                System.out.printf("  p%-5s %,8d ns%n", p == 99.9 ? "99.9" : String.valueOf((int) p),
                    histogram.getValueAtPercentile(p));
            }
            System.out.printf("  max    %,8d ns%n", histogram.getMaxValue());
        }
    }

    private static Histogram ping(final Connection<Object> connection, final int warmup, final int trips)
        throws EOFException, InterruptedException {
        final ArrayBuffer ping = ArrayBuffer.wrapping(new byte[LENGTH]);
        final MessageHandler ignore = (buffer, offset, length) -> { };
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(1), 3);
        for (int i = 0; i < warmup + trips; i++) {
            final long start = System.nanoTime();
            ping.putLong(0, i);
            connection.sendBytes(ping, 0, LENGTH);
            connection.recvBytes(ignore);
            if (i >= warmup) {
                histogram.recordValue(Math.min(System.nanoTime() - start, histogram.getHighestTrackableValue()));
            }
        }
        return histogram;
    }
}
