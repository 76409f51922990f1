package io.shmproc.demos.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.cluster.LocalCluster;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The README's first program against a three-member Aeron Cluster that the demo starts on this machine with
 * {@link LocalCluster}: the same code as on {@code Shmproc.open()}, with the context made by {@code Shmproc.connect}.
 *
 * <pre>
 *   3 member JVMs on 127.0.0.1 (LocalCluster.start(3): ClusterMember --id N --members ...)
 *        ^ replicated log: every put and take
 *   this JVM: Shmproc.connect("aeron-cluster://127.0.0.1:p0,127.0.0.1:p1,127.0.0.1:p2", key)
 *        q = mp.queue("jobs");  mp.process(() -&gt; q.put("hello"))  -- a child JVM, its own cluster session
 *        q.take()  -&gt; "hello"
 *        pipe = mp.pipe(): the ends talk over UDP directly, the cluster only tells each where the other listens
 * </pre>
 */
public final class ClusterFirstProgramDemo {
    private ClusterFirstProgramDemo() {
    }

    /**
     * Starts the members, runs the program, stops the members and removes their directories.
     *
     * @param args ignored
     * @throws Exception when a member does not start or the program fails
     */
    public static void main(final String[] args) throws Exception {
        final long begin = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start(3)) {
            System.out.printf("3 members on %s, leader elected after %d ms%n", cluster.endpoints(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));

            try (Shmproc mp = Shmproc.connect(cluster.address(), ConnectOptions.withKey(cluster.key()))) {
                SharedQueue<String> q = mp.queue("jobs");
                ShmProcess p = mp.process(() -> q.put("hello"))
                                 .name("worker").start();
                System.out.println(q.take());
                p.join();
                System.out.println("worker exit code " + p.exitCode().getAsInt() + "; capabilities "
                    + mp.capabilities());

                // a pipe: the same Connection API, its messages over UDP straight between the two processes
                try (Pipe<Object> pipe = mp.pipe()) {
                    Connection<Object> childEnd = pipe.second();
                    ShmProcess echo = mp.process(() -> {
                        try (childEnd) {
                            childEnd.send("echo: " + childEnd.recv());
                        }
                    }).name("echo").start();
                    pipe.first().send("ping");
                    System.out.println(pipe.first().recv());
                    echo.join();
                }
            }
        }
    }
}
