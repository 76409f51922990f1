/**
 * Tools (layer L7, imported by nothing): {@link io.shmproc.tools.ShmprocTool} lists the context directories,
 * inspects every shared object of one, and dumps any shared file's header and layout fields.
 *
 * <p>The tools read files with plain reads, never through a mapping, and never write: a damaged or truncated
 * file is reported as such and cannot crash the tool.
 */
package io.shmproc.tools;
