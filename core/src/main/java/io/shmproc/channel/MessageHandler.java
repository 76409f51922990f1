package io.shmproc.channel;

import org.agrona.DirectBuffer;

/**
 * Receives one whole message, in place: the bytes stay valid only until the call returns.
 *
 * <p>A message that fitted one ring record is handed over straight from the shared ring (zero copy); a
 * fragmented message is handed over from the reader's reassembly buffer. Either way the handler must copy what
 * it keeps. A handler that throws still consumes its message: it is not delivered again.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message.
     *
     * @param buffer the buffer holding the message
     * @param offset where the message starts in {@code buffer}
     * @param length the message's length in bytes, 0 or more
     */
    void onMessage(DirectBuffer buffer, int offset, int length);
}
