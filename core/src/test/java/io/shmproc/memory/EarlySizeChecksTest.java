package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A read-modify-write method's countdown ({@link EarlySizeChecks}): due at most as many times as the method has
 * checks left, then never again, and the other methods' countdowns untouched.
 */
class EarlySizeChecksTest {
    @Test
    void shouldBeDueUntilTheChecksAreSpentAndThenNever() throws Throwable {
        Assumptions.assumeTrue(MappedBuffer.earlyChecksPerMethod() > 0, "Java 21+ makes no early checks");
        final int method = EarlySizeChecks.GET_AND_SET_INT;
        final int left = EarlySizeChecks.left()[method];
        final int otherLeft = EarlySizeChecks.left()[EarlySizeChecks.CAE_INT];
        final MethodHandle due = EarlySizeChecks.invoker(method);
        int checks = 0;
        while ((boolean) due.invokeExact()) {
            checks++;
            assertTrue(checks <= MappedBuffer.EARLY_CHECKS, "due more often than a method's checks");
        }
        // at most once per check left: the JVM's background warm-up may spend some of them meanwhile
        assertTrue(checks <= Math.max(left, 0), checks + " checks due with " + left + " left");
        for (int i = 0; i < 1_000; i++) {
            assertFalse((boolean) due.invokeExact(), "due again after the checks were spent");
        }
        assertTrue(EarlySizeChecks.left()[method] <= 0);
        assertEquals(otherLeft, EarlySizeChecks.left()[EarlySizeChecks.CAE_INT], "another method's countdown moved");
    }
}
