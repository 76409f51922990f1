package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;

class ChannelOptionsTest {
    @Test
    void shouldRejectACapacityThatIsNotAPowerOfTwoAndSuggestOne() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ChannelOptions.defaults().capacity(1000));
        assertTrue(e.getMessage().contains("capacity=1000") && e.getMessage().contains("use 1024"), e.getMessage());
    }

    @Test
    void shouldRejectOutOfRangeLimits() {
        assertThrows(IllegalArgumentException.class, () -> ChannelOptions.defaults().maxMessageLength(-1));
        assertThrows(IllegalArgumentException.class, () -> ChannelOptions.defaults().producers(0));
        assertThrows(IllegalArgumentException.class,
            () -> ChannelOptions.defaults().producers(MessageFraming.MAX_PRODUCERS + 1));
        assertThrows(IllegalArgumentException.class, () -> ChannelOptions.defaults().stallTimeout(Duration.ZERO));
    }

    @Test
    void shouldDefaultToBackoffAnd64MiBMessages() {
        final ChannelOptions options = ChannelOptions.defaults();
        assertEquals(WaitStrategy.BACKOFF, options.waitStrategy());
        assertEquals(64 << 20, options.maxMessageLength());
        assertTrue(WaitStrategy.BACKOFF.newIdleStrategy() instanceof DeepeningBackoffIdleStrategy);
        assertTrue(WaitStrategy.BUSY_SPIN.newIdleStrategy() instanceof BusySpinIdleStrategy);
        assertEquals(WaitStrategy.YIELD, WaitStrategy.parse(" Yield ", "x"));
        assertThrows(IllegalArgumentException.class, () -> WaitStrategy.parse("sleepy", "x"));
    }

    @Test
    void shouldCountTheRecordsOfAFragmentedMessage() {
        final int max = 128 << 10;
        assertEquals(1, MessageFraming.recordCount(max, max));
        assertEquals(2, MessageFraming.recordCount(max + 1, max));
        assertEquals(129, MessageFraming.recordCount(16 << 20, max));
        assertEquals(MessageFraming.END, MessageFraming.frame(MessageFraming.typeId(MessageFraming.END, 4095)));
        assertEquals(4095, MessageFraming.producerSlot(MessageFraming.typeId(MessageFraming.END, 4095)));
    }
}
