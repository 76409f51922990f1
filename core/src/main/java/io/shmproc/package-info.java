/**
 * The front door (layer L6): {@link io.shmproc.Shmproc}, a context that owns a directory of shared files and
 * hands out every primitive, and its {@link io.shmproc.ShmprocOptions}.
 *
 * <pre>
 * L7 tools/        inspect and dump shared files (imported by nothing)
 * L6 io.shmproc    Shmproc, ShmprocOptions
 * L5 pool/         ProcessPool, AsyncResult
 * L4 process/      ShmProcess: child JVMs, bootstrap, parent-death watch
 * L3 queue/ pipe/ state/
 * L2 channel/ sync/
 * L1 memory/ codec/
 * L0 exceptions/
 * </pre>
 * A package imports only packages on a lower layer (plus {@code exceptions}); {@code LayeringTest} enforces it.
 */
package io.shmproc;
