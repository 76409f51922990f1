/**
 * Pipes (layer L3): Python's {@code multiprocessing.Pipe} — two {@link io.shmproc.pipe.Connection} ends over
 * one shared file holding one SPSC channel per direction.
 *
 * <p><b>Threads.</b> Per end, one thread may send and one may receive at a time.
 *
 * <p><b>Processes.</b> Each end is used by one process at a time, its owner, recorded (pid and start time) in
 * the pipe's file; an end passed to another process by serialization changes owner there. Messages arrive
 * whole, once, in order.
 *
 * <p><b>Crashes.</b> When an end's owner closes it or dies, the other end's {@code recv} returns what was sent
 * and then throws {@link java.io.EOFException} — a blocked {@code recv} within about 50 ms — and its
 * {@code send} fails instead of blocking. A process killed in the middle of a message never causes a partial
 * delivery.
 *
 * <p>Imports: {@code io.shmproc.channel}, {@code io.shmproc.codec}, {@code io.shmproc.memory},
 * {@code io.shmproc.exceptions} and Agrona.
 */
package io.shmproc.pipe;
