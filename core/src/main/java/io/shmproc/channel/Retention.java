package io.shmproc.channel;

/** What a durable channel does with cycles (files) that are no longer needed. */
public enum Retention {
    /** Keep every cycle; the directory grows until someone deletes files. */
    KEEP_ALL,
    /**
     * Delete each cycle older than the current write cycle that every named consumer has acknowledged past.
     * Nothing is deleted while no consumer has registered, so messages written before the first consumer
     * arrives are kept for it. A consumer that registers later starts at the oldest remaining cycle.
     */
    DELETE_CONSUMED
}
