package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.codec.Codecs;
import io.shmproc.memory.ArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * A pool function that is a plain lambda travels as its implementation method and captured values
 * ({@link LambdaInvoker}): the decoded invoker calls it as the lambda would, before and after it switches to the
 * standard lambda, and anything else keeps the usual form.
 */
class LambdaInvokerTest {
    private static Invoker roundTrip(final Object function, final Invoker invoker) {
        final byte[] standard = encode(invoker);
        final LambdaInvoker direct = LambdaInvoker.of(function, invoker.arity(), standard);
        assertNotNull(direct, "a plain lambda qualifies");
        final byte[] form = encode(direct);
        return (Invoker) Codecs.javaSerialization().decode(ArrayBuffer.wrapping(form), 0, form.length);
    }

    private static byte[] encode(final Object value) {
        final ArrayBuffer buffer = ArrayBuffer.growable(256);
        final int length = Codecs.javaSerialization().encode(value, buffer, 0);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    @Test
    void shouldCallLikeTheLambdaBeforeAndAfterTheSwitch() throws Exception {
        final int offset = 7;
        final String label = "x";
        final SerializableBiFunction<Integer, Integer, String> function = (a, b) -> label + (a * b + offset);
        final Invoker invoker = roundTrip(function, Invoker.of(function));
        assertTrue(invoker instanceof LambdaInvoker);
        for (int i = 0; i < 3 * LambdaInvoker.REFLECTIVE_CALLS; i++) {
            assertEquals(function.apply(i, 3), invoker.call(i, 3), "call " + i);
        }
    }

    @Test
    void shouldThrowWhatTheLambdaThrowsAndCastErrorsAsTheLambdaWould() throws Exception {
        final SerializableFunction<Integer, Integer> function = x -> {
            if (x < 0) {
                throw new IllegalStateException("negative " + x);
            }
            return x * x;
        };
        final Invoker invoker = roundTrip(function, Invoker.of(function));
        assertEquals(9, invoker.call(3, null));
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> invoker.call(-2, null));
        assertEquals("negative -2", thrown.getMessage());
        assertThrows(ClassCastException.class, () -> invoker.call("three", null));
        final java.util.concurrent.Callable<String> callable = (java.util.concurrent.Callable<String>
            & java.io.Serializable) () -> "called";
        assertEquals("called", roundTrip(callable, Invoker.ofCallable(callable)).call(null, null));
    }

    @Test
    void shouldKeepTheUsualFormForMethodReferencesAndOtherObjects() {
        final SerializableFunction<String, Integer> reference = String::length;
        assertNull(LambdaInvoker.of(reference, 1, encode(Invoker.of(reference))));
        final Invoker invoker = Invoker.of(reference);
        assertNull(LambdaInvoker.of(invoker, 1, encode(invoker)), "not a lambda");
    }

    @Test
    void shouldCountTheParametersOfADescriptor() {
        assertEquals(0, LambdaInvoker.parameterCount("()V"));
        assertEquals(3, LambdaInvoker.parameterCount("(I[[Ljava/lang/String;J)Ljava/lang/Object;"));
        assertEquals(2, LambdaInvoker.parameterCount("([ILjava/lang/Integer;)V"));
    }
}
