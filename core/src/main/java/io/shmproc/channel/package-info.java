/**
 * Layer 2: framed byte messages between processes.
 *
 * <p>The durable part ({@link io.shmproc.channel.DurableChannel}, {@link io.shmproc.channel.DurableCursor})
 * is a persistent log over Chronicle Queue in a directory: appends are thread-safe and, across processes,
 * serialised by Chronicle's write lock; a process killed mid-append leaves no partial message, and the next
 * appender takes over the dead holder's lock. Named cursors persist their acknowledged index in the log's
 * metadata file, so they survive the death of every process. {@link io.shmproc.channel.ChronicleFlags} holds
 * what a JVM needs for Chronicle (class path, module options, quiet system properties); Chronicle Queue is an
 * optional dependency, and no other class in this package refers to it.
 *
 * <p>May import: {@code memory}, {@code codec}, {@code exceptions}, Agrona, Chronicle Queue.
 */
package io.shmproc.channel;
