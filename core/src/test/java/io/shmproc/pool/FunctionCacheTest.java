package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.codec.Codecs;
import io.shmproc.memory.ArrayBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The parent's DEFINE record of a function ({@link FunctionCache}): its origin and its invoker, the lambda's
 * direct form where it fits, the usual form alone where only that fits, and a clear refusal otherwise.
 */
class FunctionCacheTest {
    private static Invoker decode(final FunctionCache.Fn fn) {
        final ArrayBuffer message = ArrayBuffer.wrapping(fn.bytes);
        final int originLength = message.getInt(0, PoolProtocol.ORDER);
        assertEquals(FunctionCacheTest.class.getName(), new String(fn.bytes, Integer.BYTES, originLength,
            StandardCharsets.UTF_8), "the origin: the lambda's class");
        final int start = Integer.BYTES + originLength;
        return (Invoker) Codecs.javaSerialization().decode(message, start, fn.bytes.length - start);
    }

    @Test
    void shouldSendAPlainLambdaInItsDirectFormAndCallItTheSame() throws Exception {
        final int offset = 3;
        final SerializableFunction<Integer, Integer> function = x -> x + offset;
        final FunctionCache cache = new FunctionCache(128 * 1024);
        final FunctionCache.Fn fn = cache.lookup(function, Invoker.of(function));
        assertSame(fn, cache.lookup(function, Invoker.of(function)), "serialized once per function");
        final Invoker invoker = decode(fn);
        assertTrue(invoker instanceof LambdaInvoker);
        assertEquals(10, invoker.call(7, null));
    }

    @Test
    void shouldSendTheUsualFormAloneWhenBothDoNotFit() throws Exception {
        final byte[] payload = new byte[3000];
        payload[0] = 5;
        final SerializableFunction<Integer, Integer> function = x -> x + payload[0] + payload.length;
        final ArrayBuffer form = ArrayBuffer.growable(256);
        final int usual = Integer.BYTES + FunctionCache.origin(function).length()
            + Codecs.javaSerialization().encode(Invoker.of(function), form, 0);
        // room for the usual form and its function id, not for the two forms together
        final FunctionCache cache = new FunctionCache(usual + Integer.BYTES);
        final Invoker invoker = decode(cache.lookup(function, Invoker.of(function)));
        assertFalse(invoker instanceof LambdaInvoker);
        assertEquals(3006, invoker.call(1, null));
    }

    @Test
    void shouldRefuseAFunctionTooLargeOrNotSerializable() {
        final byte[] payload = new byte[3000];
        final SerializableFunction<Integer, Integer> large = x -> x + payload.length;
        final IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
            () -> new FunctionCache(1000).lookup(large, Invoker.of(large)));
        assertTrue(tooLarge.getMessage().contains("serializes to") && tooLarge.getMessage().contains("1000 bytes"),
            tooLarge.getMessage());
        final Object unserializable = new Object();
        final SerializableFunction<Integer, Integer> capturing = x -> x + unserializable.hashCode();
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> new FunctionCache(1 << 20).lookup(capturing, Invoker.of(capturing)));
        assertTrue(refused.getMessage().contains("not serializable"), refused.getMessage());
    }
}
