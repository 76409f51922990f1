/**
 * Channels (layer L2): framed byte messages over a mapped region — single-producer ({@link
 * io.shmproc.channel.SpscChannel}) and many-producer ({@link io.shmproc.channel.MpscChannel}) rings with one
 * consumer, transparent fragmentation of large messages, and per-object waiting.
 *
 * <pre>
 *  producer ──offer/tryClaim──▶ [ Fragmenter ] ──records──▶ ┌───────── ring in a MappedRegion ─────────┐
 *   (slot i, pid+start in                                   │ [WHOLE][BEGIN][MIDDLE][WHOLE][END] ...   │
 *    the block's slot table)                                └──────────────────────────────────────────┘
 *                                                                        │ poll(handler, limit)
 *  consumer ◀──(buffer, offset, length)── [ Reassembler, per slot ] ◀────┘
 * </pre>
 *
 * <p><b>Threads.</b> A producer handle of an MPSC channel is thread-safe; an SPSC producer handle and every
 * consumer handle serve one thread at a time.
 *
 * <p><b>Processes.</b> Messages are in FIFO order per producer and delivered exactly once and whole. An
 * {@code offer} that returned {@code true} has put the message into shared memory: the producer may die at
 * once without losing it.
 *
 * <p><b>Crashes.</b> A producer killed at any instruction never causes a partial delivery: a whole record is
 * published by its length word, a fragmented message only by its last fragment. A dead producer's unfinished
 * claim in a many-producer ring is skipped (Agrona {@code unblock()}) when the consumer waits on it, and its
 * unfinished fragmented message is dropped; the other producers' messages keep flowing.
 *
 * <p><b>Layouts.</b> {@link io.shmproc.channel.ChannelLayout} (blocks) and {@link
 * io.shmproc.channel.MessageFraming} (records). Upper layers reuse {@link io.shmproc.channel.Fragmenter},
 * {@link io.shmproc.channel.Reassembler} and {@link io.shmproc.channel.RecordSink} for their own rings.
 *
 * <p>Imports: {@code io.shmproc.memory}, {@code io.shmproc.exceptions}, Agrona, and (DurableChannel,
 * ChronicleFlags only) Chronicle Queue.
 *
 * <p>The durable part ({@link io.shmproc.channel.DurableChannel}, {@link io.shmproc.channel.DurableCursor})
 * is a persistent log over Chronicle Queue in a directory: appends are thread-safe and, across processes,
 * serialised by Chronicle's write lock; a process killed mid-append leaves no partial message, and the next
 * appender takes over the dead holder's lock. Named cursors persist their acknowledged index in the log's
 * metadata file, so they survive the death of every process. {@link io.shmproc.channel.ChronicleFlags} holds
 * what a JVM needs for Chronicle (class path, module options, quiet system properties); Chronicle Queue is an
 * optional dependency, and no other class in this package refers to it.
 */
package io.shmproc.channel;
