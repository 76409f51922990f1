package io.shmproc.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM started by a test: same {@code java}, same class path, the JVM flags shmproc needs, a main
 * class and arguments. Every child is registered so that {@link LeakCheckExtension} kills what a test leaves
 * running (and fails that test).
 *
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.start(Producer.class, path.toString())) {
 *     assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
 * }
 * }</pre>
 */
public final class ChildJvm implements AutoCloseable {
    private static final List<ChildJvm> LIVE = new CopyOnWriteArrayList<>();

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final String description;

    private ChildJvm(final Process process, final String description, final boolean capture) {
        this.process = process;
        this.description = description;
        if (capture) {
            final Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                        System.out.println("[child " + process.pid() + "] " + line);
                    }
                } catch (final IOException ignored) {
                    // the child is gone
                }
            }, "child-stdout-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }
    }

    /**
     * Starts {@code main} in a child JVM whose stdout is captured (and echoed) and stderr inherited.
     *
     * @param main the class with a {@code main} method, on the test class path
     * @param args its arguments
     * @return the running child
     */
    public static ChildJvm start(final Class<?> main, final String... args) {
        return start(List.of(), main, args);
    }

    /**
     * The test JVM's spare and warm-up settings, so that a test's own parent JVMs boot spares and warm up only
     * where the test does.
     */
    private static List<String> inheritedProperties() {
        final List<String> properties = new ArrayList<>();
        for (final String name : List.of("shmproc.child.spares", "shmproc.warmup")) {
            final String value = System.getProperty(name);
            if (value != null) {
                properties.add("-D" + name + "=" + value);
            }
        }
        return properties;
    }

    /**
     * Starts {@code main} in a child JVM with extra JVM options.
     *
     * @param jvmOptions extra options such as {@code -Xmx64m}
     * @param main       the class with a {@code main} method
     * @param args       its arguments
     * @return the running child
     */
    public static ChildJvm start(final List<String> jvmOptions, final Class<?> main, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.addAll(inheritedProperties()); // before the test's own options, which win
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        try {
            final Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
            final ChildJvm child = new ChildJvm(process, main.getSimpleName() + " " + Arrays.toString(args), true);
            LIVE.add(child);
            return child;
        } catch (final IOException e) {
            throw new IllegalStateException("cannot start a child JVM: " + command, e);
        }
    }

    /**
     * The child's pid.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * The underlying process.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long to wait
     * @return its exit code
     * @throws AssertionError when it has not exited in time (it is then killed)
     */
    public int waitFor(final Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("child " + description + " (pid " + pid() + ") did not exit within "
                    + timeout + "; killed it");
            }
            return process.exitValue();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + description, e);
        }
    }

    /**
     * Waits until the child prints a line matching a predicate.
     *
     * @param match   what to wait for
     * @param timeout how long to wait
     * @return the first matching line
     * @throws AssertionError when no such line came in time
     */
    public String awaitLine(final Predicate<String> match, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (final String line : lines) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && lines.stream().noneMatch(match)) {
                sleepQuietly(50);
                if (lines.stream().noneMatch(match)) {
                    throw new AssertionError("child " + description + " exited with " + process.exitValue()
                        + " before printing the expected line; it printed " + lines);
                }
            }
            sleepQuietly(5);
        }
        throw new AssertionError("child " + description + " printed no expected line within " + timeout
            + "; it printed " + lines);
    }

    /**
     * The lines the child printed so far.
     *
     * @return an unmodifiable snapshot
     */
    public List<String> lines() {
        return Collections.unmodifiableList(new ArrayList<>(lines));
    }

    /** Kills the child with SIGKILL and waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        LIVE.remove(this);
    }

    static List<ChildJvm> live() {
        return LIVE;
    }

    private static void sleepQuietly(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
