package io.shmproc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shmproc.channel.ChannelLayout;
import io.shmproc.pool.PoolLayout;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;

class ChannelDescribersTest {
    @Test
    void shouldKeepItsCopiesOfAgronaRingOffsetsEqualToAgronas() {
        assertEquals(RingBufferDescriptor.TAIL_POSITION_OFFSET, ChannelDescribers.RING_TAIL_POSITION_OFFSET);
        assertEquals(RingBufferDescriptor.HEAD_POSITION_OFFSET, ChannelDescribers.RING_HEAD_POSITION_OFFSET);
        assertEquals(RingBufferDescriptor.TRAILER_LENGTH, ChannelDescribers.RING_TRAILER_LENGTH);
    }

    @Test
    void shouldComputeBlockAndPoolSlotOffsetsAsTheLayoutsDo() {
        assertEquals(ChannelLayout.length(1 << 16, 1), ChannelDescribers.blockLength(1 << 16, 1));
        assertEquals(ChannelLayout.length(1 << 20, 4), ChannelDescribers.blockLength(1 << 20, 4));
        for (int slot = 0; slot < 3; slot++) {
            assertEquals(PoolLayout.slotOffset(slot, 1 << 16), ChannelDescribers.poolSlotOffset(slot, 1 << 16));
            assertEquals(PoolLayout.taskRingOffset(slot, 1 << 16), ChannelDescribers.poolSlotOffset(slot, 1 << 16)
                + PoolLayout.STATUS_LENGTH);
        }
    }
}
