package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.state.DictOptions;
import io.shmproc.state.ListOptions;
import io.shmproc.state.SharedDict;
import io.shmproc.sync.Condition;
import io.shmproc.sync.Lock;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster implementations of the state interfaces, run against {@link FakeClusterOps}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterStateTest {
    private static final int THREADS = 4;

    private final FakeClusterOps ops = new FakeClusterOps();
    private final Map<String, TestLock> locks = new ConcurrentHashMap<>();
    private final Function<String, Lock> lockFactory = name -> locks.computeIfAbsent(name, TestLock::new);

    // ================================================================ values

    @Test
    void shouldServeLongAsAnAtomicLong() {
        final ClusterLong v = ClusterLong.open(ops, "hits", 5, lockFactory);
        assertEquals(5, v.get());
        assertEquals(5, ClusterLong.open(ops, "hits", 99, lockFactory).get(), "an existing value keeps its value");
        v.set(Long.MAX_VALUE);
        assertEquals(Long.MIN_VALUE, v.incrementAndGet());
        assertEquals(Long.MAX_VALUE, v.decrementAndGet());
        assertEquals(Long.MAX_VALUE, v.getAndSet(10));
        assertEquals(10, v.getAndAdd(5));
        assertEquals(20, v.addAndGet(5));
        assertFalse(v.compareAndSet(19, 0));
        assertTrue(v.compareAndSet(20, 21));
        assertEquals(42, v.updateAndGet(x -> x * 2));
        assertEquals(50, v.accumulateAndGet(8, Long::sum));
        assertEquals("SharedLong[hits = 50]", v.toString());
    }

    @Test
    void shouldWrapIntExactlyAsAtomicInteger() {
        final ClusterInt v = ClusterInt.open(ops, "i", Integer.MAX_VALUE, lockFactory);
        assertEquals(Integer.MIN_VALUE, v.incrementAndGet());
        assertTrue(v.compareAndSet(Integer.MIN_VALUE, 7), "CAS on a word that carries an overflow");
        v.set(Integer.MIN_VALUE);
        assertEquals(Integer.MAX_VALUE, v.decrementAndGet());
        assertEquals(Integer.MAX_VALUE, v.getAndAdd(Integer.MAX_VALUE));
        final AtomicInteger reference = new AtomicInteger(v.get());
        final Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            final int x = random.nextInt();
            switch (random.nextInt(7)) {
                case 0: assertEquals(reference.getAndAdd(x), v.getAndAdd(x)); break;
                case 1: assertEquals(reference.addAndGet(x), v.addAndGet(x)); break;
                case 2: assertEquals(reference.getAndSet(x), v.getAndSet(x)); break;
                case 3:
                    final int expected = random.nextBoolean() ? reference.get() : x;
                    assertEquals(reference.compareAndSet(expected, x ^ 5), v.compareAndSet(expected, x ^ 5));
                    break;
                case 4: assertEquals(reference.updateAndGet(y -> y * 31 + x), v.updateAndGet(y -> y * 31 + x)); break;
                case 5: assertEquals(reference.accumulateAndGet(x, Integer::sum), v.accumulateAndGet(x, Integer::sum));
                    break;
                default: assertEquals(reference.incrementAndGet(), v.incrementAndGet()); break;
            }
            assertEquals(reference.get(), v.get());
        }
        assertEquals("SharedInt[i = " + reference.get() + "]", v.toString());
    }

    @Test
    void shouldWrapShortAndByteAsTheLocalOnesDo() {
        final ClusterShort s = ClusterShort.open(ops, "s", Short.MAX_VALUE, lockFactory);
        assertEquals(Short.MIN_VALUE, s.incrementAndGet());
        assertEquals(Short.MAX_VALUE, s.decrementAndGet());
        assertEquals(Short.MAX_VALUE, s.getAndAdd(70_000));
        final short wrapped = (short) (Short.MAX_VALUE + 70_000);
        assertEquals(wrapped, s.get());
        assertTrue(s.compareAndSet(wrapped, (short) 3), "CAS on a word that carries an overflow");
        assertFalse(s.compareAndSet(wrapped, (short) 4));
        assertEquals((short) 3, s.getAndSet((short) -1));
        assertEquals((short) -3, s.addAndGet(-2));

        final ClusterByte b = ClusterByte.open(ops, "b", (byte) 127, lockFactory);
        assertEquals((byte) -128, b.incrementAndGet());
        assertEquals((byte) 127, b.decrementAndGet());
        assertEquals((byte) 127, b.getAndAdd(300));
        assertEquals((byte) (127 + 300), b.get());
        assertTrue(b.compareAndSet((byte) (127 + 300), (byte) 1));
        assertEquals((byte) 1, b.getAndSet((byte) -5));
        assertEquals((byte) -5, b.get());
        assertEquals("SharedByte[b = -5]", b.toString());

        final short[] reference = {0};
        s.set((short) 0);
        final Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            final int delta = random.nextInt();
            assertEquals(reference[0], s.getAndAdd(delta));
            reference[0] = (short) (reference[0] + delta);
            assertEquals(reference[0], s.get());
        }
    }

    @Test
    void shouldCompareDoublesByTheirBits() {
        final ClusterDouble d = ClusterDouble.open(ops, "d", 0.0, lockFactory);
        assertEquals(0.0, d.get());
        assertFalse(d.compareAndSet(-0.0, 1.0), "-0.0 has other bits than 0.0");
        assertTrue(d.compareAndSet(0.0, 1.5));
        d.set(Double.NaN);
        assertTrue(d.compareAndSet(Double.NaN, 2.0), "the same NaN bits compare equal");
        assertEquals(2.0, d.getAndAdd(0.5));
        assertEquals(3.0, d.addAndGet(0.5));
        assertEquals(3.0, d.getAndSet(4.0));
        assertEquals(8.0, d.updateAndGet(x -> x * 2));
        assertEquals(10.0, d.accumulateAndGet(2.0, Double::sum));
        assertEquals("SharedDouble[d = 10.0]", d.toString());
    }

    @Test
    void shouldKeepCountsUnderContention() throws InterruptedException {
        final ClusterInt counter = ClusterInt.open(ops, "n", 0, lockFactory);
        final ClusterDouble sum = ClusterDouble.open(ops, "sum", 0.0, lockFactory);
        final ClusterLong product = ClusterLong.open(ops, "p", 1, lockFactory);
        runConcurrently(() -> {
            for (int i = 0; i < 500; i++) {
                counter.incrementAndGet();
                sum.getAndAdd(1.0);
                product.updateAndGet(x -> x + 2);
            }
        });
        assertEquals(THREADS * 500, counter.get());
        assertEquals(THREADS * 500.0, sum.get());
        assertEquals(1 + THREADS * 1000, product.get());
    }

    @Test
    void shouldLendTheFactorysLockAndUnlinkIt() {
        final ClusterLong v = ClusterLong.open(ops, "guarded", 0, lockFactory);
        assertTrue(locks.isEmpty(), "the lock is made on first use");
        final Lock lock = v.lock();
        assertSame(lock, v.lock());
        assertEquals("guarded.lock", ((TestLock) lock).name);
        lock.lock();
        try {
            v.set(v.get() + 1);
        } finally {
            lock.unlock();
        }
        assertTrue(v.unlink());
        assertTrue(((TestLock) lock).unlinked);
        assertFalse(v.unlink(), "already deleted");
        v.close();
        assertTrue(((TestLock) lock).closed);
        assertThrows(ClosedException.class, v::lock);
    }

    @Test
    void shouldRefuseWhatAClusterValueCannotDo() throws Exception {
        final ClusterInt v = ClusterInt.open(ops, "v", 1, lockFactory);
        final UnsupportedOperationException noFile = assertThrows(UnsupportedOperationException.class, v::file);
        assertTrue(noFile.getMessage().contains("capabilities()"), noFile.getMessage());
        assertThrows(NotSerializableException.class, () -> serialize(v));
        v.close();
        assertThrows(ClosedException.class, v::get);
        assertThrows(ClosedException.class, () -> v.set(2));
        assertEquals("SharedInt[v, closed]", v.toString());
        ClusterLongArray.open(ops, "array", 3, lockFactory);
        final IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
            () -> ClusterLong.open(ops, "array", 0, lockFactory));
        assertTrue(wrongShape.getMessage().contains("3 element(s)"), wrongShape.getMessage());
    }

    // ================================================================ arrays

    @Test
    void shouldServeLongArrayAndCheckBoundsBeforeSending() {
        final ClusterLongArray a = ClusterLongArray.open(ops, "a", 4, lockFactory);
        assertEquals(4, a.length());
        assertEquals(4, ClusterLongArray.open(ops, "a", 4, lockFactory).length());
        assertThrows(IllegalArgumentException.class, () -> ClusterLongArray.open(ops, "a", 5, lockFactory));
        assertThrows(IllegalArgumentException.class, () -> ClusterLongArray.open(ops, "b", 0, lockFactory));
        final long sent = ops.commands();
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(4));
        assertThrows(IndexOutOfBoundsException.class, () -> a.set(4, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.compareAndSet(9, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.updateAndGet(4, x -> x));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(2, new long[4], 0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyTo(0, new long[2], 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyFrom(new long[2], 0, 3, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> a.copyFrom(new long[2], -1, 0, 1));
        assertEquals(sent, ops.commands(), "an out-of-bounds call sent a command");
        final IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(4));
        assertTrue(e.getMessage().contains("expected 0 to 3"), e.getMessage());

        a.set(0, 7);
        assertEquals(7, a.getAndSet(0, 8));
        assertEquals(8, a.getAndAdd(0, 2));
        assertEquals(12, a.addAndGet(0, 2));
        assertEquals(1, a.incrementAndGet(3));
        assertTrue(a.compareAndSet(3, 1, 5));
        assertFalse(a.compareAndSet(3, 1, 6));
        assertEquals(50, a.updateAndGet(3, x -> x * 10));
        a.copyFrom(new long[] {-1, 20, 30, -1}, 1, 1, 2);
        assertArrayEquals(new long[] {12, 20, 30, 50}, a.toArray());
        final long[] out = new long[5];
        a.copyTo(1, out, 2, 3);
        assertArrayEquals(new long[] {0, 0, 20, 30, 50}, out);
        assertEquals("SharedLongArray[a, length 4]", a.toString());
    }

    @Test
    void shouldWrapIntAndByteArrayElements() {
        final ClusterIntArray ints = ClusterIntArray.open(ops, "ints", 2, lockFactory);
        ints.set(1, Integer.MAX_VALUE);
        assertEquals(Integer.MIN_VALUE, ints.incrementAndGet(1));
        assertTrue(ints.compareAndSet(1, Integer.MIN_VALUE, 3));
        assertEquals(3, ints.getAndAdd(1, Integer.MAX_VALUE));
        assertEquals(3 + Integer.MAX_VALUE, ints.get(1));
        assertEquals(-6, ints.updateAndGet(0, x -> x - 6));
        assertArrayEquals(new int[] {-6, 3 + Integer.MAX_VALUE}, ints.toArray());
        ints.copyFrom(new int[] {4, 5}, 0, 0, 2);
        assertArrayEquals(new int[] {4, 5}, ints.toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> ints.get(2));

        final ClusterByteArray bytes = ClusterByteArray.open(ops, "bytes", 3, lockFactory);
        bytes.set(0, (byte) 127);
        assertEquals((byte) -128, bytes.incrementAndGet(0));
        assertEquals((byte) -128, bytes.getAndAdd(0, (byte) -1));
        assertEquals((byte) 127, bytes.get(0));
        assertTrue(bytes.compareAndSet(0, (byte) 127, (byte) 9));
        assertEquals((byte) 9, bytes.getAndSet(0, (byte) -2));
        assertEquals((byte) -1, bytes.addAndGet(0, (byte) 1));
        assertEquals((byte) 44, bytes.updateAndGet(2, x -> 300));
        bytes.copyFrom(new byte[] {1, 2}, 0, 1, 1);
        assertArrayEquals(new byte[] {-1, 1, 44}, bytes.toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> bytes.set(3, (byte) 0));
    }

    @Test
    void shouldCompareDoubleArrayElementsByBits() {
        final ClusterDoubleArray a = ClusterDoubleArray.open(ops, "da", 2, lockFactory);
        assertFalse(a.compareAndSet(0, -0.0, 1.0));
        assertTrue(a.compareAndSet(0, 0.0, 1.0));
        assertEquals(1.0, a.getAndAdd(0, 1.5));
        assertEquals(3.0, a.addAndGet(0, 0.5));
        assertEquals(3.0, a.getAndSet(0, 4.0));
        assertEquals(-1.0, a.updateAndGet(1, x -> x - 1));
        assertArrayEquals(new double[] {4.0, -1.0}, a.toArray());
        a.copyFrom(new double[] {0.25}, 0, 1, 1);
        final double[] out = new double[1];
        a.copyTo(1, out, 0, 1);
        assertEquals(0.25, out[0]);
        assertThrows(IndexOutOfBoundsException.class, () -> a.getAndAdd(2, 1.0));
    }

    // ================================================================ dict

    @Test
    void shouldBehaveAsAConcurrentMap() {
        final ClusterDict<String, Object> d = ClusterDict.open(ops, "d", DictOptions.defaults());
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
        assertEquals("made", d.computeIfAbsent("m", k -> "again"));
        assertNull(d.computeIfAbsent("never", k -> null));
        assertFalse(d.containsKey("never"));
        assertNull(d.computeIfPresent("zz", (k, v) -> "never"));
        assertEquals("MADE", d.computeIfPresent("m", (k, v) -> ((String) v).toUpperCase()));
        assertNull(d.compute("m", (k, v) -> null));
        assertFalse(d.containsKey("m"));
        assertNull(d.merge("n", 1, (x, y) -> null));
        assertFalse(d.containsKey("n"));
        assertEquals(Map.of("a", 2, "b", "BEE"), new HashMap<>(d));
        assertEquals(new HashMap<>(d), d);
        assertEquals(new HashMap<>(d).hashCode(), d.hashCode());
        assertEquals(2, d.size());
        assertEquals(2, d.mappingCount());
        assertEquals("dflt", d.getOrDefault("zz", "dflt"));
        assertTrue(d.containsValue("BEE"));
        assertFalse(d.remove("a", 3));
        assertTrue(d.remove("a", 2));
        assertEquals("BEE", d.remove("b"));
        assertNull(d.remove("b"));
        d.set("s", 1);
        d.putAll(Map.of("t", 2, "u", 3));
        d.replaceAll((k, v) -> (Integer) v * 100);
        assertEquals(Map.of("s", 100, "t", 200, "u", 300), new HashMap<>(d));
        d.clear();
        assertTrue(d.isEmpty());
        assertEquals("SharedDict[d, 0 entries]", d.toString());
    }

    @Test
    void shouldRejectNullsAsTheLocalDictDoes() {
        final ClusterDict<String, Object> d = ClusterDict.open(ops, "strict", DictOptions.defaults());
        d.put("k", "v");
        final long sent = ops.commands();
        assertThrows(NullPointerException.class, () -> d.put("k", null));
        assertThrows(NullPointerException.class, () -> d.set("k", null));
        assertThrows(NullPointerException.class, () -> d.put(null, "v"));
        assertThrows(NullPointerException.class, () -> d.get(null));
        assertThrows(NullPointerException.class, () -> d.containsKey(null));
        assertThrows(NullPointerException.class, () -> d.remove(null));
        assertThrows(NullPointerException.class, () -> d.putIfAbsent("k", null));
        assertThrows(NullPointerException.class, () -> d.replace("k", null));
        assertThrows(NullPointerException.class, () -> d.replace("k", null, "w"));
        assertThrows(NullPointerException.class, () -> d.replace("k", "v", null));
        assertThrows(NullPointerException.class, () -> d.merge("k", null, (a, b) -> a));
        assertThrows(NullPointerException.class, () -> d.merge("k", "w", null));
        assertThrows(NullPointerException.class, () -> d.compute("k", null));
        assertThrows(NullPointerException.class, () -> d.computeIfAbsent("k", null));
        assertThrows(NullPointerException.class, () -> d.computeIfPresent("k", null));
        assertFalse(d.remove("k", null));
        assertEquals(sent, ops.commands(), "a rejected null sent a command");
        assertEquals(Map.of("k", "v"), new HashMap<>(d));

        final ClusterDict<String, Object> lenient = ClusterDict.open(ops, "strict",
            DictOptions.<String, Object>defaults().allowNullValues());
        assertEquals("v", lenient.put("k", null));
        assertTrue(lenient.containsKey("k"));
        assertNull(lenient.get("k"));
        assertNull(lenient.getOrDefault("k", "dflt"));
        assertNull(lenient.putIfAbsent("k", "w"), "a key holding null is present");
        assertNull(lenient.get("k"));
        assertThrows(NullPointerException.class, () -> lenient.putIfAbsent("k", null));
        assertTrue(lenient.entrySet().contains(new SimpleEntry<>("k", null)));
        assertFalse(d.containsKey("k"), "a strict handle does not see a stored null as a mapping");
        assertEquals("dflt", d.getOrDefault("k", "dflt"));
        assertEquals("w", lenient.merge("k", "w", (a, b) -> "merged"), "merge treats a stored null as absent");
        lenient.set("k", null);
        assertEquals(1, lenient.size());
        assertNull(lenient.remove("k"));
        assertTrue(lenient.isEmpty());
    }

    @Test
    void shouldKeepInsertionOrderAndIterateASnapshot() {
        final ClusterDict<String, Integer> d = ClusterDict.open(ops, "order",
            DictOptions.of(Codecs.string(), Codecs.ints()));
        for (final String k : List.of("c", "a", "b", "d")) {
            d.put(k, k.charAt(0) - 'a');
        }
        d.put("a", 100);
        d.remove("c");
        d.put("c", 2);
        assertEquals(List.of("a", "b", "d", "c"), new ArrayList<>(d.keySet()));
        assertEquals(List.of(100, 1, 3, 2), new ArrayList<>(d.values()));
        assertEquals(new SimpleEntry<>("a", 100), d.firstEntry());
        assertEquals(new SimpleEntry<>("c", 2), d.lastEntry());
        final List<String> reversed = new ArrayList<>();
        d.reversedKeys().forEach(reversed::add);
        assertEquals(List.of("c", "d", "b", "a"), reversed);
        final List<Map.Entry<String, Integer>> reversedEntries = new ArrayList<>();
        d.reversedEntries().forEach(reversedEntries::add);
        assertEquals(new SimpleEntry<>("c", 2), reversedEntries.get(0));

        final Iterator<Map.Entry<String, Integer>> it = d.entrySet().iterator();
        d.put("late", 9);
        d.put("b", 11);
        final List<String> seen = new ArrayList<>();
        while (it.hasNext()) {
            final Map.Entry<String, Integer> e = it.next();
            seen.add(e.getKey() + "=" + e.getValue());
            if (e.getKey().equals("a")) {
                it.remove();
                assertThrows(IllegalStateException.class, it::remove);
            }
            if (e.getKey().equals("b")) {
                it.remove();
            }
            if (e.getKey().equals("d")) {
                assertEquals(3, e.setValue(33));
                it.remove();
            }
        }
        assertEquals(List.of("a=100", "b=1", "d=3", "c=2"), seen, "the iterator walks the dict as it was");
        assertThrows(NoSuchElementException.class, it::next);
        assertEquals(Map.of("b", 11, "c", 2, "late", 9), new HashMap<>(d),
            "b changed after the snapshot, so the iterator did not remove it; d was set, then removed");

        final Map.Entry<String, Integer> c = d.entrySet().stream().filter(e -> e.getKey().equals("c")).findFirst()
            .orElseThrow();
        assertEquals(2, c.setValue(22));
        assertEquals(22, d.get("c"));
        assertTrue(d.keySet().remove("late"));
        assertTrue(d.values().remove(22));
        assertTrue(d.entrySet().remove(new SimpleEntry<>("b", 11)));
        assertTrue(d.isEmpty());

        d.put("x", 1);
        d.put("y", 2);
        assertEquals(new SimpleEntry<>("y", 2), d.pollLastEntry());
        assertEquals(new SimpleEntry<>("x", 1), d.pollLastEntry());
        assertNull(d.pollLastEntry());
        assertNull(d.firstEntry());
        assertNull(d.lastEntry());
    }

    @Test
    void shouldApplyEveryConcurrentMapUpdateAtomically() throws InterruptedException {
        final ClusterDict<String, Long> d = ClusterDict.open(ops, "counts",
            DictOptions.of(Codecs.string(), Codecs.longs()));
        final AtomicLong created = new AtomicLong();
        final java.util.Set<Long> returned = java.util.concurrent.ConcurrentHashMap.newKeySet();
        runConcurrently(() -> {
            for (int i = 0; i < 200; i++) {
                d.merge("merged", 1L, Long::sum);
                d.compute("computed", (k, v) -> v == null ? 1L : v + 1);
                returned.add(d.computeIfAbsent("once", k -> created.incrementAndGet()));
                while (true) {
                    final Long old = d.putIfAbsent("cas", 1L);
                    if (old == null || d.replace("cas", old, old + 1)) {
                        break;
                    }
                }
            }
        });
        assertEquals(THREADS * 200L, d.get("merged"));
        assertEquals(THREADS * 200L, d.get("computed"));
        assertEquals(THREADS * 200L, d.get("cas"));
        assertEquals(java.util.Set.of(d.get("once")), returned,
            "every computeIfAbsent returned the one value stored (the function may run more than once)");
        final List<Map.Entry<String, Long>> popped = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            d.put("p" + i, (long) i);
        }
        runConcurrently(() -> {
            for (int i = 0; i < 30; i++) {
                final Map.Entry<String, Long> e = d.pollLastEntry();
                if (e != null) {
                    synchronized (popped) {
                        popped.add(e);
                    }
                }
            }
        });
        assertEquals(104, popped.size(), "every entry was popped once");
        assertEquals(104, popped.stream().map(Map.Entry::getKey).distinct().count());
        assertTrue(d.isEmpty());
    }

    @Test
    void shouldCompareValuesWithEqualsNotBytes() {
        final ClusterDict<String, String> d = ClusterDict.open(ops, "salted",
            DictOptions.of(Codecs.string(), new SaltedCodec()));
        d.put("k", "v");
        assertTrue(d.replace("k", "v", "w"), "equal values whose encodings differ");
        assertFalse(d.replace("k", "v", "x"));
        assertFalse(d.remove("k", "v"));
        assertTrue(d.remove("k", "w"));
        assertTrue(d.isEmpty());
    }

    @Test
    void shouldStoreValuesThatLookLikeTheNullEscape() {
        final ClusterDict<byte[], byte[]> d = ClusterDict.open(ops, "raw",
            DictOptions.of(Codecs.bytes(), Codecs.bytes()).allowNullValues());
        final byte[][] values = {{}, {(byte) 0xFF}, {(byte) 0xFF, (byte) 0xFF}, {(byte) 0xFF, 1}, {1, (byte) 0xFF}};
        for (int i = 0; i < values.length; i++) {
            d.put(new byte[] {(byte) i}, values[i]);
        }
        d.put(new byte[] {9}, null);
        for (int i = 0; i < values.length; i++) {
            assertArrayEquals(values[i], d.get(new byte[] {(byte) i}), "value " + i);
        }
        assertNull(d.get(new byte[] {9}));
        assertTrue(d.containsKey(new byte[] {9}));
        assertTrue(d.remove(new byte[] {1}, new byte[] {(byte) 0xFF}));
        assertEquals(values.length, d.size());
    }

    @Test
    void shouldRefuseOversizedEntriesBeforeSending() {
        final ClusterDict<String, String> d = ClusterDict.open(ops, "small",
            DictOptions.of(Codecs.string(), Codecs.string()).maxEntryBytes(64));
        final long sent = ops.commands();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> d.put("k", "x".repeat(60)));
        assertTrue(e.getMessage().contains("maxEntryBytes=64"), e.getMessage());
        assertEquals(sent, ops.commands());
        d.put("k", "x".repeat(40));
    }

    @Test
    void shouldRefuseWhatAClusterDictCannotDo() {
        final ClusterDict<String, Object> d = ClusterDict.open(ops, "h", DictOptions.defaults());
        d.put("a", 1);
        assertThrows(UnsupportedOperationException.class, d::directory);
        assertThrows(UnsupportedOperationException.class, d::generation);
        assertThrows(NotSerializableException.class, () -> serialize(d));
        final ClusterDict<String, Object> other = ClusterDict.open(ops, "h", DictOptions.defaults());
        assertTrue(other.unlink());
        assertTrue(d.isEmpty(), "after unlink, other handles see a new, empty dict");
        d.close();
        assertThrows(ClosedException.class, () -> d.get("a"));
        assertThrows(ClosedException.class, () -> d.entrySet().iterator());
        assertEquals("SharedDict[h, closed]", d.toString());
    }

    // ================================================================ list

    @Test
    void shouldBehaveAsAList() {
        final ClusterList<Object> l = ClusterList.open(ops, "l", ListOptions.defaults());
        assertTrue(l.isEmpty());
        assertTrue(l.add("a"));
        l.add(null);
        l.add(0, 1);
        l.add(3, "end");
        assertEquals(Arrays.asList(1, "a", null, "end"), l);
        assertEquals(l, Arrays.asList(1, "a", null, "end"));
        assertEquals(Arrays.asList(1, "a", null, "end").hashCode(), l.hashCode());
        assertEquals(4, l.size());
        assertNull(l.get(2));
        assertEquals("a", l.set(1, "b"));
        assertEquals(2, l.indexOf(null));
        assertTrue(l.contains("end"));
        assertEquals(-1, l.indexOf("zz"));
        assertEquals(1, l.remove(0));
        assertTrue(l.remove(null));
        assertFalse(l.remove("zz"));
        assertEquals(List.of("b", "end"), l);
        assertEquals("SharedList[b, end]", l.toString());
        final long sent = ops.commands();
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> l.add(-2, "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> l.set(-1, "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> l.remove(-1));
        assertEquals(sent, ops.commands(), "a negative index sent a command");
        assertThrows(IndexOutOfBoundsException.class, () -> l.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> l.add(3, "x"));
        assertThrows(IndexOutOfBoundsException.class, () -> l.remove(2));
        l.addAll(List.of(3, 2, 1));
        l.subList(0, 2).clear();
        l.sort(null);
        assertEquals(List.of(1, 2, 3), l);
        assertEquals(List.of(2, 4, 6), l.stream().map(x -> (Integer) x * 2).collect(Collectors.toList()));
        assertEquals(2, l.lastIndexOf(3));
        l.clear();
        assertTrue(l.isEmpty());
    }

    @Test
    void shouldIterateASnapshotAndRemoveTheRightElement() {
        final ClusterList<String> l = ClusterList.open(ops, "it", ListOptions.of(Codecs.string()));
        final ClusterList<String> other = ClusterList.open(ops, "it", ListOptions.of(Codecs.string()));
        l.addAll(List.of("a", "b", "c", "d"));
        final Iterator<String> it = l.iterator();
        other.add(0, "x");
        other.add("late");
        assertEquals("a", it.next());
        it.remove();
        assertThrows(IllegalStateException.class, it::remove);
        assertEquals("b", it.next());
        assertEquals("c", it.next());
        it.remove();
        assertEquals("d", it.next());
        assertFalse(it.hasNext(), "the iterator shows the list as it was when made");
        assertEquals(List.of("x", "b", "d", "late"), l,
            "another client's insert moved every element; the iterator removed the ones it returned");
    }

    @Test
    void shouldRemoveInBulkWithoutLosingElements() {
        final ClusterList<Integer> l = ClusterList.open(ops, "bulk", ListOptions.of(Codecs.ints()));
        final ClusterList<Integer> other = ClusterList.open(ops, "bulk", ListOptions.of(Codecs.ints()));
        l.addAll(List.of(1, 2, 3, 4, 5, 6));
        final AtomicInteger calls = new AtomicInteger();
        assertTrue(l.removeIf(x -> {
            if (calls.getAndIncrement() == 0) {
                other.add(0, 100);
            }
            return x % 2 == 0;
        }));
        assertEquals(List.of(100, 1, 3, 5), l, "an element inserted during removeIf shifted every index");
        assertTrue(l.removeAll(List.of(1, 5, 7)));
        assertEquals(List.of(100, 3), l);
        assertTrue(l.retainAll(List.of(3)));
        assertFalse(l.retainAll(List.of(3)));
        assertEquals(List.of(3), l);
        l.addAll(List.of(3, 3));
        assertTrue(l.remove((Object) 3));
        assertEquals(List.of(3, 3), l);
    }

    @Test
    void shouldRefuseWhatAClusterListCannotDo() {
        final ClusterList<String> l = ClusterList.open(ops, "small", ListOptions.of(Codecs.string())
            .maxElementBytes(64));
        final long sent = ops.commands();
        assertThrows(IllegalArgumentException.class, () -> l.add("x".repeat(60)));
        assertEquals(sent, ops.commands());
        assertThrows(UnsupportedOperationException.class, l::directory);
        assertThrows(NotSerializableException.class, () -> serialize(l));
        l.add("kept");
        assertTrue(l.unlink());
        assertFalse(l.unlink());
        l.close();
        assertThrows(ClosedException.class, l::size);
        assertThrows(ClosedException.class, l::iterator);
        assertEquals("SharedList[small, closed]", l.toString());
    }

    // ================================================================ namespace

    @Test
    void shouldBehaveAsAPythonNamespace() {
        final ClusterNamespace ns = ClusterNamespace.open(ops, "config");
        ns.set("x", 10);
        ns.set("label", "run-1");
        ns.set("none", null);
        ns.set("flag", true);
        ns.set("_hidden", 1);
        ns.set("big", Long.MAX_VALUE);
        ns.set("ratio", 0.5);
        assertEquals(10, ns.get("x"));
        assertEquals(10L, ns.getLong("x"));
        assertEquals(10, ns.getInt("x"));
        assertEquals(10.0, ns.getDouble("x"));
        assertEquals(0.5, ns.getDouble("ratio"));
        assertTrue(ns.getBoolean("flag"));
        assertEquals("run-1", ns.getString("label"));
        assertNull(ns.get("none"));
        assertNull(ns.getString("none"));
        assertTrue(ns.has("none"));
        assertEquals("dflt", ns.get("missing", "dflt"));
        assertNull(ns.get("none", "dflt"));
        final NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> ns.get("missing"));
        assertTrue(missing.getMessage().contains("label"), missing.getMessage());
        assertThrows(ClassCastException.class, () -> ns.getInt("big"));
        assertThrows(ClassCastException.class, () -> ns.getLong("label"));
        assertThrows(ClassCastException.class, () -> ns.getLong("none"));
        assertThrows(ClassCastException.class, () -> ns.get("x", String.class));
        assertThrows(IllegalArgumentException.class, () -> ns.set("", 1));
        assertThrows(NullPointerException.class, () -> ns.get(null));
        assertEquals(11, ns.update("x", v -> (Integer) v + 1));
        assertEquals(1, ns.update("counter", v -> v == null ? 1 : (Integer) v + 1));
        assertNull(ns.update("counter", v -> null));
        assertFalse(ns.has("counter"));
        assertTrue(ns.delete("none"), "a field holding None is set");
        assertFalse(ns.delete("none"));
        assertEquals(List.of("x", "label", "flag", "_hidden", "big", "ratio"), new ArrayList<>(ns.fields().keySet()));
        assertEquals("Namespace(big=9223372036854775807, flag=True, label='run-1', ratio=0.5, x=11)", ns.toString());
        final SharedDict<String, Object> dict = ns.asDict();
        assertEquals(11, dict.get("x"));
        dict.put("y", "from the dict");
        assertEquals("from the dict", ns.get("y"));
        assertThrows(UnsupportedOperationException.class, ns::directory);
        assertThrows(NotSerializableException.class, () -> serialize(ns));
        assertTrue(ClusterNamespace.open(ops, "config").has("y"), "another handle sees the same fields");
        assertTrue(ns.unlink());
        assertFalse(ns.has("x"));
        ns.close();
        assertThrows(ClosedException.class, () -> ns.get("x"));
    }

    @Test
    void shouldKeepEveryConcurrentAppend() throws InterruptedException {
        final ClusterList<Integer> l = ClusterList.open(ops, "appends", ListOptions.of(Codecs.ints()));
        runConcurrently(() -> {
            for (int i = 0; i < 200; i++) {
                l.add(i);
            }
        });
        assertEquals(THREADS * 200, l.size());
        assertEquals(THREADS * 199 * 200 / 2, l.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void shouldAnswerFalseForAValueTheCodecCannotEncode() {
        final ClusterDict<String, Object> d = ClusterDict.open(ops, "odd", DictOptions.defaults());
        d.put("k", "v");
        assertFalse(d.remove("k", new Object()), "an unencodable value equals no stored one");
        final ClusterDict<String, String> strings = ClusterDict.open(ops, "odd",
            DictOptions.of(Codecs.string(), Codecs.string()));
        assertFalse(strings.remove("k", 42), "a value of another type equals no stored one");
        assertEquals("v", d.get("k"));
    }

    // ================================================================ the fake, as the ClusterOps javadoc reads

    @Test
    void shouldServeTheWordsDictsAndListsAsTheContractSays() {
        assertEquals(3, ops.wordCreate("w", 3, 7));
        assertEquals(3, ops.wordCreate("w", 5, 0), "creating an existing object changes nothing");
        assertArrayEquals(new long[] {7, 7, 7}, ops.wordSnapshot("w"));
        assertEquals(0, ops.wordGet("implicit", 0), "an operation creates a missing object with defaults");
        assertThrows(IllegalArgumentException.class, () -> ops.wordGet("w", 3));

        final byte[] k = {1};
        assertNull(ops.dictGet("d", k));
        assertNull(ops.dictPutIfAbsent("d", k, new byte[] {10}));
        assertArrayEquals(new byte[] {10}, ops.dictPutIfAbsent("d", k, new byte[] {11}));
        assertNull(ops.dictReplace("d", new byte[] {2}, new byte[] {20}), "replace of an absent key does nothing");
        assertEquals(1, ops.dictSize("d"));
        ops.dictPut("d", new byte[] {2}, new byte[] {20});
        ops.dictPut("d", new byte[] {3}, new byte[] {30});
        assertTrue(ops.dictReplaceIfEquals("d", k, new byte[] {10}, new byte[] {12}), "keeps the key's position");
        assertFalse(ops.dictReplaceIfEquals("d", k, new byte[] {10}, new byte[] {13}));
        assertArrayEquals(new byte[] {20}, ops.dictRemove("d", new byte[] {2}));
        ops.dictPut("d", new byte[] {2}, new byte[] {21});
        assertEquals(List.of("1=12", "3=30", "2=21"), ops.dictEntries("d").stream()
            .map(e -> e[0][0] + "=" + e[1][0]).collect(Collectors.toList()));
        assertFalse(ops.dictRemoveIfEquals("d", k, new byte[] {10}));
        assertTrue(ops.dictRemoveIfEquals("d", k, new byte[] {12}));

        ops.listAdd("l", -1, new byte[] {1});
        ops.listAdd("l", 0, new byte[] {0});
        ops.listAdd("l", 2, new byte[] {2});
        assertThrows(IndexOutOfBoundsException.class, () -> ops.listAdd("l", 4, new byte[] {9}));
        assertThrows(IndexOutOfBoundsException.class, () -> ops.listGet("l", 3));
        assertThrows(IndexOutOfBoundsException.class, () -> ops.listSet("l", -1, new byte[] {9}));
        assertArrayEquals(new byte[] {1}, ops.listRemove("l", 1));
        assertEquals(List.of(0, 2), ops.listSnapshot("l").stream().map(b -> (int) b[0])
            .collect(Collectors.toList()));

        assertTrue(ops.delete(ClusterOps.KIND_LIST, "l"));
        assertFalse(ops.delete(ClusterOps.KIND_LIST, "l"));
        assertEquals(0, ops.listSize("l"), "a deleted object comes back new and empty");
        ops.close();
        assertThrows(ClosedException.class, () -> ops.dictSize("d"));
    }

    // ================================================================ helpers

    private static void runConcurrently(final Runnable task) throws InterruptedException {
        final List<Thread> threads = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final Thread thread = new Thread(task, "cluster-state-" + t);
            thread.setUncaughtExceptionHandler((th, e) -> {
                synchronized (failures) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }

    private static void serialize(final Object handle) throws Exception {
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(handle);
        }
    }

    /** A string codec whose every encoding differs (a counter byte after the text), so equal values differ in bytes. */
    private static final class SaltedCodec implements Codec<String> {
        private static final long serialVersionUID = 1L;
        private static final AtomicInteger SALT = new AtomicInteger();

        @Override
        public int encode(final String value, final MutableDirectBuffer buffer, final int offset) {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            buffer.putBytes(offset, bytes);
            buffer.putByte(offset + bytes.length, (byte) SALT.incrementAndGet());
            return bytes.length + 1;
        }

        @Override
        public String decode(final DirectBuffer buffer, final int offset, final int length) {
            final byte[] bytes = new byte[length - 1];
            buffer.getBytes(offset, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The lock factory's lock in these tests: a JVM-local lock that remembers its name and its fate. */
    private static final class TestLock implements Lock {
        private static final long serialVersionUID = 1L;
        private final transient ReentrantLock lock = new ReentrantLock();
        private final String name;
        private volatile boolean closed;
        private volatile boolean unlinked;

        TestLock(final String name) {
            this.name = name;
        }

        @Override
        public void lock() {
            lock.lock();
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            lock.lockInterruptibly();
        }

        @Override
        public boolean tryLock() {
            return lock.tryLock();
        }

        @Override
        public boolean tryLock(final long time, final TimeUnit unit) throws InterruptedException {
            return lock.tryLock(time, unit);
        }

        @Override
        public boolean tryLock(final Duration timeout) throws InterruptedException {
            return lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void unlock() {
            lock.unlock();
        }

        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException("TestLock has no conditions");
        }

        @Override
        public boolean previousOwnerDied() {
            return false;
        }

        @Override
        public boolean isHeldByCurrentThread() {
            return lock.isHeldByCurrentThread();
        }

        @Override
        public boolean isLocked() {
            return lock.isLocked();
        }

        @Override
        public Path file() {
            throw new UnsupportedOperationException("TestLock has no file");
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean unlink() {
            unlinked = true;
            return true;
        }
    }
}
