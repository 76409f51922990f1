package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** The {@code worker} command ({@link ClusterWorker}) in a JVM of its own, as on another host, for tests. */
final class WorkerCommand implements AutoCloseable {
    /** Set in the command's environment, so in its workers': how a task knows it runs "on the other host". */
    static final String REMOTE_VARIABLE = "SHMPROC_TEST_REMOTE_WORKER";

    private final Process process;

    private WorkerCommand(final Process process) {
        this.process = process;
    }

    /**
     * Starts it.
     *
     * @param prefix    a command prefix, such as a namespace's {@code ip netns exec NAME}, or empty
     * @param cluster   the cluster
     * @param pool      the pool's name
     * @param processes how many workers
     * @param withTests whether the class path has the test classes (the tasks' classes)
     * @return the running command
     * @throws java.io.IOException when it cannot start
     */
    static WorkerCommand start(final List<String> prefix, final LocalCluster cluster, final String pool,
                               final int processes, final boolean withTests) throws java.io.IOException {
        final String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> withTests || !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
            .collect(Collectors.joining(File.pathSeparator));
        final List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseSerialGC", "-cp", classPath, ClusterWorker.class.getName(), "--connect", cluster.address(),
            "--pool", pool, "--processes", Integer.toString(processes)));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put(ClusterContexts.KEY_VARIABLE, cluster.key());
        builder.environment().put(REMOTE_VARIABLE, "1");
        return new WorkerCommand(builder.start());
    }

    /**
     * The pids of its worker JVMs now.
     *
     * @return the pids
     */
    List<Long> workerPids() {
        return process.toHandle().descendants().filter(h -> h.info().command().orElse("").endsWith("java"))
            .map(ProcessHandle::pid).collect(Collectors.toList());
    }

    /** Ends its input (which stops it), kills it if it lingers, and checks that its workers died with it. */
    @Override
    public void close() throws Exception {
        final List<ProcessHandle> children = process.toHandle().descendants().collect(Collectors.toList());
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        for (final ProcessHandle child : children) {
            try {
                child.onExit().get(20, TimeUnit.SECONDS);
            } catch (final java.util.concurrent.TimeoutException e) {
                child.destroyForcibly();
            }
        }
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "the command's workers died with it");
    }
}
