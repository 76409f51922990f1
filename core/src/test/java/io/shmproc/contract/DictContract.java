package io.shmproc.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.state.SharedDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@link SharedDict} contract, run against every backend. */
abstract class DictContract extends ContractBase {
    @Test
    void shouldShareEntriesWithTheOtherContext() {
        final String name = name("dict");
        final SharedDict<String, Long> mine = mp().dict(name);
        final SharedDict<String, Long> theirs = other().dict(name);
        assertNull(mine.put("a", 1L));
        assertEquals(1L, mine.put("a", 2L));
        mine.put("b", 3L);
        assertEquals(2L, theirs.get("a"));
        assertEquals(2, theirs.size());
        assertTrue(theirs.containsKey("b"));
        assertNull(theirs.get("zzz"));
        assertEquals(7L, theirs.getOrDefault("zzz", 7L));
        final List<String> keys = new ArrayList<>(theirs.keySet());
        assertEquals(List.of("a", "b"), keys, "insertion order");
        assertEquals(Map.of("a", 2L, "b", 3L), Map.copyOf(theirs));
        assertEquals(3L, theirs.remove("b"));
        assertFalse(mine.containsKey("b"));
        mine.clear();
        assertTrue(theirs.isEmpty());
        assertThrows(NullPointerException.class, () -> mine.put(null, 1L));
        assertThrows(NullPointerException.class, () -> mine.put("a", null));
    }

    @Test
    void shouldServeTheAtomicOperationsOfAConcurrentMap() {
        final SharedDict<String, Long> d = mp().dict(name("dict"));
        assertNull(d.putIfAbsent("k", 1L));
        assertEquals(1L, d.putIfAbsent("k", 2L));
        assertFalse(d.replace("k", 5L, 6L));
        assertTrue(d.replace("k", 1L, 6L));
        assertEquals(6L, d.replace("k", 7L));
        assertNull(d.replace("absent", 7L));
        assertFalse(d.remove("k", 1L));
        assertTrue(d.remove("k", 7L));
        assertEquals(3L, d.merge("m", 3L, Long::sum));
        assertEquals(7L, d.merge("m", 4L, Long::sum));
        assertEquals(8L, d.compute("m", (k, v) -> v + 1));
        assertEquals(1L, d.computeIfAbsent("n", k -> 1L));
        assertNull(d.computeIfPresent("absent", (k, v) -> v + 1));
    }

    @Test
    void shouldKeepConcurrentMergesExact() throws Exception {
        final String name = name("dict");
        final Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            final SharedDict<String, Long> d = (i % 2 == 0 ? mp() : other()).dict(name);
            threads[i] = new Thread(() -> {
                for (int k = 0; k < 50; k++) {
                    d.merge("total", 1L, Long::sum);
                }
            });
            threads[i].start();
        }
        for (final Thread t : threads) {
            t.join(60_000);
        }
        assertEquals(200L, mp().<String, Long>dict(name).get("total"));
    }
}
