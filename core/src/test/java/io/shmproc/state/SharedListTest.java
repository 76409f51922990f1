package io.shmproc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SharedListTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldBehaveAsList() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedList<Object> l = mp.list("l");
            assertTrue(l.isEmpty());
            for (int i = 0; i < 200; i++) {
                l.add(i);
            }
            assertEquals(200, l.size());
            assertEquals(7, l.get(7));
            assertEquals(7, l.set(7, "seven"));
            assertEquals("seven", l.get(7));
            assertEquals(0, l.remove(0));
            assertEquals("seven", l.get(6));
            assertTrue(l.remove("seven"));
            assertFalse(l.remove("seven"));
            l.add(0, "first");
            assertEquals("first", l.get(0));
            assertEquals(1, l.get(1));
            assertEquals(199, l.size());
            assertEquals(199, l.get(198));
            final Iterator<Object> it = l.iterator();
            l.add("later");
            int n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            assertEquals(199, n, "an iterator walks the list as it was when created");
            assertThrows(IndexOutOfBoundsException.class, () -> l.get(200));
            l.add(null);
            assertNull(l.get(l.size() - 1));
            assertNull(l.remove(l.size() - 1));
            assertEquals(List.of("a", "b"), List.of("a", "b"));
            l.clear();
            assertEquals(List.of(), new ArrayList<>(l));
            l.add("x");
            assertEquals(List.of("x"), l);
        }
    }

    @Test
    void shouldInsertAndRemoveInTheMiddleAcrossProcessesWithoutANewGeneration() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedList<String> l = mp.list("middle", ListOptions.of(Codecs.string()));
            for (int i = 0; i < 10; i++) {
                l.add("e" + i);
            }
            final List<String> before = indexFiles(l);
            final Iterator<String> old = l.iterator();
            try (ChildJvm child = ChildJvm.start(StateChild.class, "list-middle", mp.directory().toString())) {
                assertEquals(0, child.waitFor(WAIT));
            }
            final List<String> expected = new ArrayList<>(List.of("front", "e0", "e1", "e2", "e3", "e4", "e5", "e6",
                "e7", "e8", "e9"));
            expected.add(1, null);
            expected.remove(expected.size() - 1);
            expected.add(expected.size() / 2, "middle");
            assertEquals(expected, l);
            assertEquals(expected, new ArrayList<>(l));
            assertEquals(before, indexFiles(l), "a structural change built a new generation");
            final List<String> snapshot = new ArrayList<>();
            old.forEachRemaining(snapshot::add);
            assertEquals(List.of("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9"), snapshot,
                "an iterator must keep the list as it was when created");
            assertEquals("front", l.remove(0));
            assertNull(l.remove(0));
            assertFalse(l.contains(null));
            assertEquals("e0", l.get(0));
            l.set(0, null);
            assertTrue(l.contains(null));
            assertEquals(0, l.indexOf(null));
            assertTrue(l.remove(null));
            assertEquals("e1", l.get(0));
            for (int i = 0; i < 200; i++) {
                l.add(0, "x" + i);
            }
            for (int i = 199; i >= 0; i--) {
                assertEquals("x" + i, l.remove(0));
            }
            assertEquals("e1", l.get(0));
        }
    }

    private static List<String> indexFiles(final SharedList<?> l) throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(l.directory())) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("index.")).sorted()
                .collect(java.util.stream.Collectors.toList());
        }
    }

    @Test
    void shouldStayConsistentWhenWritersAreKilledMidInsertAtTheFront() throws Exception {
        final int rounds = 10;
        final Random random = new Random(11);
        try (Shmproc mp = Shmproc.open()) {
            final SharedList<String> l = mp.list("crash", ListOptions.of(Codecs.string()).segmentBytes(4096));
            final long[] progress = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                final SharedLong p = mp.sharedLong("progress-" + round, -1);
                try (ChildJvm child = ChildJvm.start(StateChild.class, "list-crash-middle",
                    mp.directory().toString(), "" + round)) {
                    child.awaitLine("started"::equals, WAIT);
                    awaitProgress(p, 20);
                    Thread.sleep(random.nextInt(250));
                    child.kill();
                }
                progress[round] = p.get();
                assertTrue(progress[round] >= 20, "round " + round + " made too little progress: " + progress[round]);
                l.add(0, "after-" + round);
            }
            final List<String> seen = new ArrayList<>(l);
            assertEquals(seen.size(), l.size(), "size does not match iteration");
            assertEquals(seen.size(), new HashSet<>(seen).size(), "an element appears twice");
            for (int round = 0; round < rounds; round++) {
                final int after = seen.indexOf("after-" + round);
                assertTrue(after >= 0);
                final long last = progress[round];
                int previousIndex = Integer.MAX_VALUE;
                for (int i = 0; i <= last; i++) {
                    final String element = StateChild.crashKey(round, i);
                    final boolean removable = i % 5 == 3;
                    final int at = seen.indexOf(element);
                    if (removable && i + 1 <= last) {
                        assertEquals(-1, at, element + " was removed before the kill but is present");
                    } else if (!removable) {
                        assertTrue(at >= 0, element + " completed before the kill is lost");
                        assertTrue(at < previousIndex && at > after, element + " is out of order");
                        previousIndex = at;
                    }
                }
            }
        }
    }

    @Test
    void shouldKeepEveryAppendWhenTwoJvmsAppendConcurrently() {
        final int n = 5_000;
        try (Shmproc mp = Shmproc.open()) {
            final SharedList<String> l = mp.list("l", ListOptions.of(Codecs.string()));
            try (ChildJvm a = ChildJvm.start(StateChild.class, "list-append", mp.directory().toString(), "a", "" + n);
                 ChildJvm b = ChildJvm.start(StateChild.class, "list-append", mp.directory().toString(), "b", "" + n)) {
                assertEquals(0, a.waitFor(WAIT));
                assertEquals(0, b.waitFor(WAIT));
            }
            assertEquals(2 * n, l.size());
            final Set<String> all = new HashSet<>(l);
            assertEquals(2 * n, all.size(), "an append was duplicated or lost");
            int lastA = -1;
            for (final String s : l) {
                if (s.startsWith("a")) {
                    final int k = Integer.parseInt(s.substring(1));
                    assertEquals(lastA + 1, k, "appends of one process out of order");
                    lastA = k;
                }
            }
        }
    }

    @Test
    void shouldStayConsistentWhenWritersAreKilledMidOperation() throws Exception {
        final int rounds = 10;
        final Random random = new Random(7);
        try (Shmproc mp = Shmproc.open()) {
            final SharedList<String> l = mp.list("crash", ListOptions.of(Codecs.string()).segmentBytes(4096));
            final long[] progress = new long[rounds];
            for (int round = 0; round < rounds; round++) {
                final SharedLong p = mp.sharedLong("progress-" + round, -1);
                try (ChildJvm child = ChildJvm.start(StateChild.class, "list-crash", mp.directory().toString(),
                    "" + round)) {
                    child.awaitLine("started"::equals, WAIT);
                    awaitProgress(p, 20);
                    Thread.sleep(random.nextInt(250));
                    child.kill();
                }
                progress[round] = p.get();
                assertTrue(progress[round] >= 20, "round " + round + " made too little progress: " + progress[round]);
                l.add("after-" + round);
            }
            final List<String> seen = new ArrayList<>(l);
            assertEquals(seen.size(), l.size(), "size does not match iteration");
            assertEquals(seen.size(), new HashSet<>(seen).size(), "an element appears twice");
            for (int round = 0; round < rounds; round++) {
                assertTrue(seen.contains("after-" + round));
                final long last = progress[round];
                for (int i = 0; i <= last; i++) {
                    final String element = StateChild.crashKey(round, i);
                    final boolean removable = i % 5 == 3;
                    if (removable && i + 1 <= last) {
                        assertFalse(seen.contains(element), element + " was removed before the kill but is present");
                    } else if (!removable) {
                        assertTrue(seen.contains(element), element + " completed before the kill is lost");
                    }
                }
            }
        }
    }

    static void awaitProgress(final SharedLong progress, final long atLeast) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (progress.get() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "the writer made no progress within " + WAIT);
            Thread.sleep(5);
        }
    }

    @Test
    void shouldRemoveAllRetainAllAndRemoveIfAcrossProcesses() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedList<String> l = mp.list("l", ListOptions.of(Codecs.string()));
            l.addAll(List.of("a", "b", "c", "b", "d", "e"));
            assertFalse(l.removeAll(List.of("x")), "nothing matched");
            assertTrue(l.removeAll(List.of("b", "x")));
            assertEquals(List.of("a", "c", "d", "e"), l);
            assertTrue(l.retainAll(Set.of("a", "d", "e")));
            assertEquals(List.of("a", "d", "e"), l);
            assertFalse(l.retainAll(Set.of("a", "d", "e")));
            assertTrue(l.removeIf(s -> s.compareTo("b") > 0));
            assertEquals(List.of("a"), l);
            assertFalse(l.removeIf(s -> false));
            assertTrue(l.removeIf(s -> true));
            assertTrue(l.isEmpty());
            l.addAll(List.of("k1", "drop1", "k2", "drop2", "k3"));
            try (ChildJvm child = ChildJvm.start(StateChild.class, "list-remove-if", mp.directory().toString())) {
                assertEquals(0, child.waitFor(WAIT));
            }
            assertEquals(List.of("k1", "k2", "k3"), l, "another process sees the removals");
        }
    }
}
