package io.shmproc.pool;

import io.shmproc.memory.SleepersLayout;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The layout of a pool's control region ({@link io.shmproc.memory.RegionKind#POOL}): a small header, then one
 * slot per worker with a status line and two Agrona one-to-one rings, tasks (parent to worker) and results
 * (worker to parent).
 *
 * <pre>
 *  payload offset
 *  0        +-----------------------------------------------------------------+
 *           | int workers | int ringCapacity | (rest of the cache line unused)  |  header, 128 bytes
 *  64       +-----------------------------------------------------------------+
 *           | dispatcher sleepers (SleepersLayout, 64 bytes)                  |  the parent's dispatcher
 *  128      +=================================================================+  slot 0
 *           | long pid | long runningJob | long generation | long tasksDone   |  status line, 128 bytes,
 *           |                                                                 |  written by the worker
 *  +64      | worker sleepers (SleepersLayout, 64 bytes)                      |  the worker waiting for tasks
 *  +128     +-----------------------------------------------------------------+
 *           | task ring: ringCapacity bytes + Agrona trailer                  |  parent writes, worker reads
 *  +R       +-----------------------------------------------------------------+
 *           | result ring: ringCapacity bytes + Agrona trailer                |  worker writes, parent reads
 *  +2R      +=================================================================+  slot 1 ...
 *   where R = ringCapacity + RingBufferDescriptor.TRAILER_LENGTH
 * </pre>
 *
 * <p>Every slot starts on a cache line; the rings' head and tail counters sit on their own lines in the Agrona
 * trailer. {@code runningJob} is the id of the task the worker is running, 0 when idle; the worker writes it with
 * a release store before it runs a task and clears it after the result is written, so that when a worker dies
 * the parent knows which task died with it. The two sleeper tables ({@link io.shmproc.memory.Sleepers}) let an
 * idle worker and an idle dispatcher sleep in the kernel: the parent wakes a slot's worker after writing to its
 * task ring, a worker wakes the dispatcher after writing a result. The parent zeroes a dead worker's whole slot
 * before starting its replacement (no other process touches the slot then).
 */
public final class PoolLayout {
    /** Layout version stored in the region header. */
    public static final int VERSION = 2;

    /** Offset of the number of worker slots (int). */
    public static final int WORKERS_OFFSET = 0;
    /** Offset of the capacity of each ring (int). */
    public static final int RING_CAPACITY_OFFSET = WORKERS_OFFSET + Integer.BYTES;
    /** Offset of the dispatcher's sleeper table ({@link io.shmproc.memory.SleepersLayout}). */
    public static final int DISPATCHER_SLEEPERS_OFFSET = 64;
    /** Length of the header before slot 0. */
    public static final int HEADER_LENGTH = DISPATCHER_SLEEPERS_OFFSET + SleepersLayout.LENGTH;

    /** Offset of the worker's pid (long) within a slot's status line; 0 before it starts. */
    public static final int STATUS_PID_OFFSET = 0;
    /** Offset of the id of the task the worker runs (long) within a status line; 0 when idle. */
    public static final int STATUS_RUNNING_JOB_OFFSET = STATUS_PID_OFFSET + Long.BYTES;
    /** Offset of the slot's generation (long) within a status line. */
    public static final int STATUS_GENERATION_OFFSET = STATUS_RUNNING_JOB_OFFSET + Long.BYTES;
    /** Offset of the number of tasks the worker finished (long) within a status line. */
    public static final int STATUS_TASKS_DONE_OFFSET = STATUS_GENERATION_OFFSET + Long.BYTES;
    /** Offset of the worker's sleeper table ({@link io.shmproc.memory.SleepersLayout}) within a status line. */
    public static final int STATUS_SLEEPERS_OFFSET = 64;
    /** Length of a status line. */
    public static final int STATUS_LENGTH = STATUS_SLEEPERS_OFFSET + SleepersLayout.LENGTH;

    private PoolLayout() {
    }

    /**
     * The length of one ring including its trailer.
     *
     * @param ringCapacity the ring's capacity, a power of two
     * @return bytes
     */
    public static int ringLength(final int ringCapacity) {
        return ringCapacity + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /**
     * The length of one worker's slot.
     *
     * @param ringCapacity the capacity of each ring
     * @return bytes
     */
    public static int slotLength(final int ringCapacity) {
        return STATUS_LENGTH + 2 * ringLength(ringCapacity);
    }

    /**
     * The payload length of a pool region.
     *
     * @param workers      the number of slots
     * @param ringCapacity the capacity of each ring
     * @return bytes
     */
    public static long payloadLength(final int workers, final int ringCapacity) {
        return HEADER_LENGTH + (long) workers * slotLength(ringCapacity);
    }

    /**
     * Where a slot (its status line) starts.
     *
     * @param slot         the worker index
     * @param ringCapacity the capacity of each ring
     * @return the payload offset
     */
    public static int slotOffset(final int slot, final int ringCapacity) {
        return HEADER_LENGTH + slot * slotLength(ringCapacity);
    }

    /**
     * Where a slot's task ring starts.
     *
     * @param slot         the worker index
     * @param ringCapacity the capacity of each ring
     * @return the payload offset
     */
    public static int taskRingOffset(final int slot, final int ringCapacity) {
        return slotOffset(slot, ringCapacity) + STATUS_LENGTH;
    }

    /**
     * Where a slot's result ring starts.
     *
     * @param slot         the worker index
     * @param ringCapacity the capacity of each ring
     * @return the payload offset
     */
    public static int resultRingOffset(final int slot, final int ringCapacity) {
        return taskRingOffset(slot, ringCapacity) + ringLength(ringCapacity);
    }
}
