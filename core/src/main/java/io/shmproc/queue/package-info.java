/**
 * Queues (layer L3): Python's {@code Queue}, {@code SimpleQueue} and {@code JoinableQueue} as
 * {@link java.util.concurrent.BlockingQueue}s shared by any number of processes.
 *
 * <pre>
 *   put(e) ── codec.encode(e, thread-local scratch) ──► MpmcChannel.offer (producer lock, copy, publish tail)
 *   take() ◄─ codec.decode(copy)  ◄── MpmcChannel.poll (consumer lock, copy out, publish head)
 *                    one file per queue: control lines + ring (see channel.MpmcLayout)
 * </pre>
 *
 * <p><b>Threads and processes.</b> Every queue is many-producer many-consumer across threads and processes;
 * every item is delivered exactly once and the items of one producer thread arrive in order. {@code put}
 * returns only when the item is in shared memory (no feeder thread).
 *
 * <p><b>Crashes.</b> A producer or consumer killed at any instruction never makes a half-written item visible
 * and never blocks the others for longer than the liveness check interval of {@link
 * io.shmproc.channel.MpmcChannel}; see the class documentation of {@link io.shmproc.queue.SharedQueue} for
 * which item can be lost with a dying consumer.
 *
 * <p>Imports: {@code io.shmproc.channel}, {@code io.shmproc.codec}, {@code io.shmproc.memory},
 * {@code io.shmproc.exceptions} and Agrona.
 *
 * <p>{@link io.shmproc.queue.DurableQueue} is the persistent one: elements survive every process's death and a
 * restart; named {@link io.shmproc.queue.DurableConsumer}s read independently, at least once, resuming after
 * their last acknowledgement. Encoding happens before the append (a codec failure appends nothing); decoding
 * after the read.
 */
package io.shmproc.queue;
