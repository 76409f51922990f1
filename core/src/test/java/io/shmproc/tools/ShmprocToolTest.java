package io.shmproc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.memory.SharedMemory;
import io.shmproc.pipe.Pipe;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedList;
import io.shmproc.sync.Lock;
import io.shmproc.testkit.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocToolTest {
    private SharedDirectory dir;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ShmprocTool tool = new ShmprocTool(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @BeforeEach
    void setUp() throws Exception {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        MappedRegion.create(dir.resolve("good"), RegionKind.TEST, 2, 4096, PayloadInitializer.ZEROED).close();
        MappedRegion.create(dir.resolve("cut"), RegionKind.TEST, 2, 4096, PayloadInitializer.ZEROED).close();
        try (FileChannel channel = FileChannel.open(dir.resolve("cut"), StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }
        final byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(dir.resolve("garbage"), garbage);
        Files.write(dir.resolve("tiny"), new byte[3]);
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("good"));
    }

    @AfterEach
    void tearDown() {
        dir.delete();
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String lineOf(final String name) {
        return output().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("<none>");
    }

    @Test
    void shouldListEveryObjectAndReportDamagedFilesWithoutFailing() throws Exception {
        assertEquals(0, tool.run(new String[] {"inspect", dir.path().toString()}));
        assertTrue(lineOf("good").contains("TEST") && lineOf("good").contains("(alive)"), lineOf("good"));
        assertTrue(lineOf("cut").contains("DAMAGED") && lineOf("cut").contains("truncated"), lineOf("cut"));
        assertTrue(lineOf("garbage").contains("DAMAGED: not a shmproc file"), lineOf("garbage"));
        assertTrue(lineOf("tiny").contains("DAMAGED") && lineOf("tiny").contains("shorter than"), lineOf("tiny"));
        assertTrue(lineOf("link").contains("DAMAGED: not a regular file"), lineOf("link"));
        assertTrue(output().contains("owner pid " + ProcessHandle.current().pid()), output());
    }

    @Test
    void shouldDumpAHeaderReadably() throws Exception {
        assertEquals(0, tool.run(new String[] {"dump", dir.resolve("good").toString()}));
        assertTrue(output().contains("(SHMPROC1)") && output().contains("kind             99 (TEST)")
            && output().contains("(ready)"), output());
    }

    @Test
    void shouldDumpADamagedFileAsDamaged() throws Exception {
        assertEquals(1, tool.run(new String[] {"dump", dir.resolve("garbage").toString()}));
        assertTrue(output().contains("NOT a shmproc file"), output());
        bytes.reset();
        assertEquals(1, tool.run(new String[] {"dump", dir.path().resolve("missing").toString()}));
        assertTrue(output().contains("DAMAGED"), output());
    }

    @Test
    void shouldListContextsWithTheirOwners() throws Exception {
        assertEquals(0, tool.run(new String[] {"list"}));
        assertTrue(output().contains(dir.path().toString()), output());
    }

    @Test
    void shouldPrintUsageForUnknownCommands() throws Exception {
        assertEquals(2, tool.run(new String[] {"frobnicate"}));
        assertTrue(output().startsWith("usage:"), output());
    }

    @Test
    void shouldShowTheLiveStateOfEveryKindAndDumpItsFields() throws Exception {
        final long me = ProcessHandle.current().pid();
        try (Shmproc context = Shmproc.open()) {
            final Path home = context.directory();
            final SharedQueue<String> queue = context.queue("jobs");
            for (int i = 0; i < 3; i++) {
                queue.put("job-" + i);
            }
            final Lock mine = context.lock("mine");
            final long deadPid;
            try (ChildJvm holder = ChildJvm.start(LockHolder.class, home.toString(), "orphaned")) {
                holder.awaitLine("locked"::equals, Duration.ofSeconds(20));
                deadPid = holder.pid();
                holder.kill();
            }
            context.semaphore("permits", 2);
            context.event("ready").set();
            context.barrier("meet", 3);
            final SharedDict<String, Integer> dict = context.dict("scores");
            for (int i = 0; i < 5; i++) {
                dict.put("k" + i, i);
            }
            final SharedList<String> list = context.list("names");
            list.add("a");
            list.add("b");
            list.add("c");
            context.sharedLong("counter", 42);
            context.sharedShort("small", (short) -3);
            final Pipe<Object> pipe = context.pipe();
            pipe.second().send("pending");
            final SharedMemory raw = context.sharedMemory("raw", 4096);
            raw.buffer().putLong(0, 0x1122334455667788L);
            final String pipeName;
            try (Stream<Path> files = Files.list(home)) {
                pipeName = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("pipe-")).findFirst()
                    .orElseThrow();
            }
            final List<String> args = new ArrayList<>(List.of("inspect", home.toString()));
            for (final String name : List.of("jobs", "mine", "orphaned", "permits", "ready", "meet", "scores",
                "names", "counter", pipeName, "raw", ".liveness")) {
                args.addAll(List.of("--", "dump", home.resolve(name).toString()));
            }
            mine.lock();
            final List<String> lines;
            try (ChildJvm tool = ChildJvm.start(ToolInChild.class, args.toArray(new String[0]))) {
                tool.awaitLine("==== done"::equals, Duration.ofSeconds(30));
                lines = tool.lines();
                assertEquals(0, tool.waitFor(Duration.ofSeconds(10)));
            } finally {
                mine.unlock();
            }
            final String inspect = section(lines, "inspect");
            assertLine(inspect, "jobs", "QUEUE", "depth 3 items", "capacity", "producer lock free",
                "consumer lock free");
            assertLine(inspect, "mine", "SYNC", "LOCK: owner pid " + me + " (alive)");
            assertLine(inspect, "orphaned", "SYNC", "LOCK: owner pid " + deadPid + " (dead)");
            assertLine(inspect, "permits", "SEMAPHORE: permits 2");
            assertLine(inspect, "ready", "EVENT: set");
            assertLine(inspect, "meet", "BARRIER: parties 3, arrived 0, not broken");
            assertLine(inspect, "scores/", "DICT", "dict size 5", "generation", "1 segment", "lock free");
            assertLine(inspect, "names/", "LIST", "list size 3");
            assertLine(inspect, "counter", "VALUE", "LONG = 42");
            assertLine(inspect, "small", "VALUE", "SHORT = -3");
            assertLine(inspect, pipeName, "PIPE", "duplex", "end 1 OPEN, holders pid " + me + " (alive)",
                "end 2 OPEN", "1->2 0 bytes");
            assertFalse(lineIn(inspect, pipeName).contains("2->1 0 bytes"), inspect);
            assertLine(inspect, "raw", "RAW", "size 4096 bytes");
            assertLine(inspect, ".liveness", "LIVENESS_TABLE", "attached: 1 process, pids " + me + " ");
            assertFalse(inspect.contains("DAMAGED"), inspect);

            assertDump(lines, "jobs", "depth            3 items", "max items", "producer lock    free");
            assertDump(lines, "mine", "type             LOCK (1)", "owner            pid " + me + " (alive)");
            assertDump(lines, "orphaned", "owner            pid " + deadPid + " (dead)");
            assertDump(lines, "permits", "type             SEMAPHORE (3)", "permits          2");
            assertDump(lines, "ready", "flag             1 (set)");
            assertDump(lines, "meet", "parties          3", "arrived          0");
            assertDump(lines, "scores", "kind             8 (DICT)", "entries          5", "segments         1",
                "lock             free");
            assertDump(lines, "names", "kind             9 (LIST)", "entries          3");
            assertDump(lines, "counter", "type             LONG (1)", "shape            scalar", "value            42");
            assertDump(lines, pipeName, "duplex           true", "1->2 pending", "2->1 capacity");
            assertDump(lines, "raw", "size             4096 bytes", "first bytes      88 77 66 55 44 33 22 11");
            assertDump(lines, ".liveness", "slots            1024", "pid " + me + " (alive)");
        }
    }

    @Test
    void shouldNeverOpenTheLivenessTableOfADirectoryWhoseLocksThisJvmHolds() throws Exception {
        try (Shmproc context = Shmproc.open()) {
            final Lock lock = context.lock("held");
            lock.lock();
            try {
                assertEquals(0, tool.run(new String[] {"inspect", context.directory().toString()}));
                assertTrue(lineOf(".liveness").contains("not read: this JVM holds a slot"), output());
                final long me = ProcessHandle.current().pid();
                assertTrue(lineOf("held").contains("LOCK: owner pid " + me + " (alive)"), output());
                bytes.reset();
                assertEquals(1, tool.run(new String[] {"dump", context.directory().resolve(".liveness").toString()}));
                assertTrue(output().contains("not read"), output());
                // our slot lock survived: another process still sees this JVM as the lock's live owner
                try (ChildJvm child = ChildJvm.start(ToolInChild.class, "inspect", context.directory().toString())) {
                    child.awaitLine("==== done"::equals, Duration.ofSeconds(30));
                    final String line = lineIn(section(child.lines(), "inspect"), "held");
                    assertTrue(line.contains("owner pid " + me + " (alive)"), line);
                    assertEquals(0, child.waitFor(Duration.ofSeconds(10)));
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void shouldReportAStoreDirectoryWithoutAControlFileAsDamaged() throws Exception {
        Files.createDirectory(dir.resolve("nostore"));
        final Path broken = dir.resolve("brokenstore");
        Files.createDirectory(broken);
        MappedRegion.create(broken.resolve("control"), RegionKind.DICT, 1, 192, PayloadInitializer.ZEROED).close();
        assertEquals(0, tool.run(new String[] {"inspect", dir.path().toString()}));
        assertTrue(lineOf("nostore").contains("DAMAGED: not a regular file"), output());
        assertTrue(lineOf("brokenstore/").contains("DICT") && lineOf("brokenstore/").contains("DAMAGED"), output());
        bytes.reset();
        assertEquals(1, tool.run(new String[] {"dump", broken.toString()}));
        assertTrue(output().contains("kind             8 (DICT)") && output().contains("DAMAGED"), output());
    }

    @Test
    void shouldReportAFieldOutsideThePayloadAsDamaged() throws Exception {
        MappedRegion.create(dir.resolve("shortsync"), RegionKind.SYNC, 1, 8, payload -> payload.putInt(0, 1)).close();
        assertEquals(0, tool.run(new String[] {"inspect", dir.path().toString()}));
        assertTrue(lineOf("shortsync").contains("DAMAGED: field at payload offset"), output());
        bytes.reset();
        assertEquals(1, tool.run(new String[] {"dump", dir.resolve("shortsync").toString()}));
        assertTrue(output().contains("DAMAGED          field at payload offset"), output());
    }

    private static String section(final List<String> lines, final String command) {
        final StringBuilder text = new StringBuilder();
        boolean in = false;
        for (final String line : lines) {
            if (line.startsWith("==== ")) {
                in = line.startsWith("==== " + command);
            } else if (in) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    private static String lineIn(final String text, final String name) {
        return text.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("<no line for " + name + ">");
    }

    private static void assertLine(final String text, final String name, final String... parts) {
        final String line = lineIn(text, name);
        for (final String part : parts) {
            assertTrue(line.contains(part), "expected '" + part + "' in: " + line + "\n" + text);
        }
    }

    private static void assertDump(final List<String> lines, final String name, final String... parts) {
        final String dump = lines.stream().dropWhile(l -> !(l.startsWith("==== dump ") && l.endsWith("/" + name)))
            .skip(1).takeWhile(l -> !l.startsWith("==== ")).reduce("", (a, b) -> a + b + "\n");
        for (final String part : parts) {
            assertTrue(dump.contains(part), "expected '" + part + "' in the dump of " + name + ":\n" + dump);
        }
    }
}
