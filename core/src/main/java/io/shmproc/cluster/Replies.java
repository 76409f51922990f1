package io.shmproc.cluster;

/** How the service's objects answer a waiter later: the answer is recorded for re-sends and sent to its session. */
interface Replies {
    /**
     * Answers the command {@code sequence} of {@code sessionId} with a success.
     *
     * @param value the numeric result
     * @param field the byte result, or {@code null}
     */
    void answer(long sessionId, long sequence, long value, byte[] field);

    /** Answers a waiter with a success and takes it off the books. */
    default void answer(final Waiter waiter, final long value, final byte[] field) {
        answer(waiter.sessionId, waiter.sequence, value, field);
    }
}
