package io.shmproc.demos.queue;

import io.shmproc.memory.JvmFlags;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for the queue demos: same {@code java}, same class path, the JVM flag shmproc needs, output
 * inherited. A stand-in until these demos use {@code ShmProcess}.
 */
final class ChildProcess {
    private final Process process;
    private final String name;

    private ChildProcess(final Process process, final String name) {
        this.process = process;
        this.name = name;
    }

    /**
     * Starts {@code main} with arguments in a new JVM.
     *
     * @param name a name for messages
     * @param main a class with {@code main(String[])}
     * @param args its arguments
     * @return the running child
     */
    static ChildProcess start(final String name, final Class<?> main, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JvmFlags.ADD_EXPORTS_ARGS));
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        try {
            return new ChildProcess(new ProcessBuilder(command).inheritIO().start(), name);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + command, e);
        }
    }

    /**
     * Waits for the child to exit (Python's {@code join()}).
     *
     * @param seconds the most to wait
     * @return the exit code
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException when it did not exit in time (it is killed)
     */
    int join(final long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            terminate();
            throw new IllegalStateException(name + " did not finish within " + seconds + " s; killed it");
        }
        return process.exitValue();
    }

    /** Ends the child with SIGTERM, then SIGKILL if needed (Python's {@code terminate()}). */
    void terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ", alive" : ", exit " + process.exitValue())
            + ")";
    }
}
