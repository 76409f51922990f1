/**
 * The cluster scenarios of the comparison report: shmproc's Aeron Cluster backend ({@code Shmproc.connect}) against
 * one and three member JVMs on loopback, beside Hazelcast community (one member JVM, a client in the harness JVM)
 * and Python's {@code multiprocessing.managers.BaseManager} over TCP ({@code benchmarks/python/manager_remote.py}).
 *
 * <p>Every peer runs the same five operations with the same counts
 * ({@link io.shmproc.benchmarks.cluster.RemoteOpBench}): latency one operation at a time from one thread,
 * throughput from {@value io.shmproc.benchmarks.cluster.RemoteOpBench#THREADS} client threads. May import the
 * shmproc API, Hazelcast and the report package; nothing imports it but {@code report.Harnesses} (by class name).
 */
package io.shmproc.benchmarks.cluster;
