/**
 * Child processes (layer L4): {@link io.shmproc.process.ShmProcess}, a child JVM running a serializable target
 * with Python's {@code multiprocessing.Process} lifecycle, the child's bootstrap, and the parent-death watch.
 *
 * <pre>
 *   parent JVM                                         child JVM (same java, same class path)
 *   ShmProcess.start() ── ProcessBuilder ────────────▶ ChildBootstrap.main
 *        │  stdin pipe: LaunchSpec (name, identity,       │ reads the spec, installs the exit-record hook,
 *        │  daemon, parent, exit-record file, target)     │ ShmProcess.current()/parent(), runs the target
 *        │  ... then held open, never written again       │ daemon: a thread reads stdin until EOF = parent gone
 *        ▼                                                ▼
 *   waitFor(): exit value + exit record ◀───────────── shutdown hook writes "exit" or "signal N"
 *        └▶ exitCode(): 0 | 1 | n | -N
 * </pre>
 *
 * <p><b>Across processes.</b> The child's stdout and stderr are the parent's; its stdin carries the launch spec
 * and then only end-of-file when the parent dies. <b>Under crashes.</b> A daemon child whose parent dies (even by
 * SIGKILL) exits within milliseconds; a non-daemon child keeps running. A child killed by SIGKILL is reported as
 * -9: it leaves no exit record, and its parent removes the record file of every child it reaps.
 *
 * <p><b>Threads.</b> Every class is thread-safe. Each started child has one reaper thread in the parent (a daemon
 * thread for a daemon child, so that only non-daemon children keep the parent JVM alive).
 *
 * <p>Imports: {@code io.shmproc.memory} and {@code io.shmproc.exceptions} only.
 */
package io.shmproc.process;
