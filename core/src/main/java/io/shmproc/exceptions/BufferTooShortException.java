package io.shmproc.exceptions;

/**
 * A message that did not fit the buffer it was to be received into (Python's {@code BufferTooShort}): the
 * message was consumed, and is carried here whole, so nothing is lost.
 */
public final class BufferTooShortException extends ShmprocException {
    private static final long serialVersionUID = 1L;

    /** The whole message. */
    private final byte[] received;

    /**
     * Creates the exception.
     *
     * @param message  what happened and what to do
     * @param received the whole message that did not fit; kept, not copied
     */
    public BufferTooShortException(final String message, final byte[] received) {
        super(message);
        this.received = received;
    }

    /**
     * The message that did not fit, whole (Python's {@code e.args[0]}).
     *
     * @return its bytes; the caller may keep them
     */
    public byte[] received() {
        return received;
    }
}
