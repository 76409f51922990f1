package io.shmproc.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.CodecException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SharedDictTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldBehaveAsConcurrentMap() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> d = mp.dict("d");
            assertTrue(d.isEmpty());
            assertNull(d.put("a", 1));
            assertEquals(1, d.put("a", 2));
            assertEquals(2, d.get("a"));
            assertEquals(2, d.putIfAbsent("a", 3));
            assertNull(d.putIfAbsent("b", "bee"));
            assertNull(d.replace("c", 1));
            assertFalse(d.containsKey("c"));
            assertTrue(d.replace("b", "bee", "BEE"));
            assertFalse(d.replace("b", "bee", "x"));
            assertEquals(10, d.merge("n", 10, (x, y) -> (Integer) x + (Integer) y));
            assertEquals(15, d.merge("n", 5, (x, y) -> (Integer) x + (Integer) y));
            assertEquals(30, d.compute("n", (k, v) -> (Integer) v * 2));
            assertEquals("made", d.computeIfAbsent("m", k -> "made"));
            assertNull(d.computeIfPresent("zz", (k, v) -> "never"));
            assertNull(d.compute("m", (k, v) -> null));
            assertFalse(d.containsKey("m"));
            assertEquals(Map.of("a", 2, "b", "BEE", "n", 30), new HashMap<>(d));
            assertEquals(3, d.size());
            assertFalse(d.remove("a", 3));
            assertTrue(d.remove("a", 2));
            assertEquals("BEE", d.remove("b"));
            assertNull(d.remove("b"));
            assertEquals(Map.of("n", 30), Map.copyOf(d));
            final Iterator<Map.Entry<String, Object>> it = d.entrySet().iterator();
            it.next().setValue(31);
            assertEquals(31, d.get("n"));
            it.remove();
            assertTrue(d.isEmpty());
            assertThrows(NullPointerException.class, () -> d.put(null, 1));
            assertThrows(NullPointerException.class, () -> d.put("x", null));
            assertThrows(IllegalStateException.class, () -> d.compute("z", (k, v) -> d.put("nested", 1)));
            assertFalse(d.containsKey("z"));
            d.put("x", 1);
            d.clear();
            assertEquals(0, d.size());
            assertNull(d.get("x"));
        }
    }

    @Test
    void shouldKeepInsertionOrderAcrossProcessesThroughGrowth() {
        final int n = 3_000;
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> d = mp.dict("ordered",
                DictOptions.<String, Object>defaults().allowNullValues());
            final long generation = d.generation();
            try (ChildJvm child = ChildJvm.start(StateChild.class, "dict-order", mp.directory().toString(), "" + n)) {
                assertEquals(0, child.waitFor(WAIT));
            }
            assertTrue(d.generation() > generation, "the dict did not grow, so growth was not tested");
            final List<String> expected = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                if (k != 7) {
                    expected.add("k" + k);
                }
            }
            expected.add("k7");
            expected.add("none");
            assertEquals(expected, new ArrayList<>(d.keySet()));
            assertEquals("again", d.get("k5"), "a replaced value keeps its key's position");
            assertTrue(d.containsKey("none"));
            assertNull(d.get("none"));
            final List<String> reversed = new ArrayList<>();
            d.reversedKeys().forEach(reversed::add);
            Collections.reverse(reversed);
            assertEquals(expected, reversed);
            assertEquals("k0", d.firstEntry().getKey());
            assertEquals("none", d.lastEntry().getKey());
            assertEquals(new AbstractMap.SimpleImmutableEntry<>("none", null), d.pollLastEntry());
            assertEquals(new AbstractMap.SimpleImmutableEntry<>("k7", 7), d.pollLastEntry());
            assertEquals("k" + (n - 1), d.pollLastEntry().getKey());
            d.put("k0", 0);
            d.put("fresh", 1);
            assertEquals("fresh", d.reversedEntries().iterator().next().getKey());
            assertEquals("k0", d.keySet().iterator().next(), "an overwritten key moved");
            assertEquals(n - 1, d.size());
            while (d.pollLastEntry() != null) {
                assertTrue(d.size() >= 0);
            }
            assertTrue(d.isEmpty());
            assertNull(d.lastEntry());
        }
    }

    @Test
    void shouldKeepInsertionOrderThroughCompaction() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, byte[]> d = mp.dict("compact", DictOptions.of(Codecs.string(), Codecs.bytes()));
            final List<String> expected = new ArrayList<>();
            for (int k = 0; k < 50; k++) {
                d.put("k" + k, new byte[] {(byte) k});
                expected.add("k" + k);
            }
            d.remove("k10");
            expected.remove("k10");
            final long generation = d.generation();
            final byte[] big = new byte[1 << 20];
            for (int i = 0; i < 12; i++) {
                d.put("k20", big);
            }
            assertTrue(d.generation() > generation, "no compaction happened, so it was not tested");
            assertEquals(expected, new ArrayList<>(d.keySet()));
            d.put("k10", new byte[0]);
            expected.add("k10");
            assertEquals(expected, new ArrayList<>(d.keySet()));
        }
    }

    @Test
    void shouldStoreNullValuesOnlyThroughAHandleThatAllowsThem() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> strict = mp.dict("d");
            assertThrows(NullPointerException.class, () -> strict.put("x", null));
            assertThrows(NullPointerException.class, () -> strict.putIfAbsent("x", null));
            assertFalse(strict.containsKey("x"));
            final SharedDict<String, Object> lax = SharedDict.attach(strict.directory(),
                DictOptions.<String, Object>defaults().allowNullValues());
            assertNull(lax.put("x", null));
            lax.set("y", null);
            assertTrue(lax.containsKey("x"));
            assertNull(lax.getOrDefault("x", "default"));
            assertEquals("default", lax.getOrDefault("z", "default"));
            assertEquals(2, lax.size());
            assertTrue(lax.entrySet().contains(new AbstractMap.SimpleEntry<>("y", null)));
            assertThrows(NullPointerException.class, () -> lax.putIfAbsent("w", null));
            assertNull(lax.put("x", 1));
            assertEquals(1, lax.put("x", null));
            final Iterator<Map.Entry<String, Object>> it = lax.entrySet().iterator();
            assertNull(it.next().getValue());
            it.remove();
            assertFalse(lax.containsKey("x"));
            lax.close();
        }
    }

    @Test
    void shouldKeepExactCountsWhenThreadsMergeConcurrently() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Long> d = mp.dict("d", DictOptions.of(Codecs.string(), Codecs.longs()));
            final Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                final int id = t;
                threads[t] = new Thread(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        d.merge("total", 1L, Long::sum);
                        d.put("t" + id + "-" + i, (long) i);
                        assertEquals((long) i, d.get("t" + id + "-" + i));
                    }
                });
                threads[t].start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }
            assertEquals(20_000L, d.get("total"));
            assertEquals(20_001, d.size());
        }
    }

    @Test
    void shouldStoreLargeValuesAndRejectOversizedOnesLeavingTheMapUnchanged() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, byte[]> d = mp.dict("big", DictOptions.of(Codecs.string(), Codecs.bytes())
                .maxEntryBytes(4L << 20));
            final byte[] mib = new byte[1 << 20];
            new Random(1).nextBytes(mib);
            d.put("one", mib);
            d.put("two", new byte[] {2});
            assertArrayEquals(mib, d.get("one"));
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.put("one", new byte[5 << 20]));
            assertTrue(e.getMessage().contains("maxEntryBytes"), e.getMessage());
            assertArrayEquals(mib, d.get("one"));
            assertEquals(2, d.size());
            final SharedDict<String, Object> objects = mp.dict("objects");
            objects.put("k", "v");
            assertThrows(CodecException.class, () -> objects.put("k", new Object()));
            assertThrows(CodecException.class, () -> objects.put("other", new Object()));
            assertEquals(Map.of("k", "v"), Map.copyOf(objects));
            assertThrows(CodecException.class, () -> objects.compute("k", (k, v) -> new Object()));
            assertEquals("v", objects.get("k"));
        }
    }

    @Test
    void shouldGrowToAMillionEntriesWithoutDeclaredCapacity() {
        final int n = 1_000_000;
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<Long, Long> d = mp.dict("million", DictOptions.of(Codecs.longs(), Codecs.longs()));
            final long generation = d.generation();
            for (long k = 0; k < n; k++) {
                d.set(k, k * 3);
            }
            assertEquals(n, d.size());
            assertTrue(d.generation() > generation + 5, "the table never grew: generation " + d.generation());
            for (long k = 0; k < n; k += 997) {
                assertEquals(k * 3, d.get(k));
            }
            assertNull(d.get((long) n));
        }
    }

    @Test
    void shouldKeepEveryWriteWhenTwoJvmsWriteConcurrently() {
        final int n = 5_000;
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Long> d = mp.dict("d", DictOptions.of(Codecs.string(), Codecs.longs()));
            try (ChildJvm a = ChildJvm.start(StateChild.class, "dict-writer", mp.directory().toString(), "a", "" + n);
                 ChildJvm b = ChildJvm.start(StateChild.class, "dict-writer", mp.directory().toString(), "b", "" + n)) {
                long reads = 0;
                while (a.process().isAlive() || b.process().isAlive()) {
                    final Long total = d.get("total");
                    reads += total == null ? 0 : 1;
                }
                assertEquals(0, a.waitFor(WAIT));
                assertEquals(0, b.waitFor(WAIT));
                assertTrue(reads >= 0);
            }
            assertEquals(2L * n, d.get("total"));
            assertEquals(2 * n + 1, d.size());
            for (int k = 0; k < n; k++) {
                assertEquals(k, d.get("a" + k));
                assertEquals(k, d.get("b" + k));
            }
        }
    }

    @Test
    void shouldStayConsistentWhenWritersAreKilledMidOperation() throws Exception {
        final int rounds = 10;
        final Random random = new Random(42);
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, String> d = mp.dict("crash", StateChild.crashDictOptions());
            final long[] progress = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                final SharedLong p = mp.sharedLong("progress-" + round, -1);
                try (ChildJvm child = ChildJvm.start(StateChild.class, "dict-crash", mp.directory().toString(),
                    "" + round)) {
                    child.awaitLine("started"::equals, WAIT);
                    awaitProgress(p, 20);
                    Thread.sleep(random.nextInt(250));
                    child.kill();
                }
                progress[round] = p.get();
                assertTrue(progress[round] >= 20, "round " + round + " made too little progress: " + progress[round]);
                // The next writer takes over the dead writer's lock and repairs.
                d.put("after-" + round, "ok");
            }
            final Map<String, String> seen = new HashMap<>();
            final Map<Integer, Integer> lastOfRound = new HashMap<>();
            for (final Map.Entry<String, String> e : d.entrySet()) {
                assertEquals(null, seen.put(e.getKey(), e.getValue()), "key iterated twice: " + e.getKey());
                if (e.getKey().startsWith("r")) {
                    final int round = Integer.parseInt(e.getKey().substring(1, e.getKey().indexOf('-')));
                    final int i = Integer.parseInt(e.getKey().substring(e.getKey().indexOf('k') + 1));
                    final Integer before = lastOfRound.put(round, i);
                    assertTrue(before == null || before < i, "insertion order lost: " + e.getKey() + " after "
                        + before);
                }
            }
            assertEquals(seen.size(), d.size(), "size does not match iteration");
            for (int round = 0; round < rounds; round++) {
                assertEquals("ok", seen.get("after-" + round));
                final long last = progress[round];
                for (int i = 0; i <= last; i++) {
                    final String key = StateChild.crashKey(round, i);
                    final boolean removable = (i + 2) % 4 == 0;
                    final String value = seen.get(key);
                    if (value != null) {
                        assertEquals(StateChild.crashValue(round, i), value, "torn or wrong value for " + key);
                        assertEquals(value, d.get(key));
                    }
                    if (removable && i + 2 <= last) {
                        assertNull(value, key + " was removed before the kill but is present");
                    } else if (!removable) {
                        assertEquals(StateChild.crashValue(round, i), value,
                            key + " completed before the kill is lost");
                    }
                }
            }
            try (Stream<Path> files = Files.list(d.directory())) {
                final long indexes = files.filter(f -> f.getFileName().toString().startsWith("index.")).count();
                assertEquals(1, indexes, "files of dead generations left behind");
            }
        }
    }

    @Test
    void shouldRejectDamagedFilesWithClearExceptions() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, String> d = mp.dict("d", DictOptions.of(Codecs.string(), Codecs.string()));
            d.put("k", "v");
            final Path control = d.directory().resolve("control");
            final Path index = d.directory().resolve("index." + d.generation());
            final byte[] original = Files.readAllBytes(index);
            try (FileChannel channel = FileChannel.open(index, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(new byte[] {9, 9, 9, 9}), 128);
            }
            final RegionException damaged = assertThrows(CorruptRegionException.class,
                () -> SharedDict.attach(d.directory(), DictOptions.of(Codecs.string(), Codecs.string())));
            assertTrue(damaged.getMessage().contains("index"), damaged.getMessage());
            Files.write(index, original);
            final byte[] controlBytes = Files.readAllBytes(control);
            Files.write(control, new byte[] {1, 2, 3});
            assertThrows(CorruptRegionException.class,
                () -> SharedDict.attach(d.directory(), DictOptions.of(Codecs.string(), Codecs.string())));
            Files.write(control, controlBytes);
            try (SharedDict<String, String> again = SharedDict.attach(d.directory(),
                DictOptions.of(Codecs.string(), Codecs.string()))) {
                assertEquals("v", again.get("k"));
            }
            assertThrows(io.shmproc.exceptions.MissingRegionException.class,
                () -> SharedDict.attach(mp.directory().resolve("nope"), DictOptions.defaults()));
        }
    }

    @Test
    void shouldReattachHandlesDeserializedInAnotherJvm() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> d = mp.dict("d");
            final SharedList<Object> l = mp.list("l");
            final SharedLong c = mp.sharedLong("c", 1);
            final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(d);
                out.writeObject(l);
                out.writeObject(c);
            }
            final long pid;
            try (ChildJvm child = ChildJvm.start(StateChild.class, "deserialize",
                java.util.Base64.getEncoder().encodeToString(bytes.toByteArray()))) {
                assertEquals(0, child.waitFor(WAIT));
                pid = child.pid();
            }
            assertEquals(pid, ((Number) d.get("child")).longValue());
            assertEquals(java.util.List.of("from-child"), l);
            assertEquals(11, c.get());
        }
    }

    @Test
    void shouldReattachWhenHandleIsDeserialized() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> d = mp.dict("d");
            d.put("x", 1);
            try (SharedDict<String, Object> copy = SharedValuesTest.roundTrip(d)) {
                copy.put("y", 2);
                assertEquals(1, copy.get("x"));
            }
            assertEquals(2, d.get("y"));
        }
    }

    static void awaitProgress(final SharedLong progress, final long atLeast) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (progress.get() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "the writer made no progress within " + WAIT);
            Thread.sleep(5);
        }
    }
}
