package io.shmproc.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.pool.PoolOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The {@code worker} command: keeps pool workers on this host for a pool on a cluster context, so that a pool
 * started on one host runs its tasks on others too.
 *
 * <pre>
 * java -cp &lt;shmproc-core, Agrona, Aeron and the jars of your tasks&gt; io.shmproc.cluster.ClusterWorker \
 *      --connect aeron-cluster://10.0.0.1:9010 [--key-file F] [--pool NAME] [--processes N]
 * java -jar shmproc-demos.jar worker --connect ...        # the same, from the demo jar
 * </pre>
 *
 * <p>Connects to the cluster (the key from {@code --key-file} or the environment variable
 * {@value ClusterMemberOptions#KEY_ENVIRONMENT_VARIABLE}), then keeps {@code N} worker JVMs (default: this host's
 * CPU count) that join the pool named {@code NAME} (default {@value PoolOptions#DEFAULT_NAME}) whenever one runs,
 * and join again after it ends. Workers run with this JVM's class path, so the tasks' classes must be on it (the
 * same jars at the same paths on every host is simplest); a task whose classes are missing fails with an
 * exception that names the worker and the class. It stops on end of standard input or SIGTERM, and its workers
 * with it.
 */
public final class ClusterWorker {
    private static final String USAGE = "usage: worker --connect aeron-cluster://host:port,... [--key-file F | env "
        + ClusterMemberOptions.KEY_ENVIRONMENT_VARIABLE + "] [--pool NAME] [--processes N]";

    private ClusterWorker() {
    }

    /**
     * Runs the workers until standard input ends or SIGTERM.
     *
     * @param args {@code --connect ADDRESS [--key-file F] [--pool NAME] [--processes N]}
     */
    public static void main(final String[] args) {
        String address = null;
        Path keyFile = null;
        final PoolOptions pool = PoolOptions.defaults();
        int processes = Runtime.getRuntime().availableProcessors();
        try {
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                final String value = args[i + 1];
                switch (args[i]) {
                    case "--connect":
                        address = value;
                        break;
                    case "--key-file":
                        keyFile = Path.of(value);
                        break;
                    case "--pool":
                        pool.name(value);
                        break;
                    case "--processes":
                        processes = Integer.parseInt(value);
                        pool.processes(processes);
                        break;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (address == null) {
                throw new IllegalArgumentException("--connect is required");
            }
        } catch (final IllegalArgumentException e) {
            System.err.println("shmproc worker: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        final byte[] key = ClusterMemberOptions.keyFromFileOrEnvironment(keyFile);
        final Shmproc mp = Shmproc.connect(address, ConnectOptions.withKey(key));
        final String connected = address;
        final WorkerKeeper workers = new WorkerKeeper(
            () -> ((ClusterShmproc) mp).process(ClusterPoolWorkerTask.class, connected, pool.name()), processes,
            "the workers for pool '" + pool.name() + "'");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workers.close();
            mp.close();
        }, "shmproc-worker-stop"));
        System.out.println("shmproc worker: " + processes + " worker(s) for pool '" + pool.name() + "' on "
            + ((ClusterShmproc) mp).egressHost() + ", connected to " + address);
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // any line: keep running; end of input stops
            }
        } catch (final IOException e) {
            System.err.println("shmproc worker: standard input failed (" + e + "); stopping");
        }
        System.exit(0);
    }
}
