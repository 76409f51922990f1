package io.shmproc.queue;

import io.shmproc.channel.ChronicleFlags;
import io.shmproc.channel.RollPeriod;
import io.shmproc.codec.Codecs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Child JVM program for the durable-queue fault tests, driven by commands on stdin (one per line), answering on
 * stdout. Every element is the string {@code "<tag>:<seq>:"} padded with dots to the requested size.
 * <ul>
 *   <li>{@code queue DIR}: opens the queue, prints {@code READY}, then obeys:
 *     <ul>
 *       <li>{@code put TAG COUNT SIZE}: puts until COUNT are in or one fails; prints {@code PUT TAG N} (N put),
 *           after {@code FAIL TAG <exception class> <message>} on failure.</li>
 *       <li>{@code offer TAG MILLIS}: one timed offer; prints {@code OFFER TAG true|false} or {@code FAIL ...}.</li>
 *       <li>{@code drain NAME}: polls consumer NAME (opened on first use) to the end, acknowledging each; prints
 *           {@code DRAINED NAME N} or {@code FAIL NAME <exception class> <message>}.</li>
 *       <li>{@code exit}: closes the queue and exits 0.</li>
 *     </ul></li>
 *   <li>{@code open DIR}: opens and closes the queue, printing {@code OPENED} or {@code FAIL open ...}.</li>
 *   <li>{@code hold DIR}: opens a raw Chronicle document (holding the write lock), prints {@code HOLDING}, waits
 *       for a line on stdin, rolls the document back and prints {@code RELEASED}, then exits.</li>
 * </ul>
 */
public final class DurableFaultMain {
    private DurableFaultMain() {
    }

    public static void main(final String[] args) throws Exception {
        final Path dir = Path.of(args[1]);
        if (args[0].equals("hold")) {
            hold(dir);
            return;
        }
        if (args[0].equals("open")) {
            try {
                open(dir).close();
                System.out.println("OPENED");
            } catch (final Throwable t) {
                fail("open", t);
            }
            return;
        }
        final DurableQueue<String> queue = open(dir);
        final Map<String, DurableConsumer<String>> consumers = new HashMap<>();
        System.out.println("READY");
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            final String[] cmd = line.trim().split(" ");
            switch (cmd[0]) {
                case "put":
                    put(queue, cmd[1], Integer.parseInt(cmd[2]), Integer.parseInt(cmd[3]));
                    break;
                case "offer":
                    try {
                        System.out.println("OFFER " + cmd[1] + " " + queue.offer(element(cmd[1], 0, 16),
                            Long.parseLong(cmd[2]), TimeUnit.MILLISECONDS));
                    } catch (final Throwable t) {
                        fail(cmd[1], t);
                    }
                    break;
                case "drain":
                    drain(queue, consumers, cmd[1]);
                    break;
                case "exit":
                    consumers.values().forEach(DurableConsumer::close);
                    queue.close();
                    System.out.println("EXITED");
                    return;
                default:
                    throw new IllegalArgumentException("unknown command " + line);
            }
        }
    }

    static DurableQueue<String> open(final Path dir) {
        return DurableQueue.open(dir, Codecs.string(), DurableQueueOptions.defaults().rollPeriod(RollPeriod.HOURLY));
    }

    static String element(final String tag, final int seq, final int size) {
        final StringBuilder text = new StringBuilder(tag).append(':').append(seq).append(':');
        while (text.length() < size) {
            text.append('.');
        }
        return text.toString();
    }

    private static void put(final DurableQueue<String> queue, final String tag, final int count, final int size) {
        int done = 0;
        try {
            for (; done < count; done++) {
                queue.put(element(tag, done, size));
            }
            System.out.println("PUT " + tag + " " + done);
        } catch (final Throwable t) {
            fail(tag, t);
            System.out.println("PUT " + tag + " " + done);
        }
    }

    private static void drain(final DurableQueue<String> queue, final Map<String, DurableConsumer<String>> consumers,
                              final String name) {
        int count = 0;
        try {
            final DurableConsumer<String> consumer = consumers.computeIfAbsent(name, queue::consumer);
            while (consumer.poll() != null) {
                consumer.ack();
                count++;
            }
            System.out.println("DRAINED " + name + " " + count);
        } catch (final Throwable t) {
            fail(name, t);
        }
    }

    private static void fail(final String tag, final Throwable t) {
        final String message = String.valueOf(t.getMessage()).replace('\n', ' ');
        System.out.println("FAIL " + tag + " " + t.getClass().getName() + " " + message);
        t.printStackTrace();
    }

    private static void hold(final Path dir) throws java.io.IOException {
        ChronicleFlags.requireChronicle();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
            .rollCycle(RollCycles.FAST_HOURLY).build()) {
            try (DocumentContext document = queue.createAppender().writingDocument()) {
                document.wire().bytes().writeLong(System.currentTimeMillis());
                System.out.println("HOLDING");
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                document.rollbackOnClose();
            }
            System.out.println("RELEASED");
        }
    }
}
