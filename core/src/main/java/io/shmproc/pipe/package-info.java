/**
 * Pipes (layer L3): Python's {@code multiprocessing.Pipe} — two {@link io.shmproc.pipe.Connection} ends over
 * one shared file holding one SPSC channel per direction.
 *
 * <p><b>Threads.</b> Per end, one thread may send and one may receive at a time.
 *
 * <p><b>Processes.</b> An end may be held by any number of processes (every handle and every serialized copy is
 * a holder, recorded with pid and start time in the pipe's file), as in Python. While each side of a direction
 * is used by one handle the direction runs on its SPSC ring; when a second handle uses a side, the direction
 * switches to an MPMC channel file beside the pipe (see {@link io.shmproc.pipe.Connection}). Messages arrive
 * whole and once; each sender's in its order.
 *
 * <p><b>Crashes.</b> When every holder of an end has closed it or died, the other end's {@code recv} returns
 * what was sent and then throws {@link java.io.EOFException} — a blocked {@code recv} within about 50 ms — and
 * its {@code send} fails instead of blocking. A process killed in the middle of a message never causes a
 * partial delivery, nor blocks the other holders of a shared end.
 *
 * <p>Imports: {@code io.shmproc.channel}, {@code io.shmproc.codec}, {@code io.shmproc.memory},
 * {@code io.shmproc.exceptions} and Agrona.
 */
package io.shmproc.pipe;
