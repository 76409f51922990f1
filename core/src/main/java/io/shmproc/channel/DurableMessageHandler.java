package io.shmproc.channel;

import org.agrona.DirectBuffer;

/**
 * Receives one message read by a {@link DurableCursor}. The buffer is a reused view, valid only during the
 * call: copy or decode what you need before returning.
 */
@FunctionalInterface
public interface DurableMessageHandler {
    /**
     * Handles one message.
     *
     * @param buffer          the message bytes
     * @param offset          where they start in {@code buffer}
     * @param length          how many bytes
     * @param index           the message's index in the log (positive, increasing)
     * @param timestampMillis when the producer appended it, in milliseconds since the epoch (its wall clock)
     */
    void onMessage(DirectBuffer buffer, int offset, int length, long index, long timestampMillis);
}
