package io.shmproc.queue;

import io.shmproc.channel.ChronicleFlags;
import io.shmproc.codec.Codecs;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Child JVM programs for the durable-queue crash tests; every message is the string {@code "<producer>:<seq>"}.
 * <ul>
 *   <li>{@code producer DIR ID START PAUSE_MICROS}: puts ID:START, ID:START+1, ... forever, printing
 *       {@code PUT ID SEQ} after each put returns.</li>
 *   <li>{@code consumer DIR NAME}: takes, prints {@code TAKE NAME SEQ} (and {@code FIRST NAME SEQ} once), acks,
 *       prints {@code ACK NAME SEQ}; forever.</li>
 *   <li>{@code worker DIR START}: one producer {@code w} and consumers {@code a} and {@code b} as threads.</li>
 *   <li>{@code steady DIR ID MILLIS}: puts every millisecond for MILLIS, then prints {@code DONE ID COUNT}.</li>
 *   <li>{@code hang DIR}: opens a Chronicle document, writes half a message, prints {@code HANGING} and sleeps
 *       inside the append (to be killed there).</li>
 * </ul>
 */
public final class DurableCrashMain {
    private DurableCrashMain() {
    }

    public static void main(final String[] args) throws Exception {
        final String events = System.getProperty("crash.events");
        if (events != null) {
            // unbuffered: every line whose println returned is in the file even after SIGKILL
            System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(events, true), true, "UTF-8"));
        }
        final Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "producer":
                produce(open(dir), args[2], Long.parseLong(args[3]), Long.parseLong(args[4]));
                break;
            case "consumer":
                consume(open(dir), args[2]);
                break;
            case "worker":
                worker(open(dir), Long.parseLong(args[2]));
                break;
            case "steady":
                steady(open(dir), args[2], Long.parseLong(args[3]));
                break;
            case "hang":
                hang(dir);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static DurableQueue<String> open(final Path dir) {
        return DurableQueue.open(dir, Codecs.string(), DurableQueueOptions.defaults());
    }

    private static void produce(final DurableQueue<String> queue, final String id, final long start,
                                final long pauseMicros) throws InterruptedException {
        for (long seq = start; ; seq++) {
            queue.put(id + ":" + seq);
            System.out.println("PUT " + id + " " + seq);
            if (pauseMicros > 0) {
                TimeUnit.MICROSECONDS.sleep(pauseMicros);
            }
        }
    }

    private static void consume(final DurableQueue<String> queue, final String name) throws InterruptedException {
        try (DurableConsumer<String> consumer = queue.consumer(name)) {
            boolean first = true;
            while (true) {
                final String seq = consumer.take();
                System.out.println("TAKE " + name + " " + seq);
                if (first) {
                    System.out.println("FIRST " + name + " " + seq);
                    first = false;
                }
                consumer.ack();
                System.out.println("ACK " + name + " " + seq);
            }
        }
    }

    private static void worker(final DurableQueue<String> queue, final long start) throws Exception {
        for (final String name : new String[] {"a", "b"}) {
            final Thread consumer = new Thread(() -> {
                try {
                    consume(queue, name);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consumer-" + name);
            consumer.setDaemon(true);
            consumer.start();
        }
        produce(queue, "w", start, 2_000);
    }

    private static void steady(final DurableQueue<String> queue, final String id, final long millis)
        throws InterruptedException {
        final long end = System.currentTimeMillis() + millis;
        long count = 0;
        while (System.currentTimeMillis() < end) {
            queue.put(id + ":" + count++);
            if (count == 1) {
                System.out.println("READY " + id);
            }
            Thread.sleep(1);
        }
        queue.close();
        System.out.println("DONE " + id + " " + count);
    }

    private static void hang(final Path dir) throws InterruptedException {
        ChronicleFlags.requireChronicle();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(RollCycles.FAST_HOURLY).build()) {
            try (DocumentContext document = queue.createAppender().writingDocument()) {
                document.wire().bytes().writeLong(System.currentTimeMillis());
                document.wire().bytes().write("HANG:partial".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                System.out.println("HANGING");
                Thread.sleep(600_000);
            }
        }
    }
}
