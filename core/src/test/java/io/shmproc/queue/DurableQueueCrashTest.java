package io.shmproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.ChronicleFlags;
import io.shmproc.channel.DurableChannel;
import io.shmproc.channel.DurableCursor;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable queues across real processes killed with SIGKILL. */
@CrossProcessTest
class DurableQueueCrashTest {
    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void shouldNeverReadPartialMessageAndKeepOtherProducersAppendingWhenOneIsKilledMidAppend() throws Exception {
        final Path dir = temp.resolve("log");
        DurableCrashMain.open(dir).close();
        try (ChildJvm steady = ChildJvm.start(ChronicleFlags.CHILD_JVM_ARGS, DurableCrashMain.class, "steady", dir.toString(), "s", "6000")) {
            steady.awaitLine("READY s"::equals, START);
            try (ChildJvm hanging = ChildJvm.start(ChronicleFlags.CHILD_JVM_ARGS, DurableCrashMain.class, "hang",
                dir.toString())) {
                hanging.awaitLine("HANGING"::equals, START);
                Thread.sleep(300);
                final long killedAt = System.currentTimeMillis();
                hanging.kill();
                final String done = steady.awaitLine(l -> l.startsWith("DONE s "), START);
                assertEquals(0, steady.waitFor(START));
                final long count = Long.parseLong(done.substring("DONE s ".length()));

                final List<Message> log = readAll(dir);
                assertEquals(count, log.size(), "every steady put is in the log, and nothing else: " + log.size());
                for (int i = 0; i < log.size(); i++) {
                    assertEquals("s:" + i, log.get(i).text, "message " + i);
                }
                final long resumedAt = log.stream().mapToLong(m -> m.timestamp).filter(t -> t >= killedAt)
                    .min().orElseThrow(() -> new AssertionError("no append after the kill"));
                assertTrue(resumedAt - killedAt < 1_000, "the surviving producer appended again "
                    + (resumedAt - killedAt) + " ms after the kill; expected < 1000 ms");
            }
        }
    }

    @Test
    void shouldKeepEveryReturnedPutAndResumeEachConsumerAfterEveryProcessIsKilled() throws Exception {
        final Path dir = temp.resolve("log");
        DurableCrashMain.open(dir).close();
        final Map<String, String> lastAck = new HashMap<>();
        final Map<String, Long> lastPut = new HashMap<>(Map.of("p", -1L, "q", -1L));
        for (int round = 0; round < 2; round++) {
            final Map<String, Long> next = nextSeqs(dir);
            final Path events = temp.resolve("events-" + round);
            final List<ChildJvm> children = new ArrayList<>();
            try {
                children.add(start(events, "producer", dir.toString(), "p", String.valueOf(next.getOrDefault("p", 0L)),
                    "3000"));
                children.add(start(events, "producer", dir.toString(), "q", String.valueOf(next.getOrDefault("q", 0L)),
                    "3000"));
                children.add(start(events, "consumer", dir.toString(), "a"));
                children.add(start(events, "consumer", dir.toString(), "b"));
                awaitEvent(events, l -> l.startsWith("ACK a "));
                awaitEvent(events, l -> l.startsWith("ACK b "));
                Thread.sleep(200);
                children.forEach(child -> child.process().destroyForcibly());
                children.forEach(ChildJvm::kill);
            } finally {
                children.forEach(ChildJvm::close);
            }
            checkRound(dir, events, lastAck, lastPut);
        }
    }

    @Test
    void shouldSurviveTwentyRoundsOfKillAndRestart() throws Exception {
        final Path dir = temp.resolve("log");
        DurableCrashMain.open(dir).close();
        final Map<String, String> lastAck = new HashMap<>();
        final Map<String, Long> lastPut = new HashMap<>(Map.of("w", -1L));
        for (int round = 0; round < 20; round++) {
            final long start = nextSeqs(dir).getOrDefault("w", 0L);
            final Path events = temp.resolve("events-" + round);
            try (ChildJvm worker = start(events, "worker", dir.toString(), String.valueOf(start))) {
                awaitEvent(events, l -> l.startsWith("PUT w "));
                Thread.sleep(50 + ThreadLocalRandom.current().nextInt(150));
                worker.kill();
            }
            checkRound(dir, events, lastAck, lastPut);
        }
        assertTrue(lastAck.containsKey("a") && lastAck.containsKey("b"), "consumers made progress: " + lastAck);
    }

    private static ChildJvm start(final Path events, final String... args) {
        final List<String> options = new ArrayList<>(ChronicleFlags.CHILD_JVM_ARGS);
        options.add("-Dcrash.events=" + events);
        return ChildJvm.start(options, DurableCrashMain.class, args);
    }

    private static void awaitEvent(final Path events, final Predicate<String> match) throws Exception {
        final long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(events) && Files.readAllLines(events).stream().anyMatch(match)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching event within " + START + " in " + events);
    }

    /**
     * After every process of a round was killed: the log holds each producer's messages contiguously and every
     * put that returned; each consumer's first message of the round is the one right after the last it
     * acknowledged (or the one after that, when the kill fell between the ack and its event line).
     */
    private static void checkRound(final Path dir, final Path events, final Map<String, String> lastAck,
                                   final Map<String, Long> lastPut) throws Exception {
        final List<String> log = new ArrayList<>();
        readAll(dir).forEach(m -> log.add(m.text));
        final Map<String, Long> next = new HashMap<>();
        for (final String text : log) {
            final int colon = text.indexOf(':');
            assertTrue(colon > 0, "malformed message " + text);
            final String producer = text.substring(0, colon);
            final long seq = Long.parseLong(text.substring(colon + 1));
            assertEquals(next.getOrDefault(producer, 0L), seq, "producer " + producer + "'s sequence");
            next.put(producer, seq + 1);
        }
        final List<String> lines = Files.readAllLines(events);
        for (final String line : lines) {
            final String[] parts = line.split(" ");
            if (parts[0].equals("FIRST")) {
                final String previous = lastAck.get(parts[1]);
                final int after = previous == null ? -1 : log.indexOf(previous);
                assertTrue(previous == null || after >= 0, "acknowledged " + previous + " is not in the log");
                final List<String> allowed = log.subList(after + 1, Math.min(log.size(), after + 3));
                assertTrue(allowed.contains(parts[2]), "consumer " + parts[1] + " resumed at " + parts[2]
                    + " after acknowledging " + previous + "; expected one of " + allowed);
            }
        }
        for (final String line : lines) {
            final String[] parts = line.split(" ");
            if (parts[0].equals("ACK")) {
                lastAck.put(parts[1], parts[2]);
            } else if (parts[0].equals("PUT")) {
                lastPut.merge(parts[1], Long.parseLong(parts[2]), Math::max);
            }
        }
        for (final Map.Entry<String, Long> put : lastPut.entrySet()) {
            assertTrue(next.getOrDefault(put.getKey(), 0L) > put.getValue(), "put " + put.getKey() + ":"
                + put.getValue() + " returned but is not in the log (log has up to " + next + ")");
        }
    }

    private static Map<String, Long> nextSeqs(final Path dir) {
        final Map<String, Long> next = new HashMap<>();
        for (final Message message : readAll(dir)) {
            final int colon = message.text.indexOf(':');
            next.put(message.text.substring(0, colon), Long.parseLong(message.text.substring(colon + 1)) + 1);
        }
        return next;
    }

    static List<Message> readAll(final Path dir) {
        final List<Message> messages = new ArrayList<>();
        try (DurableQueue<String> queue = DurableCrashMain.open(dir);
             DurableCursor cursor = queue.channel().cursor("verifier")) {
            while (cursor.poll((buffer, offset, length, index, timestamp) -> {
                final String text = io.shmproc.codec.Codecs.string().decode(buffer, offset, length);
                assertFalse(text.contains("HANG"), "a partial message was read: " + text);
                messages.add(new Message(text, timestamp));
            }) != DurableChannel.NO_INDEX) {
                // keep reading
            }
        }
        return messages;
    }

    static final class Message {
        final String text;
        final long timestamp;

        Message(final String text, final long timestamp) {
            this.text = text;
            this.timestamp = timestamp;
        }
    }
}
