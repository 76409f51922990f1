/**
 * Layer 3: typed queues of objects between processes.
 *
 * <p>{@link io.shmproc.queue.DurableQueue} is the persistent one: elements survive every process's death and a
 * restart; named {@link io.shmproc.queue.DurableConsumer}s read independently, at least once, resuming after
 * their last acknowledgement. Encoding happens before the append (a codec failure appends nothing); decoding
 * after the read.
 *
 * <p>May import: {@code channel}, {@code sync}, {@code memory}, {@code codec}, {@code exceptions}, Agrona.
 */
package io.shmproc.queue;
