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
 * <p>Imports: {@code io.shmproc.memory}, {@code io.shmproc.exceptions} and Agrona only.
 */
package io.shmproc.channel;
