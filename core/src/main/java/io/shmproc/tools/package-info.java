/**
 * Tools (layer L7, imported by nothing; may import every package): {@link io.shmproc.tools.ShmprocTool} lists
 * the context directories, inspects every shared object of one with its live state (queue depth, lock owners
 * alive or dead, dict and list sizes, pipe ends, pool workers, the processes attached), and dumps any shared
 * file's header and layout fields.
 *
 * <p>The tools read files with plain positional reads, never through a mapping, and never write: a damaged or
 * truncated file, or a field outside its payload, is reported as such and cannot crash the tool. They run with
 * the core jar alone ({@code java -jar}), without Agrona on the class path. Liveness is probed with a shared
 * file lock on a slot, released at once. A JVM that holds a slot in a directory's liveness table never opens
 * that table's file here (closing it would drop the JVM's own slot lock): lock owners are then resolved through
 * the JVM's own table and the attached processes are not listed.
 */
package io.shmproc.tools;
