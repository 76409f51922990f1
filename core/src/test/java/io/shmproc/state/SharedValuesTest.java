package io.shmproc.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.exceptions.IncompatibleRegionException;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SharedValuesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldKeepExactTotalsWhenTwoJvmsUpdateConcurrently() {
        final int n = 20_000;
        try (Shmproc mp = Shmproc.open()) {
            final SharedLong l = mp.sharedLong("long", 0);
            final SharedInt i = mp.sharedInt("int", 0);
            final SharedDouble d = mp.sharedDouble("double", 0);
            final SharedLongArray la = mp.sharedLongArray("longs", 4);
            final SharedByteArray ba = mp.sharedByteArray("bytes", 8);
            final SharedLong locked = mp.sharedLong("locked", 0);
            try (ChildJvm a = ChildJvm.start(StateChild.class, "count", mp.directory().toString(), "" + n);
                 ChildJvm b = ChildJvm.start(StateChild.class, "count", mp.directory().toString(), "" + n)) {
                assertEquals(0, a.waitFor(WAIT));
                assertEquals(0, b.waitFor(WAIT));
            }
            assertEquals(2L * n, l.get());
            assertEquals(4 * n, i.get());
            assertEquals(n, d.get(), 0.0);
            assertArrayEquals(new long[] {n / 2, n / 2, n / 2, n / 2}, la.toArray());
            final byte expected = (byte) (2 * n / 8);
            for (int k = 0; k < 8; k++) {
                assertEquals(expected, ba.get(k), "byte " + k);
            }
            assertEquals(2L * n, locked.get(), "compound updates under lock() lost some");
        }
    }

    @Test
    void shouldKeepExactWrappedTotalsOfShortAndByteValuesAcrossJvms() throws Exception {
        final int n = 20_000;
        try (Shmproc mp = Shmproc.open()) {
            final SharedShort sh = mp.sharedShort("short", (short) 0);
            final SharedByte by = mp.sharedByte("byte", (byte) 0);
            try (ChildJvm a = ChildJvm.start(StateChild.class, "count-small", mp.directory().toString(), "" + n);
                 ChildJvm b = ChildJvm.start(StateChild.class, "count-small", mp.directory().toString(), "" + n)) {
                assertEquals(0, a.waitFor(WAIT));
                assertEquals(0, b.waitFor(WAIT));
            }
            assertEquals((short) (2 * n), sh.get(), "no lost 16-bit update");
            assertEquals((byte) (2 * n), by.get(), "no lost 8-bit update");

            sh.set(Short.MAX_VALUE);
            assertEquals(Short.MIN_VALUE, sh.incrementAndGet(), "wraps as a short");
            assertTrue(sh.compareAndSet(Short.MIN_VALUE, (short) -5));
            assertFalse(sh.compareAndSet((short) 7, (short) 8));
            assertEquals(-5, sh.getAndSet((short) 300));
            assertEquals(300, sh.getAndAdd(-301));
            assertEquals(-1, sh.get());
            by.set(Byte.MAX_VALUE);
            assertEquals(Byte.MIN_VALUE, by.addAndGet(1), "wraps as a byte");
            assertTrue(by.compareAndSet(Byte.MIN_VALUE, (byte) 'x'));
            assertEquals('x', (char) by.decrementAndGet() + 1);
            final Lock lock = by.lock();
            assertTrue(lock.tryLock());
            lock.unlock();

            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(sh);
                out.writeObject(by);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()));
                 SharedShort shCopy = (SharedShort) in.readObject();
                 SharedByte byCopy = (SharedByte) in.readObject()) {
                assertEquals(-1, shCopy.get());
                assertEquals((byte) ('x' - 1), byCopy.get());
            }
            mp.sharedInt("int", 1);
            assertThrows(IncompatibleRegionException.class, () -> mp.sharedShort("int", (short) 1));
            assertThrows(IncompatibleRegionException.class, () -> mp.sharedByte("short", (byte) 1));
            mp.sharedByteArray("bytes", 4);
            assertThrows(IncompatibleRegionException.class, () -> mp.sharedByte("bytes", (byte) 1),
                "a byte array is not a byte value");
        }
    }

    @Test
    void shouldReleaseLockWhenHolderIsKilled() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedLong guarded = mp.sharedLong("guarded", 0);
            try (ChildJvm child = ChildJvm.start(StateChild.class, "hold-lock", mp.directory().toString())) {
                child.awaitLine("locked"::equals, WAIT);
                final Lock lock = guarded.lock();
                assertFalse(lock.tryLock(), "lock held by a live child must not be free");
                child.kill();
                assertTrue(lock.tryLock(10, TimeUnit.SECONDS), "lock of a killed holder was not released");
                lock.unlock();
            }
        }
    }

    @Test
    void shouldApplyAtomicOperationsInOneProcess() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedLong l = mp.sharedLong("l", 5);
            assertTrue(l.compareAndSet(5, 7));
            assertFalse(l.compareAndSet(5, 9));
            assertEquals(14, l.updateAndGet(x -> x * 2));
            assertEquals(14, l.getAndAdd(1));
            assertEquals(15, mp.sharedLong("l", 99).get(), "second open must attach, ignoring the initial value");
            final SharedDouble d = mp.sharedDouble("d", 1.5);
            assertTrue(d.compareAndSet(1.5, 2.5));
            assertEquals(5.0, d.updateAndGet(x -> x * 2), 0.0);
            final SharedIntArray ia = mp.sharedIntArray("ia", 3);
            ia.copyFrom(new int[] {1, 2, 3}, 0, 0, 3);
            assertEquals(3, ia.incrementAndGet(1));
            assertArrayEquals(new int[] {1, 3, 3}, ia.toArray());
            assertThrows(IndexOutOfBoundsException.class, () -> ia.get(3));
            final SharedDoubleArray da = mp.sharedDoubleArray("da", 2);
            da.getAndAdd(1, 0.25);
            assertArrayEquals(new double[] {0, 0.25}, da.toArray());
            final SharedByteArray ba = mp.sharedByteArray("ba", 5);
            assertTrue(ba.compareAndSet(3, (byte) 0, (byte) -2));
            assertFalse(ba.compareAndSet(3, (byte) 0, (byte) 1));
            assertArrayEquals(new byte[] {0, 0, 0, -2, 0}, ba.toArray());
            assertThrows(IllegalArgumentException.class, () -> mp.sharedLongArray("zero", 0));
        }
    }

    @Test
    void shouldRejectAttachingWithAnotherTypeOrLength() {
        try (Shmproc mp = Shmproc.open()) {
            mp.sharedLong("x", 1);
            mp.sharedLongArray("arr", 4);
            assertThrows(IncompatibleRegionException.class, () -> mp.sharedInt("x", 1));
            assertThrows(IncompatibleRegionException.class, () -> mp.sharedLongArray("arr", 5));
            assertThrows(IncompatibleRegionException.class, () -> mp.dict("x"));
        }
    }

    @Test
    void shouldReattachWhenHandleIsDeserialized() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedLong l = mp.sharedLong("l", 41);
            try (SharedLong copy = roundTrip(l)) {
                copy.incrementAndGet();
            }
            assertEquals(42, l.get());
            try (SharedLongArray copy = roundTrip(mp.sharedLongArray("a", 2))) {
                assertEquals(2, copy.length());
            }
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(final T handle) throws Exception {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
