package io.shmproc.queue;

/** When a {@link DurableConsumer} acknowledges the messages it took. */
public enum AckMode {
    /**
     * Only when the application calls {@link DurableConsumer#ack()}: every message taken since the last
     * acknowledgement is delivered again after a crash. Use it to acknowledge after the work is done (and
     * in batches, for speed).
     */
    EXPLICIT,
    /**
     * Each take acknowledges the message taken before it, and {@link DurableConsumer#close()} acknowledges the
     * last one: after a crash at most one message, the last one taken, is delivered again.
     */
    AUTO
}
