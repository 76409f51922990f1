/**
 * Mapped regions (layer L1): creating, attaching, closing and unlinking the memory-mapped files that every
 * shared object lives in, the common file header, the context directory, and process liveness.
 *
 * <pre>
 *   SharedDirectory  /dev/shm/shmproc-&lt;user&gt;-&lt;pid&gt;-&lt;id&gt;/   0700, owned by one context
 *        │ resolve(name), names validated
 *        ▼
 *   MappedRegion     one file, 0600, created exclusively, never through a symlink
 *        │  [ RegionHeaderLayout: magic kind version lengths creator ready ][ payload ... ]
 *        ▼
 *   payload()        an Agrona AtomicBuffer that the upper layers' *Layout classes address from 0
 * </pre>
 *
 * <p><b>Across processes.</b> A region is published atomically: its creator fills and initialises a private
 * temporary file, writes the ready word last with a release store, then links it under its final name, so
 * an attacher never sees a half-initialised region. Attaching checks magic, kind, layout version, the ready
 * word and the file length before it trusts any other byte.
 *
 * <p><b>Under crashes.</b> A creator that dies mid-creation leaves only a hidden temporary file, which the
 * next context reclaims with the dead owner's directory. A file truncated by someone else is reported as a
 * {@link io.shmproc.exceptions.CorruptRegionException} at attach time, never as a {@code SIGBUS}.
 *
 * <p><b>Waiting.</b> {@link io.shmproc.memory.KernelWakeup} lets a waiting thread sleep in the kernel on a
 * Unix-domain socket in the context directory and be woken by another process with one write; a
 * {@link io.shmproc.memory.Sleepers} table in a region is where sleepers publish themselves and signallers look
 * (one load while nobody sleeps).
 *
 * <p>Imports: {@code io.shmproc.exceptions} and Agrona only.
 */
package io.shmproc.memory;
