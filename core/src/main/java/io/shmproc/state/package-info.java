/**
 * Shared state (layer L3): Python's {@code Value}, {@code Array} and {@code Manager().dict()/list()} kept in
 * mapped files that every attached process reads and writes directly, without a server process.
 *
 * <pre>
 *  SharedLong / SharedInt / SharedDouble      one word on its own cache line + a lock word
 *  Shared{Long,Int,Double,Byte}Array          fixed-length packed elements + a lock word
 *  SharedDict&lt;K,V&gt;  (ConcurrentMap)          control file + per-generation hash table + data segments
 *  SharedList&lt;E&gt;    (List)                   control file + per-generation index + data segments
 * </pre>
 *
 * <p><b>Threads and processes.</b> Every class is thread-safe and process-safe. Values and array elements
 * change with single atomic instructions. The dict and the list serialise writers with a cross-process
 * lock and make every change visible with one atomic store of one word (a table slot, an index slot, a count
 * or the generation word); readers never lock: they follow the generation word to an immutable snapshot of
 * entry bytes.
 *
 * <p><b>Crashes.</b> A process killed at any instruction leaves every structure consistent for the others:
 * entry bytes are written out of place before the one store that publishes them, a lock held by a dead
 * process is taken over by the next writer, which first repairs counters and removes half-built files, and
 * nothing a completed call published is ever lost.
 *
 * <p><b>Imports.</b> {@code memory}, {@code codec}, {@code sync} (the writers' {@code WordLock}), {@code exceptions},
 * the JDK and Agrona.
 */
package io.shmproc.state;
