package io.shmproc.pool;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;

/**
 * Where a {@link PoolWorker} reads its messages and writes its results: the two rings and the status line of a
 * slot in the pool's control file ({@link RingWorkerPort}), or one link to a pool on any host
 * ({@link LinkWorkerPort}). Messages are those of {@link PoolProtocol}. Used by the worker's one thread.
 */
interface WorkerPort {
    /**
     * Reads at most one message, waiting a little (the port's idle strategy) when none is there.
     *
     * @param handler receives the message's type and body, in place
     * @return the number read (0 or 1), or -1 once the parent is gone and nothing will come
     */
    int read(MessageHandler handler);

    /**
     * Writes one message to the parent, waiting while there is no room.
     *
     * @param type   its type
     * @param buffer its body
     * @param length the body's length, from offset 0
     */
    void write(int type, DirectBuffer buffer, int length);

    /**
     * Tells the parent which job the worker runs from now on, so that the job dies with the worker if it dies.
     *
     * @param jobId the job
     */
    void running(long jobId);

    /**
     * The job's results are written: it no longer dies with the worker.
     *
     * @param tasksDone jobs finished so far
     */
    void finished(int tasksDone);

    /**
     * The longest body {@link #write} takes.
     *
     * @return bytes
     */
    int maxMessageLength();

    /**
     * How the parent names this worker in messages: {@code pool worker pid 123}, and its host when remote.
     *
     * @return the name
     */
    String name();
}
