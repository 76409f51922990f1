/**
 * The cluster backend's engine: the same primitives as the mapped-file backend, served across hosts by one
 * deterministic replicated state machine on Aeron Cluster. Imports {@code io.shmproc.exceptions} and, alone in
 * shmproc, {@code io.aeron} (an optional dependency: a user of the local backend never needs Aeron).
 *
 * <pre>
 *  client JVM                                   member JVMs (1 or 3; one is leader)
 *
 *  Cluster* primitives                          ClusterMember: media driver, archive (the log on disk)
 *        | ClusterOps                                 |
 *  ClusterClient ------ ingress: commands ------ consensus module (leader)
 *    one session per client,                          | replicated log: same commands, same order,
 *    the key in its credentials,                      v on every member
 *    a private driver in /dev/shm,              ShmprocService / ServiceState: words, dicts, lists, queues,
 *    a poller thread ------ egress: answers ----- locks, semaphores, events, conditions, barriers; waiters on
 *                                               cluster timers; exactly-once records per session
 * </pre>
 *
 * <p><b>Guarantees.</b> Every operation is linearizable: it is applied once, in log order, on every member.
 * A command re-sent after a leader change keeps its sequence number and is answered from the service's record
 * ({@link io.shmproc.cluster.ShmprocService}). A session that ends without closing (its JVM died, or it was cut
 * off longer than {@link io.shmproc.cluster.ClusterMember#SESSION_TIMEOUT_MS}) is treated as a process death: its
 * locks pass on with owner-died, barriers it waited at break, its unfinished joinable-queue items are redelivered.
 * A member killed at any instant recovers from its snapshot and log; a majority of members must be up.
 *
 * <p><b>Wire format</b>: {@link io.shmproc.cluster.ClusterProtocol}. <b>JVM options</b>: Aeron runs on Agrona 2.x,
 * which needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}; members and clients add the export
 * themselves at run time when it is missing (see {@code JdkInternalMisc}).
 */
package io.shmproc.cluster;
