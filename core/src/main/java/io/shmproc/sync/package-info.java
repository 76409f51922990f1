/**
 * Cross-process synchronisation (layer L2): {@link io.shmproc.sync.Lock}, {@link io.shmproc.sync.RLock},
 * {@link io.shmproc.sync.Condition}, {@link io.shmproc.sync.Semaphore},
 * {@link io.shmproc.sync.BoundedSemaphore}, {@link io.shmproc.sync.Event} and {@link io.shmproc.sync.Barrier},
 * each living in one shared file and shaped like its {@code java.util.concurrent} counterpart, with Python's
 * {@code multiprocessing} semantics.
 *
 * <pre>
 *   dir/.liveness     one slot per process, file-locked by its owner for the owner's whole life
 *        ▲ "is token T alive?" = "is T's slot file lock held?"
 *        │
 *   dir/name          [ type | lock word | state words | attach table | waiter table ]
 *                        ▲ CAS 0 -&gt; [died|token|thread]   (one compare-and-set per uncontended acquire)
 * </pre>
 *
 * <p><b>Across threads and processes.</b> Every primitive's state is in shared memory; threads of one JVM
 * and of different JVMs are treated alike. A release store publishes a holder's writes to the next holder.
 *
 * <p><b>Under crashes.</b> A lock whose holder died is taken over by a waiter within about one liveness
 * interval, and the new holder learns it ({@code previousOwnerDied()}). A barrier with a dead waiting
 * party breaks; a condition wait ends only by a signal, a timeout or an interrupt (a thread of the waiting
 * process, or a process not yet started, may still signal), so bound it with a timed form. Semaphore
 * permits and event flags are plain shared
 * counters: a dead process's permits are not returned. Every blocking call has a timed form; timeouts leave
 * no trace.
 *
 * <p>Imports: {@code io.shmproc.memory}, {@code io.shmproc.exceptions} and Agrona.
 */
package io.shmproc.sync;
