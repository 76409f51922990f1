package io.shmproc.benchmarks.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.queue.IdleMode;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The child-JVM side of {@link QueueHarness}: one role per process, chosen by the first argument. Consumers
 * time the last {@code count} of {@code warmup + count} messages and print {@code rate <messages/s>}; the
 * ping role prints {@code rtt <p50> <p90> <p99> <p99.9>} in nanoseconds.
 */
public final class QueuePeers {
    static final int RING_BYTES = 1 << 20;

    private QueuePeers() {
    }

    /**
     * Runs one role.
     *
     * @param args role, file, message size, warmup, count (and producers for consumers)
     * @throws Exception on any failure (the harness reports it)
     */
    public static void main(final String[] args) throws Exception {
        final String role = args[0];
        final Path file = Path.of(args[1]);
        final int size = Integer.parseInt(args[2]);
        final long warmup = Long.parseLong(args[3]);
        final long count = Long.parseLong(args[4]);
        System.out.println("ready");
        switch (role) {
            case "shm-bytes-producer": shmBytesProducer(file, size, warmup + count); break;
            case "shm-bytes-consumer": shmBytesConsumer(file, warmup, count); break;
            case "shm-object-producer": shmObjectProducer(file, size, warmup + count); break;
            case "shm-object-consumer": shmObjectConsumer(file, warmup, count); break;
            case "agrona-producer": agronaProducer(file, size, warmup + count); break;
            case "agrona-consumer": agronaConsumer(file, warmup, count); break;
            case "chronicle-producer": chronicleProducer(file, size, warmup + count); break;
            case "chronicle-consumer": chronicleConsumer(file, warmup, count); break;
            case "shm-ping": shmPing(file, size, warmup, count); break;
            case "shm-pong": shmPong(file, warmup + count); break;
            case "agrona-ping": agronaPing(file, size, warmup, count); break;
            case "agrona-pong": agronaPong(file, warmup + count); break;
            default: throw new IllegalArgumentException("role=" + role + " is unknown");
        }
    }

    /** Counts messages and times the measured ones. */
    static final class Meter {
        private final long warmup;
        private final long total;
        private long seen;
        private long start;

        Meter(final long warmup, final long count) {
            this.warmup = warmup;
            this.total = warmup + count;
        }

        void onMessage() {
            if (++seen == warmup + 1) {
                start = System.nanoTime();
            }
        }

        boolean done() {
            return seen >= total;
        }

        void report() {
            final long elapsed = System.nanoTime() - start;
            System.out.println("rate " + (long) ((total - warmup) * 1e9 / elapsed));
        }
    }

    // ---- shmproc MPMC channel, bytes path

    private static void shmBytesProducer(final Path file, final int size, final long total) {
        try (MpmcChannel ch = MpmcChannel.attach(file, io.shmproc.memory.RegionKind.QUEUE)) {
            final UnsafeBuffer msg = new UnsafeBuffer(new byte[size]);
            for (long i = 0; i < total; i++) {
                msg.putLong(0, i);
                while (!ch.offer(msg, 0, size)) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static void shmBytesConsumer(final Path file, final long warmup, final long count) {
        try (MpmcChannel ch = MpmcChannel.attach(file, io.shmproc.memory.RegionKind.QUEUE)) {
            final Meter meter = new Meter(warmup, count);
            final MpmcChannel.ReadHandler handler = (b, o, l) -> meter.onMessage();
            while (!meter.done()) {
                if (ch.poll(handler, 256) == 0) {
                    Thread.onSpinWait();
                }
            }
            meter.report();
        }
    }

    // ---- shmproc SharedQueue, small objects (byte[] through the default codec)

    private static SharedQueue<byte[]> queue(final Path file) {
        return SharedQueue.attach(file, QueueOptions.defaults().idle(IdleMode.BUSY_SPIN));
    }

    private static void shmObjectProducer(final Path file, final int size, final long total) throws Exception {
        final SharedQueue<byte[]> q = queue(file);
        final byte[] item = new byte[size];
        for (long i = 0; i < total; i++) {
            q.put(item);
        }
        q.close();
    }

    private static void shmObjectConsumer(final Path file, final long warmup, final long count) throws Exception {
        final SharedQueue<byte[]> q = queue(file);
        final Meter meter = new Meter(warmup, count);
        while (!meter.done()) {
            q.take();
            meter.onMessage();
        }
        meter.report();
        q.close();
    }

    // ---- raw Agrona ManyToOneRingBuffer over a mapped file

    static ManyToOneRingBuffer agronaRing(final Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            final int length = RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH;
            final MappedByteBuffer mapped = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
            return new ManyToOneRingBuffer(new UnsafeBuffer(mapped, 0, length));
        }
    }

    private static void agronaProducer(final Path file, final int size, final long total) throws IOException {
        final ManyToOneRingBuffer ring = agronaRing(file);
        final UnsafeBuffer msg = new UnsafeBuffer(new byte[size]);
        for (long i = 0; i < total; i++) {
            msg.putLong(0, i);
            while (!ring.write(1, msg, 0, size)) {
                Thread.onSpinWait();
            }
        }
    }

    private static void agronaConsumer(final Path file, final long warmup, final long count) throws IOException {
        final ManyToOneRingBuffer ring = agronaRing(file);
        final Meter meter = new Meter(warmup, count);
        final org.agrona.concurrent.MessageHandler handler = (t, b, o, l) -> meter.onMessage();
        while (!meter.done()) {
            if (ring.read(handler, 256) == 0) {
                Thread.onSpinWait();
            }
        }
        meter.report();
    }

    // ---- Chronicle Queue

    private static void chronicleProducer(final Path dir, final int size, final long total) {
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(dir.toFile()).build();
             ExcerptAppender appender = q.createAppender()) {
            final Bytes<?> msg = Bytes.allocateDirect(size);
            for (long i = 0; i < total; i++) {
                msg.clear();
                msg.writeLong(i);
                msg.writeSkip(size - 8);
                appender.writeBytes(msg);
            }
        }
    }

    private static void chronicleConsumer(final Path dir, final long warmup, final long count) {
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(dir.toFile()).build();
             ExcerptTailer tailer = q.createTailer()) {
            final Bytes<?> into = Bytes.allocateElasticDirect(512);
            final Meter meter = new Meter(warmup, count);
            while (!meter.done()) {
                into.clear();
                if (tailer.readBytes(into)) {
                    meter.onMessage();
                } else {
                    Thread.onSpinWait();
                }
            }
            meter.report();
        }
    }

    // ---- round trips: ping sends, pong echoes on a second channel

    private static void shmPing(final Path base, final int size, final long warmup, final long count) {
        try (MpmcChannel out = MpmcChannel.attach(Path.of(base + ".ping"), io.shmproc.memory.RegionKind.QUEUE);
             MpmcChannel in = MpmcChannel.attach(Path.of(base + ".pong"), io.shmproc.memory.RegionKind.QUEUE)) {
            final UnsafeBuffer msg = new UnsafeBuffer(new byte[size]);
            final Histogram histogram = new Histogram(3);
            final int[] got = new int[1];
            final MpmcChannel.ReadHandler handler = (b, o, l) -> got[0]++;
            for (long i = 0; i < warmup + count; i++) {
                final long start = System.nanoTime();
                while (!out.offer(msg, 0, size)) {
                    Thread.onSpinWait();
                }
                got[0] = 0;
                while (in.poll(handler, 1) == 0) {
                    Thread.onSpinWait();
                }
                if (i >= warmup) {
                    histogram.recordValue(System.nanoTime() - start);
                }
            }
            printRtt(histogram);
        }
    }

    private static void shmPong(final Path base, final long total) {
        try (MpmcChannel in = MpmcChannel.attach(Path.of(base + ".ping"), io.shmproc.memory.RegionKind.QUEUE);
             MpmcChannel out = MpmcChannel.attach(Path.of(base + ".pong"), io.shmproc.memory.RegionKind.QUEUE)) {
            final MpmcChannel.ReadHandler echo = (b, o, l) -> {
                while (!out.offer(b, o, l)) {
                    Thread.onSpinWait();
                }
            };
            long n = 0;
            while (n < total) {
                final int got = in.poll(echo, 1);
                if (got == 0) {
                    Thread.onSpinWait();
                }
                n += got;
            }
        }
    }

    private static void agronaPing(final Path base, final int size, final long warmup, final long count)
        throws IOException {
        final ManyToOneRingBuffer out = agronaRing(Path.of(base + ".ping"));
        final ManyToOneRingBuffer in = agronaRing(Path.of(base + ".pong"));
        final UnsafeBuffer msg = new UnsafeBuffer(new byte[size]);
        final Histogram histogram = new Histogram(3);
        for (long i = 0; i < warmup + count; i++) {
            final long start = System.nanoTime();
            while (!out.write(1, msg, 0, size)) {
                Thread.onSpinWait();
            }
            while (in.read((t, b, o, l) -> { }, 1) == 0) {
                Thread.onSpinWait();
            }
            if (i >= warmup) {
                histogram.recordValue(System.nanoTime() - start);
            }
        }
        printRtt(histogram);
    }

    private static void agronaPong(final Path base, final long total) throws IOException {
        final ManyToOneRingBuffer in = agronaRing(Path.of(base + ".ping"));
        final ManyToOneRingBuffer out = agronaRing(Path.of(base + ".pong"));
        final org.agrona.concurrent.MessageHandler echo = (t, b, o, l) -> {
            while (!out.write(1, b, o, l)) {
                Thread.onSpinWait();
            }
        };
        long n = 0;
        while (n < total) {
            final int got = in.read(echo, 1);
            if (got == 0) {
                Thread.onSpinWait();
            }
            n += got;
        }
    }

    private static void printRtt(final Histogram h) {
        System.out.println("rtt " + h.getValueAtPercentile(50) + " " + h.getValueAtPercentile(90) + " "
            + h.getValueAtPercentile(99) + " " + h.getValueAtPercentile(99.9));
    }
}
