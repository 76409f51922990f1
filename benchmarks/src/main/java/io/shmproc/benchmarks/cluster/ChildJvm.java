package io.shmproc.benchmarks.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server JVM that a cluster harness starts on this machine (a shmproc member, a Hazelcast member): its output is
 * echoed with a prefix, a line containing a given word marks it ready, and it stops at the end of its standard
 * input (then by force after ten seconds).
 */
final class ChildJvm implements AutoCloseable {
    /** Options of every server JVM: small heap, serial collector, no perf-data file in /tmp. */
    static final List<String> SMALL_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:-UsePerfData");

    private final String name;
    private final Process process;
    private final CountDownLatch ready = new CountDownLatch(1);

    private ChildJvm(final String name, final Process process, final String readyWord) {
        this.name = name;
        this.process = process;
        final Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.contains(readyWord)) {
                        ready.countDown();
                    }
                    System.out.println("  " + name + ": " + line);
                }
            } catch (final IOException e) {
                // the child stopped
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a JVM running a main class of this class path.
     *
     * @param name       a short name for its echoed output
     * @param jvmOptions JVM options
     * @param mainClass  the main class
     * @param args       its arguments
     * @param env        extra environment variables
     * @param readyWord  the word of the line that marks it ready
     * @return the started child
     * @throws IOException when it cannot be started
     */
    static ChildJvm start(final String name, final List<String> jvmOptions, final String mainClass,
                          final List<String> args, final Map<String, String> env, final String readyWord)
        throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ChildJvm(name, builder.start(), readyWord);
    }

    /**
     * Waits until the child printed its ready word.
     *
     * @param seconds the limit
     * @return whether it did in time
     * @throws InterruptedException when interrupted
     */
    boolean awaitReady(final long seconds) throws InterruptedException {
        return ready.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (final IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            System.out.println("  " + name + " did not stop within 10 s of end of input; killing it");
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public String toString() {
        return name + " pid " + process.pid() + (process.isAlive() ? " running" : " exit " + process.exitValue());
    }
}
