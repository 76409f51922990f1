/**
 * The one small exception hierarchy of shmproc (layer L0): every other package may import it, it imports none.
 *
 * <pre>
 * RuntimeException
 *  └─ ShmprocException                     any shmproc failure
 *      ├─ RegionException                  a shared file that cannot be used (names the file)
 *      │   ├─ MissingRegionException       no such file
 *      │   ├─ CorruptRegionException       truncated, garbage, never became ready
 *      │   ├─ DiskFullException            no space left on the file system of a shared file
 *      │   └─ IncompatibleRegionException  another kind or layout version
 *      ├─ ClosedException                  this handle (or the shared object) was closed
 *      ├─ PeerDiedException                the only process that could complete a call died
 *      ├─ RemoteFailureException           a failure in another process, with its stack trace
 *      ├─ ShmprocTimeoutException          a timed call that cannot say "timed out" by its return value
 *      ├─ CodecException                   a value that cannot be encoded, or bytes that cannot be decoded
 *      └─ MissingJvmFlagException          the JVM lacks an option shmproc needs
 * </pre>
 *
 * <p>Messages name what was wrong, the value received and what to do about it.
 */
package io.shmproc.exceptions;
