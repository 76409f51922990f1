package io.shmproc.benchmarks.durable;

import io.shmproc.channel.ChronicleFlags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Cross-process harness: throughput (one producer JVM, one consumer JVM) and round-trip latency (ping JVM, echo
 * JVM over two logs) of raw Chronicle Queue, shmproc's DurableChannel and DurableQueue, in the same run.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks.jar \
 *     io.shmproc.benchmarks.durable.DurableHarness [messages=2000000] [runs=3] [rtts=50000]
 * </pre>
 * Each figure is the median of {@code runs} runs; implementations alternate within a run.
 */
public final class DurableHarness {
    private static final String[] IMPLS = {DurableEndpoints.RAW, DurableEndpoints.CHANNEL, DurableEndpoints.QUEUE,
        DurableEndpoints.MEMORY};
    private static final int[] SIZES = {32, 256};

    private DurableHarness() {
    }

    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("consume")) {
            consume(args[1], Path.of(args[2]), Long.parseLong(args[3]));
            return;
        }
        if (args.length > 0 && args[0].equals("echo")) {
            echo(args[1], Path.of(args[2]), Path.of(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
            return;
        }
        final long messages = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final int rtts = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        if (messages > 0) {
            throughputs(messages, runs);
        }
        if (rtts > 0) {
            latencies(rtts, runs);
        }
    }

    private static void throughputs(final long messages, final int runs) throws Exception {
        System.out.printf("durable throughput, %,d messages, producer JVM -> consumer JVM, median of %d runs%n",
            messages, runs);
        for (final int size : SIZES) {
            final double[][] rates = new double[IMPLS.length][runs];
            for (int run = 0; run < runs; run++) {
                for (int i = 0; i < IMPLS.length; i++) {
                    rates[i][run] = throughput(IMPLS[i], size, messages);
                }
            }
            final double raw = median(rates[0]);
            for (int i = 0; i < IMPLS.length; i++) {
                System.out.printf("  %-16s %4d B  %,12.0f msgs/s  (%.2fx raw Chronicle)  runs %s%n", IMPLS[i], size,
                    median(rates[i]), median(rates[i]) / raw, Arrays.toString(round(rates[i])));
            }
        }
    }

    private static void latencies(final int rtts, final int runs) throws Exception {
        System.out.printf("durable round trip, 32 B, %,d round trips after %,d warm-up, median of %d runs (ns)%n",
            rtts, rtts / 2, runs);
        final double[][][] latencies = new double[IMPLS.length][3][runs];
        for (int run = 0; run < runs; run++) {
            for (int i = 0; i < IMPLS.length; i++) {
                final Histogram histogram = roundTrip(IMPLS[i], rtts);
                latencies[i][0][run] = histogram.getValueAtPercentile(50);
                latencies[i][1][run] = histogram.getValueAtPercentile(99);
                latencies[i][2][run] = histogram.getValueAtPercentile(99.9);
            }
        }
        for (int i = 0; i < IMPLS.length; i++) {
            System.out.printf("  %-16s p50 %,8.0f  p99 %,9.0f  p99.9 %,10.0f  (p50 %.2fx raw Chronicle)%n", IMPLS[i],
                median(latencies[i][0]), median(latencies[i][1]), median(latencies[i][2]),
                median(latencies[i][0]) / median(latencies[0][0]));
        }
    }

    private static double throughput(final String impl, final int size, final long messages) throws Exception {
        final Path dir = Files.createTempDirectory("durable-bench-");
        try {
            final Process consumer = child("consume", impl, dir.toString(), String.valueOf(messages));
            final BufferedReader out = new BufferedReader(new InputStreamReader(consumer.getInputStream(),
                StandardCharsets.UTF_8));
            try (DurableEndpoints.Writer writer = DurableEndpoints.writer(impl, dir, size)) {
                if (!"READY".equals(out.readLine())) {
                    throw new IllegalStateException("consumer did not start");
                }
                for (long i = 0; i < messages; i++) {
                    writer.write(i);
                }
                final String result = out.readLine();
                consumer.waitFor();
                return Double.parseDouble(result);
            } finally {
                consumer.destroyForcibly();
            }
        } finally {
            delete(dir);
        }
    }

    private static void consume(final String impl, final Path dir, final long messages) {
        try (DurableEndpoints.Reader reader = DurableEndpoints.reader(impl, dir)) {
            System.out.println("READY");
            long start = 0;
            for (long received = 0; received < messages; ) {
                final long value = reader.read();
                if (value >= 0) {
                    if (received == 0) {
                        start = System.nanoTime();
                    }
                    if (value != received) {
                        throw new IllegalStateException("expected " + received + " got " + value);
                    }
                    received++;
                }
            }
            System.out.println((messages - 1) * 1e9 / (System.nanoTime() - start));
        }
    }

    private static Histogram roundTrip(final String impl, final int rtts) throws Exception {
        final Path ping = Files.createTempDirectory("durable-bench-ping-");
        final Path pong = Files.createTempDirectory("durable-bench-pong-");
        try {
            final long total = rtts + rtts / 2;
            final Process echo = child("echo", impl, ping.toString(), pong.toString(), "32", String.valueOf(total));
            final BufferedReader out = new BufferedReader(new InputStreamReader(echo.getInputStream(),
                StandardCharsets.UTF_8));
            final Histogram histogram = new Histogram(3);
            try (DurableEndpoints.Writer writer = DurableEndpoints.writer(impl, ping, 32);
                 DurableEndpoints.Reader reader = DurableEndpoints.reader(impl, pong)) {
                if (!"READY".equals(out.readLine())) {
                    throw new IllegalStateException("echo did not start");
                }
                for (long i = 0; i < total; i++) {
                    final long start = System.nanoTime();
                    writer.write(start);
                    while (reader.read() < 0) {
                        Thread.onSpinWait();
                    }
                    if (i >= rtts / 2) {
                        histogram.recordValue(System.nanoTime() - start);
                    }
                }
            } finally {
                echo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                echo.destroyForcibly();
            }
            return histogram;
        } finally {
            delete(ping);
            delete(pong);
        }
    }

    private static void echo(final String impl, final Path ping, final Path pong, final int size, final long total) {
        try (DurableEndpoints.Reader reader = DurableEndpoints.reader(impl, ping);
             DurableEndpoints.Writer writer = DurableEndpoints.writer(impl, pong, size)) {
            System.out.println("READY");
            for (long i = 0; i < total; ) {
                final long value = reader.read();
                if (value >= 0) {
                    writer.write(value);
                    i++;
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static Process child(final String... args) throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChronicleFlags.CHILD_JVM_ARGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DurableHarness.class.getName());
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static double median(final double[] values) {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static long[] round(final double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }

    private static void delete(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
