package io.shmproc.memory;

import org.agrona.concurrent.AtomicBuffer;

/**
 * Writes the initial state of a new region's payload before the region is published to other processes.
 */
@FunctionalInterface
public interface PayloadInitializer {
    /** Leaves the zero-filled payload as it is. */
    PayloadInitializer ZEROED = payload -> { };

    /**
     * Initialises the payload; runs once, in the creator, before the ready word is written.
     *
     * @param payload the payload, zero-filled, addressed from 0
     */
    void initialize(AtomicBuffer payload);
}
