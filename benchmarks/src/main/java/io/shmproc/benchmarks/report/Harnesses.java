package io.shmproc.benchmarks.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The harnesses of the comparison report, in the order they run, and the scenario descriptions. */
final class Harnesses {
    /** What Chronicle Map and Chronicle Queue need on Java 17 (the same list as benchmarks/chronicle.jvm). */
    private static final String[] CHRONICLE_FLAGS = {
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.disk.monitor.disable=true"};

    /** What Hazelcast 5.7 asks for on Java 17 (the client in the harness JVM; its member JVM gets the same). */
    private static final String[] HAZELCAST_FLAGS = {"--add-modules=java.se",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.management/sun.management=ALL-UNNAMED",
        "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED"};

    static final List<Harness> ALL = List.of(
        Harness.java("process", "io.shmproc.benchmarks.process.ProcessStartHarness", Duration.ofSeconds(40),
            Duration.ofSeconds(90)).withFullArgs("12"),
        Harness.java("start", "io.shmproc.benchmarks.process.StartLatencyHarness", Duration.ofSeconds(90),
            Duration.ofSeconds(240)).withFullArgs("12"),
        Harness.python("python-start", "benchmarks/python/start_bench.py", Duration.ofSeconds(60),
            Duration.ofSeconds(120)),
        Harness.java("sockets", "io.shmproc.benchmarks.peers.SocketPeersHarness", Duration.ofSeconds(30),
            Duration.ofSeconds(90)),
        Harness.java("pipe", "io.shmproc.benchmarks.pipe.PipeHarness", Duration.ofSeconds(60), Duration.ofSeconds(120)),
        Harness.python("python-pipe", "benchmarks/python/pipe_peer.py", Duration.ofSeconds(30), Duration.ofSeconds(60)),
        Harness.java("sporadic", "io.shmproc.benchmarks.latency.SporadicHarness", Duration.ofSeconds(60),
            Duration.ofSeconds(120)).withBackgroundWarmup(),
        Harness.python("python-sporadic", "benchmarks/python/sporadic_peer.py", Duration.ofSeconds(40),
            Duration.ofSeconds(90)),
        Harness.java("queue", "io.shmproc.benchmarks.queue.QueueHarness", Duration.ofSeconds(90),
            Duration.ofSeconds(180)).withFullArgs("2", "0.5"),
        Harness.java("lock", "io.shmproc.benchmarks.sync.LockReportHarness", Duration.ofSeconds(45),
            Duration.ofSeconds(90)),
        Harness.java("state", "io.shmproc.benchmarks.state.StateReportHarness", Duration.ofSeconds(45),
            Duration.ofSeconds(90), CHRONICLE_FLAGS),
        Harness.java("pool", "io.shmproc.benchmarks.pool.PoolHarness", Duration.ofSeconds(60),
            Duration.ofSeconds(120)),
        Harness.java("cluster", "io.shmproc.benchmarks.cluster.ClusterHarness", Duration.ofSeconds(180),
            Duration.ofSeconds(600)),
        Harness.java("xhost-pipe", "io.shmproc.benchmarks.cluster.PipeAcrossHostsHarness", Duration.ofSeconds(120),
            Duration.ofSeconds(300)),
        Harness.java("hazelcast", "io.shmproc.benchmarks.cluster.HazelcastHarness", Duration.ofSeconds(120),
            Duration.ofSeconds(400), HAZELCAST_FLAGS),
        Harness.java("xhost-pool", "io.shmproc.benchmarks.cluster.PoolAcrossHostsHarness", Duration.ofSeconds(120),
            Duration.ofSeconds(300), HAZELCAST_FLAGS),
        Harness.python("python-remote", "benchmarks/python/manager_remote.py", Duration.ofSeconds(60),
            Duration.ofSeconds(300))
    );

    static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
        Map.entry("pipe-tput-32", "Pipe bytes path, 32-byte messages, one producer JVM to one consumer JVM"),
        Map.entry("pipe-tput-256", "Pipe bytes path, 256-byte messages, one producer JVM to one consumer JVM"),
        Map.entry("pipe-tput-object", "Pipe send/recv of a 12-character string (default codec), one JVM to another"),
        Map.entry("pipe-rtt-32", "Pipe ping-pong round trip between two JVMs, 32-byte messages"),
        Map.entry("xhost-pipe-rtt-32", "Pipe of a cluster context (its ends talk over UDP) against raw Aeron UDP and"
            + " a TCP socket, loopback: ping-pong round trip of 32 bytes between two JVMs"),
        Map.entry("xhost-pipe-tput-32", "Pipe of a cluster context against raw Aeron UDP and a TCP socket, loopback:"
            + " 32-byte messages one way between two JVMs"),
        Map.entry("xhost-pool-map", "Pool of 2 of a cluster context (workers linked by cluster pipes) against the"
            + " local pool and a Hazelcast IExecutorService of 2 threads, loopback: map of x -> x + 1 over 20,000"
            + " integers in chunks of 100"),
        Map.entry("xhost-pool-apply", "Pool of 2 of a cluster context against the local pool and a Hazelcast"
            + " IExecutorService of 2 threads, loopback: 5,000 applyAsync of x -> x + 1 submitted, then all awaited"),
        Map.entry("xhost-pool-rtt", "Pool of 2 of a cluster context against the local pool and a Hazelcast"
            + " IExecutorService of 2 threads, loopback: one apply of x -> x + 1 at a time, submit to result"),
        Map.entry("sporadic-queue-1ms", "a timestamp every 1 ms to a consumer JVM blocked in SharedQueue.take();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-queue-20ms", "a timestamp every 20 ms to a consumer JVM blocked in SharedQueue.take();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-queue-200ms", "a timestamp every 200 ms to a consumer JVM blocked in SharedQueue.take();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-queue-2s", "a timestamp every 2 s to a consumer JVM blocked in SharedQueue.take();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-cpu-queue", "CPU of a consumer blocked in SharedQueue.take() over the 2 s gaps, % of one"
            + " core"),
        Map.entry("sporadic-pipe-1ms", "a timestamp every 1 ms to a consumer JVM blocked in Connection.recv();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-pipe-20ms", "a timestamp every 20 ms to a consumer JVM blocked in Connection.recv();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-pipe-200ms", "a timestamp every 200 ms to a consumer JVM blocked in Connection.recv();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-pipe-2s", "a timestamp every 2 s to a consumer JVM blocked in Connection.recv();"
            + " latency to its wake-up (shmproc-nowake: kernel wake-up off)"),
        Map.entry("sporadic-cpu-pipe", "CPU of a consumer blocked in Connection.recv() over the 2 s gaps, % of one"
            + " core"),
        Map.entry("queue-tput-32", "Queue bytes path, 32-byte messages, one producer JVM to one consumer JVM"),
        Map.entry("queue-tput-32-2p", "Queue bytes path, 32-byte messages, two producer JVMs to one consumer JVM"),
        Map.entry("queue-rtt-32", "Queue ping-pong round trip between two JVMs, 32-byte messages"),
        Map.entry("queue-tput-object", "Queue of small objects, one producer JVM to one consumer JVM"),
        Map.entry("lock-uncontended", "one acquire + release, no contention"),
        Map.entry("lock-contended-2p", "two processes incrementing a shared counter under one lock"),
        Map.entry("dict-get-long", "shared dict get, Long -> Long"),
        Map.entry("dict-put-long", "shared dict put, Long -> Long"),
        Map.entry("counter-incr", "shared counter increments"),
        Map.entry("list-append", "shared list append, Long"),
        Map.entry("list-get", "shared list get by index, 1,000 Longs"),
        Map.entry("list-set", "shared list set by index, 1,000 Longs"),
        Map.entry("list-insert0", "shared list insert at the front, 1,000 to 2,000 Longs"),
        Map.entry("list-remove0", "shared list remove from the front, 2,000 to 1,000 Longs"),
        Map.entry("pool-map-100k", "pool of 2, map of x -> x * x over 100,000 items"),
        Map.entry("pool-apply-async-10k", "pool of 2, 10,000 applyAsync with a callback"),
        Map.entry("pool-apply-2k", "pool of 2, 2,000 synchronous apply calls"),
        Map.entry("pool-start", "pool of 2, from creation to the first result"),
        Map.entry("process-start", "start() to the first message from the child"),
        Map.entry("start-user", "start() of a child that puts one object to a captured queue, to the parent's take()"
            + " (shmproc cold / from a warm spare; Python spawn, forkserver, fork)"),
        Map.entry("cluster-queue", "cluster backend over loopback: put of a Long into a shared queue, then take;"
            + " shmproc = 1 member JVM, shmproc-3m = 3 members; Hazelcast IQueue (1 member JVM, client);"
            + " Python BaseManager queue.Queue over TCP; ops/s from 4 client threads, p50/p99 one at a time"),
        Map.entry("cluster-dict-get", "cluster backend over loopback: dict get, 1,000 Long keys (Hazelcast IMap,"
            + " Python BaseManager dict over TCP); ops/s from 4 client threads, p50/p99 one at a time"),
        Map.entry("cluster-dict-put", "cluster backend over loopback: dict put, 1,000 Long keys (Hazelcast IMap,"
            + " Python BaseManager dict over TCP); ops/s from 4 client threads, p50/p99 one at a time"),
        Map.entry("cluster-counter-incr", "cluster backend over loopback: atomic counter increment (SharedLong;"
            + " Hazelcast IMap.executeOnKey, IAtomicLong is CP/Enterprise only; Python counter object in the"
            + " manager); ops/s from 4 client threads, p50/p99 one at a time"),
        Map.entry("cluster-lock", "cluster backend over loopback: acquire + release of the thread's own lock"
            + " (Hazelcast IMap.lock/unlock, FencedLock is CP/Enterprise only; Python manager Lock);"
            + " ops/s from 4 client threads, p50/p99 one at a time"),
        Map.entry("pool4-first-result", "pool of 4, from creation to the first apply() result (cold / warm spares;"
            + " Python spawn, forkserver, fork)"));

    private Harnesses() {
    }
}
