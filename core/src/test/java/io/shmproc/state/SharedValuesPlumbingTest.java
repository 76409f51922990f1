package io.shmproc.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.testkit.CrossProcessTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Pins the plumbing every value and array shares: serialized form, toString, bounds messages, CAS loops. */
@CrossProcessTest
class SharedValuesPlumbingTest {

    @Test
    void shouldReattachEveryValueAndArrayTypeWhenDeserialized() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final List<AutoCloseable> handles = List.of(mp.sharedInt("i", 7), mp.sharedLong("l", 8),
                mp.sharedDouble("d", 1.5), mp.sharedIntArray("ia", 3), mp.sharedLongArray("la", 4),
                mp.sharedDoubleArray("da", 5), mp.sharedByteArray("ba", 6));
            for (final AutoCloseable handle : handles) {
                try (AutoCloseable copy = SharedValuesTest.roundTrip(handle)) {
                    assertSame(handle.getClass(), copy.getClass());
                    assertEquals(handle.toString(), copy.toString());
                }
            }
        }
    }

    @Test
    void shouldDescribeHandleByClassFileAndLiveState() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedInt i = mp.sharedInt("i", 7);
            final SharedDouble d = mp.sharedDouble("d", 1.5);
            final SharedLongArray la = mp.sharedLongArray("la", 4);
            final SharedByteArray ba = mp.sharedByteArray("ba", 6);
            assertEquals("SharedInt[" + i.file().getFileName() + " = 7]", i.toString());
            assertEquals("SharedLong[" + mp.sharedLong("l", -3).file().getFileName() + " = -3]",
                mp.sharedLong("l", 0).toString());
            assertEquals("SharedDouble[" + d.file().getFileName() + " = 1.5]", d.toString());
            assertEquals("SharedLongArray[" + la.file().getFileName() + ", length 4]", la.toString());
            assertEquals("SharedByteArray[" + ba.file().getFileName() + ", length 6]", ba.toString());
        }
    }

    @Test
    void shouldRejectBulkCopyOutsideElementsOrJavaArrayNamingTheRange() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedIntArray ia = mp.sharedIntArray("ia", 3);
            final SharedLongArray la = mp.sharedLongArray("la", 3);
            final SharedDoubleArray da = mp.sharedDoubleArray("da", 3);
            final SharedByteArray ba = mp.sharedByteArray("ba", 3);
            assertMessage("range index=2, count=2 is out of range for an array of 3 INT in " + ia.file(),
                () -> ia.copyTo(2, new int[4], 0, 2));
            assertMessage("range index=-1, count=1 is out of range for an array of 3 LONG in " + la.file(),
                () -> la.copyFrom(new long[4], 0, -1, 1));
            assertMessage("range index=0, count=-1 is out of range for an array of 3 DOUBLE in " + da.file(),
                () -> da.copyTo(0, new double[4], 0, -1));
            assertMessage("range index=1, count=3 is out of range for an array of 3 BYTE in " + ba.file(),
                () -> ba.copyFrom(new byte[4], 0, 1, 3));
            assertMessage("destination offset=1, count=3 exceeds its length 3", () -> ia.copyTo(0, new int[3], 1, 3));
            assertMessage("source offset=-1, count=1 exceeds its length 3", () -> la.copyFrom(new long[3], -1, 0, 1));
            assertMessage("destination offset=2, count=2 exceeds its length 3",
                () -> da.copyTo(0, new double[3], 2, 2));
            assertMessage("source offset=3, count=1 exceeds its length 3", () -> ba.copyFrom(new byte[3], 3, 0, 1));
            assertMessage("index=3 is out of range for an array of 3 INT in " + ia.file() + "; expected 0 to 2",
                () -> ia.get(3));
        }
    }

    @Test
    void shouldApplyDoubleOperationsOnScalarAndArrayElementAlike() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDouble d = mp.sharedDouble("d", 1.5);
            final SharedDoubleArray da = mp.sharedDoubleArray("da", 2);
            da.set(1, 1.5);
            assertEquals(1.5, d.getAndAdd(1.0));
            assertEquals(1.5, da.getAndAdd(1, 1.0));
            assertEquals(3.0, d.addAndGet(0.5));
            assertEquals(3.0, da.addAndGet(1, 0.5));
            assertEquals(3.0, d.getAndSet(0.0));
            assertEquals(3.0, da.getAndSet(1, 0.0));
            assertFalse(d.compareAndSet(-0.0, 1.0), "compares bits: -0.0 is not 0.0");
            assertFalse(da.compareAndSet(1, -0.0, 1.0), "compares bits: -0.0 is not 0.0");
            assertTrue(d.compareAndSet(0.0, 2.0));
            assertTrue(da.compareAndSet(1, 0.0, 2.0));
            assertEquals(6.0, d.updateAndGet(x -> x * 3));
            assertEquals(6.0, da.updateAndGet(1, x -> x * 3));
            assertEquals(6.0, d.get());
            assertEquals(6.0, da.get(1));
            final double[] copy = new double[3];
            da.copyTo(0, copy, 1, 2);
            assertArrayEquals(new double[] {0.0, 0.0, 6.0}, copy);
            da.copyFrom(new double[] {-1.25, 2.5}, 0, 0, 2);
            assertArrayEquals(new double[] {-1.25, 2.5}, da.toArray());
        }
    }

    @Test
    void shouldUpdateIntAndLongScalarsAndElementsWithFunctions() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedInt i = mp.sharedInt("i", 5);
            final SharedLong l = mp.sharedLong("l", 5);
            final SharedIntArray ia = mp.sharedIntArray("ia", 2);
            final SharedLongArray la = mp.sharedLongArray("la", 2);
            assertEquals(10, i.updateAndGet(x -> x * 2));
            assertEquals(10L, l.updateAndGet(x -> x * 2));
            assertEquals(13, i.accumulateAndGet(3, Integer::sum));
            assertEquals(13L, l.accumulateAndGet(3, Long::sum));
            assertEquals(-1, ia.updateAndGet(1, x -> x - 1));
            assertEquals(Long.MIN_VALUE, la.updateAndGet(1, x -> Long.MIN_VALUE));
            assertArrayEquals(new int[] {0, -1}, ia.toArray());
            assertArrayEquals(new long[] {0, Long.MIN_VALUE}, la.toArray());
        }
    }

    private static void assertMessage(final String expected, final Executable call) {
        assertEquals(expected, assertThrows(IndexOutOfBoundsException.class, call).getMessage());
    }
}
