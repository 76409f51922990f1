package io.shmproc.demos.durable;

import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import io.shmproc.process.SerializableRunnable;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.AckMode;
import io.shmproc.queue.DurableConsumer;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A producer child process writes a million events to a durable queue and is killed with SIGKILL; a consumer child
 * is killed twice mid-stream and restarted, and each restart resumes right after its last acknowledgement.
 * The consumer checks every event (no gap, no reordering) and the demo prints the proof, including how many
 * events were delivered twice (at-least-once: at most one acknowledgement batch per crash).
 */
public final class DurableQueueDemo {
    private static final long EVENTS = 1_000_000;
    private static final int ACK_BATCH = 1_000;

    private DurableQueueDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception when the proof fails or a child misbehaves
     */
    public static void main(final String[] args) throws Exception {
        final Path work = Files.createTempDirectory("durable-demo-");
        try (Shmproc mp = Shmproc.open()) {
            final String log = work.resolve("events").toString();
            final Path producerOut = work.resolve("producer.out");
            final ShmProcess producer = child(mp, () -> produce(log), "producer", producerOut);
            awaitLine(producerOut, "WROTE " + EVENTS, producer);
            producer.kill();
            producer.join();
            System.out.println("producer (pid " + producer.pid() + ") wrote " + EVENTS + " events and was killed"
                + " with SIGKILL (exit code " + producer.exitCode().orElse(Integer.MIN_VALUE) + ")");

            final long[] killAt = {300_000, 650_000};
            final List<Path> runs = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                final Path out = work.resolve("consumer-" + run + ".out");
                runs.add(out);
                final ShmProcess consumer = child(mp, () -> consume(log), "consumer-" + (run + 1), out);
                if (run < killAt.length) {
                    awaitProgress(out, killAt[run], consumer);
                    consumer.kill();
                    consumer.join();
                } else if (!consumer.join(60, TimeUnit.SECONDS)) {
                    consumer.kill();
                    throw new IllegalStateException("the last consumer did not finish");
                }
            }
            prove(runs);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void prove(final List<Path> runs) throws IOException {
        long previousAck = -1;
        long previousTaken = -1;
        long duplicates = 0;
        boolean ok = true;
        for (int run = 0; run < runs.size(); run++) {
            final List<String> lines = Files.readAllLines(runs.get(run));
            final long first = valueOf(lines, "FIRST ");
            final long lastAck = lastValueOf(lines, "ACKED ");
            final long lastTaken = Math.max(lastValueOf(lines, "PROGRESS "), lastAck);
            final boolean gap = lines.stream().anyMatch(l -> l.startsWith("GAP"));
            final boolean exact = first == previousAck + 1 || first == previousAck + 1 + ACK_BATCH;
            final long redelivered = run > 0 ? Math.max(0, previousTaken - first + 1) : 0;
            duplicates += redelivered;
            System.out.printf("consumer run %d: first event %,d (last acknowledged before: %,d)%s, %s; last"
                    + " acknowledged %,d; %s%s%n", run + 1, first, previousAck,
                exact ? " -> resumed exactly after it" : " -> WRONG",
                run == 0 ? "nothing to redeliver" : "redelivered about " + redelivered + " taken-but-unacknowledged",
                lastAck, gap ? "GAP DETECTED" : "no gap, in order", run < runs.size() - 1 ? "; killed with SIGKILL"
                    : "; finished");
            ok &= exact && !gap;
            previousAck = lastAck;
            previousTaken = lastTaken;
        }
        final boolean complete = previousAck == EVENTS - 1;
        System.out.printf("proof: %s; all %,d events consumed: %s; delivered twice: about %,d in all, to the nearest"
                + " 100 (at-least-once window: under %,d per crash, the unacknowledged batch)%n", ok ? "OK" : "FAILED",
            EVENTS, complete ? "yes" : "NO", duplicates, ACK_BATCH);
        if (!ok || !complete) {
            throw new IllegalStateException("the durable queue demo's proof failed");
        }
    }

    private static void produce(final String log) throws InterruptedException {
        final DurableQueue<Long> queue = DurableQueue.open(Path.of(log), Codecs.longs(), DurableQueueOptions.defaults());
        for (long i = 0; i < EVENTS; i++) {
            queue.put(i);
        }
        System.out.println("WROTE " + EVENTS);
        System.out.flush();
        Thread.sleep(60_000);
    }

    private static void consume(final String log) throws InterruptedException {
        try (DurableQueue<Long> queue = DurableQueue.open(Path.of(log), Codecs.longs(), DurableQueueOptions.defaults());
             DurableConsumer<Long> consumer = queue.consumer("audit", AckMode.EXPLICIT)) {
            long expected = -1;
            while (true) {
                final long event = consumer.take();
                if (expected < 0) {
                    System.out.println("FIRST " + event);
                } else if (event != expected) {
                    System.out.println("GAP expected " + expected + " got " + event);
                }
                expected = event + 1;
                if (event % ACK_BATCH == ACK_BATCH - 1) {
                    consumer.ack();
                    System.out.println("ACKED " + event);
                }
                if (event % 100 == 0) {
                    System.out.println("PROGRESS " + event);
                }
                if (event % 500 == 0) {
                    Thread.sleep(1);
                }
                if (event == EVENTS - 1) {
                    return;
                }
            }
        }
    }

    /**
     * A daemon child (shmproc gives it the JVM options durable queues need) with the full JIT, its stdout going
     * to a file the parent reads.
     */
    private static ShmProcess child(final Shmproc mp, final SerializableRunnable body, final String name,
                                    final Path out) {
        return mp.process(body).name(name).daemon(true).jvmOptions(List.of("-XX:TieredStopAtLevel=4"))
            .redirectOutput(ProcessBuilder.Redirect.to(out.toFile())).start();
    }

    private static void awaitLine(final Path out, final String line, final ShmProcess process) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(out) && Files.readAllLines(out).contains(line)) {
                return;
            }
            Thread.sleep(20);
        }
        process.kill();
        throw new IllegalStateException("child " + process.pid() + " did not print '" + line + "'");
    }

    private static void awaitProgress(final Path out, final long progress, final ShmProcess process)
        throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(out) && lastValueOf(Files.readAllLines(out), "PROGRESS ") >= progress) {
                return;
            }
            Thread.sleep(5);
        }
        process.kill();
        throw new IllegalStateException("consumer " + process.pid() + " made no progress to " + progress);
    }

    private static long valueOf(final List<String> lines, final String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).mapToLong(l -> Long.parseLong(l.substring(
            prefix.length()))).findFirst().orElse(-1);
    }

    private static long lastValueOf(final List<String> lines, final String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).mapToLong(l -> Long.parseLong(l.substring(
            prefix.length()))).max().orElse(-1);
    }
}
