package io.shmproc.demos;

import io.shmproc.demos.queue.CooksAndEatersDemo;
import io.shmproc.demos.queue.QueueWriterReaderDemo;
import io.shmproc.demos.sync.HelloWorldLockDemo;
import io.shmproc.demos.sync.RobustLockDemo;
import io.shmproc.demos.sync.SharedCountdownDemo;
import io.shmproc.demos.pool.PoolApplyDemo;
import io.shmproc.demos.pool.PoolCallbackDemo;
import io.shmproc.demos.pool.PoolProgressDemo;
import io.shmproc.demos.process.JoinLoopDemo;
import io.shmproc.demos.process.ProcessIdsDemo;
import io.shmproc.demos.process.StartJoinDemo;
import io.shmproc.demos.process.TerminateDemo;
import java.util.List;

/** The catalogue of demos, one line each, grouped by capability. */
final class Demos {
    static final List<Demo> ALL = List.of(
        // processes
        new Demo("process-ids", "a child prints its pid and its parent's pid", ProcessIdsDemo.class),
        new Demo("process-start-join", "start a child that greets, then join it", StartJoinDemo.class),
        new Demo("process-terminate", "terminate() a sleeping child; isAlive(), exitCode()", TerminateDemo.class),
        new Demo("process-join-loop", "several children started, then joined in a loop", JoinLoopDemo.class),
        // messaging
        new Demo("pipe", "Python's Pipe send/recv, both ways", io.shmproc.demos.pipe.PipeSendRecvDemo.class),
        new Demo("ping-pong", "pipe round-trip percentiles, two JVMs", io.shmproc.demos.pipe.PingPongDemo.class),
        new Demo("pipe-shared-end", "four workers send on one pipe end; EOF once every copy is closed",
            io.shmproc.demos.pipe.SharedPipeEndDemo.class),
        new Demo("queue-writer-reader", "writer and reader processes over a Queue", QueueWriterReaderDemo.class),
        new Demo("sporadic", "a timestamp every 20 ms to a consumer asleep in take(): wake-up latency percentiles",
            io.shmproc.demos.queue.SporadicDemo.class),
        new Demo("joinable-cooks-eaters", "cooks, daemon eaters, JoinableQueue join()", CooksAndEatersDemo.class),
        // synchronization
        new Demo("sync-hello-lock", "10 processes print 'hello world N' under a Lock", HelloWorldLockDemo.class),
        new Demo("sync-countdown", "100 processes count 100 down to 0 under a Lock", SharedCountdownDemo.class),
        new Demo("sync-robust-lock", "a SIGKILLed holder's Lock is taken over, owner-died", RobustLockDemo.class),
        // shared state
        new Demo("state-manager", "five processes fill a shared dict and list (Python's Manager guide)",
            io.shmproc.demos.state.ManagerDictListDemo.class),
        new Demo("managed-object", "a counter served by the parent, called by four children through proxies",
            io.shmproc.demos.manager.ManagedCounterDemo.class),
        new Demo("state-namespace", "three processes update a shared Namespace (Python's Manager().Namespace())",
            io.shmproc.demos.state.NamespaceDemo.class),
        // pool
        new Demo("pool-callback", "pool of 2: 10 applyAsync tasks, callbacks print their pid", PoolCallbackDemo.class),
        new Demo("pool-apply", "pool of 3: synchronous apply against applyAsync + get", PoolApplyDemo.class),
        new Demo("pool-progress", "pool of 4: 5 long tasks with a console progress bar", PoolProgressDemo.class),
        // durable queues
        new Demo("durable-queue", "a million events survive SIGKILLs; a consumer resumes at its acknowledgement",
            io.shmproc.demos.durable.DurableQueueDemo.class),
        // beyond one machine
        new Demo("cluster", "the README's first program against a 3-member Aeron Cluster started on this machine",
            io.shmproc.demos.cluster.ClusterFirstProgramDemo.class),
        new Demo("flagship-hosts", "the flagship pipeline across two hosts: cluster members and pool workers in two"
            + " network namespaces (loopback when not root), exactly-once check and latency",
            io.shmproc.demos.cluster.TwoHostFlagshipDemo.class),
        // the flagship
        new Demo(DemoLauncher.FLAGSHIP, "producer JVM -> queue -> worker JVMs -> aggregator JVM, live progress"
            + " and latency percentiles", io.shmproc.demos.flagship.FlagshipDemo.class)
    );

    private Demos() {
    }
}
