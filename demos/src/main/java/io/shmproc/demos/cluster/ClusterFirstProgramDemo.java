package io.shmproc.demos.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's first program against a three-member Aeron Cluster that the demo starts on this machine: the same
 * code as on {@code Shmproc.open()}, with the context made by {@code Shmproc.connect}.
 *
 * <pre>
 *   3 member JVMs on 127.0.0.1 (java -jar shmproc-demos.jar member --id N --members ...)
 *        ^ replicated log: every put and take
 *   this JVM: Shmproc.connect("aeron-cluster://127.0.0.1:p0,127.0.0.1:p1,127.0.0.1:p2", key)
 *        q = mp.queue("jobs");  mp.process(() -&gt; q.put("hello"))  -- a child JVM, its own cluster session
 *        q.take()  -&gt; "hello"
 * </pre>
 */
public final class ClusterFirstProgramDemo {
    private static final int MEMBERS = 3;
    private static final int PORTS_PER_MEMBER = 5;
    private static final long START_SECONDS = 90;

    private ClusterFirstProgramDemo() {
    }

    /**
     * Starts the members, runs the program, stops the members and removes their directories.
     *
     * @param args ignored
     * @throws Exception when a member does not start or the program fails
     */
    public static void main(final String[] args) throws Exception {
        final Path root = Files.createTempDirectory(Path.of("/dev/shm"), "shmproc-demo-cluster-");
        final String key = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        final String members = endpoints(freeBasePort());
        final List<Process> started = new ArrayList<>();
        final CountDownLatch leader = new CountDownLatch(1);
        try {
            final long begin = System.nanoTime();
            for (int id = 0; id < MEMBERS; id++) {
                started.add(startMember(id, members, root, key, leader));
            }
            if (!leader.await(START_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no leader was elected within " + START_SECONDS + " s");
            }
            System.out.printf("3 members on %s, leader elected after %d ms%n", members,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));

            try (Shmproc mp = Shmproc.connect("aeron-cluster://" + members, ConnectOptions.withKey(key))) {
                SharedQueue<String> q = mp.queue("jobs");
                ShmProcess p = mp.process(() -> q.put("hello"))
                                 .name("worker").start();
                System.out.println(q.take());
                p.join();
                System.out.println("worker exit code " + p.exitCode().getAsInt() + "; capabilities "
                    + mp.capabilities());
            }
        } finally {
            for (final Process member : started) {
                member.getOutputStream().close(); // end of input: the member stops
            }
            for (final Process member : started) {
                if (!member.waitFor(10, TimeUnit.SECONDS)) {
                    member.destroyForcibly().waitFor();
                }
            }
            SharedDirectory.deleteTree(root);
        }
    }

    private static Process startMember(final int id, final String members, final Path root, final String key,
                                       final CountDownLatch leader) throws IOException {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-cp", System.getProperty("java.class.path"), "io.shmproc.demos.DemoLauncher", "member",
            "--id", Integer.toString(id), "--members", members, "--dir", root.resolve("member-" + id).toString(),
            "--driver-dir", root.resolve("driver-" + id).toString());
        builder.environment().put("SHMPROC_CLUSTER_KEY", key);
        builder.redirectErrorStream(true);
        final Process process = builder.start();
        final Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains("leader")) {
                        leader.countDown();
                    }
                }
            } catch (final IOException e) {
                // the member stopped
            }
        }, "member-" + id + "-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static String endpoints(final int base) {
        final StringBuilder out = new StringBuilder();
        for (int id = 0; id < MEMBERS; id++) {
            out.append(id == 0 ? "" : ",").append("127.0.0.1:").append(base + id * PORTS_PER_MEMBER);
        }
        return out.toString();
    }

    private static int freeBasePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            final int base = 20_000 + new SecureRandom().nextInt(20_000);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IOException("found no free block of UDP ports for the members");
    }

    private static boolean allFree(final int base) {
        final List<DatagramSocket> sockets = new ArrayList<>();
        try {
            for (int port = base; port < base + MEMBERS * PORTS_PER_MEMBER; port++) {
                sockets.add(new DatagramSocket(port, InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (final IOException e) {
            return false;
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }
}
