package io.shmproc.benchmarks.report;

import io.shmproc.memory.WarmupTrigger;
import java.time.Duration;
import java.util.List;

/**
 * One program the report runs in its own process; it prints {@link Figure} lines.
 *
 * @param name         a short name, used in notes
 * @param command      the command: for a Java harness the main class name, for Python the script path
 * @param python       whether it is a Python script (run with {@code python3}, skipped when absent)
 * @param jvmOptions   extra JVM options for a Java harness
 * @param quickTimeout the time limit in quick mode
 * @param fullTimeout  the time limit in full mode
 * @param fullArgs     the arguments in full mode (quick mode passes {@code --quick})
 */
public record Harness(String name, String command, boolean python, List<String> jvmOptions, Duration quickTimeout,
                      Duration fullTimeout, List<String> fullArgs) {
    /** The JVM option that turns shmproc's background JIT warm-up off in a harness JVM. */
    public static final String NO_WARMUP = "-Dshmproc.warmup=off";


    /**
     * The JVM option that gives a JVM a harness starts itself (a producer, a consumer, a worker) the harness's own
     * warm-up mode: without it, each such JVM runs the background warm-up of a JVM a user starts, beside the stream
     * it measures, even when the report turned the harness's own off with {@value #NO_WARMUP}.
     *
     * @return {@code -Dshmproc.warmup=<this JVM's mode>}
     */
    public static String childWarmupOption() {
        return "-D" + WarmupTrigger.MODE_PROPERTY + "=" + System.getProperty(WarmupTrigger.MODE_PROPERTY,
            WarmupTrigger.BACKGROUND);
    }

    /**
     * A Java harness.
     *
     * @param name       short name
     * @param mainClass  its main class in benchmarks.jar
     * @param quick      quick-mode limit
     * @param full       full-mode limit
     * @param jvmOptions extra JVM options
     * @return the harness
     */
    public static Harness java(final String name, final String mainClass, final Duration quick, final Duration full,
                               final String... jvmOptions) {
        final List<String> options = new java.util.ArrayList<>();
        options.add(NO_WARMUP);
        options.addAll(List.of(jvmOptions));
        return new Harness(name, mainClass, false, List.copyOf(options), quick, full, List.of());
    }

    /**
     * This harness with shmproc's background JIT warm-up on, as in a JVM a user starts (the others run without
     * it, {@value #NO_WARMUP}: they measure steady streams after warm-up phases of their own, and a warm-up
     * thread beside them would only add noise on two cores and make them incomparable with earlier runs).
     *
     * @return a copy
     */
    public Harness withBackgroundWarmup() {
        final List<String> options = new java.util.ArrayList<>(jvmOptions);
        options.remove(NO_WARMUP);
        return new Harness(name, command, python, List.copyOf(options), quickTimeout, fullTimeout, fullArgs);
    }

    /**
     * This harness with arguments for the full run.
     *
     * @param args the arguments
     * @return a copy
     */
    public Harness withFullArgs(final String... args) {
        return new Harness(name, command, python, jvmOptions, quickTimeout, fullTimeout, List.of(args));
    }

    /**
     * A Python harness, run only where {@code python3} is on the PATH.
     *
     * @param name   short name
     * @param script the script's path relative to the repository root
     * @param quick  quick-mode limit
     * @param full   full-mode limit
     * @return the harness
     */
    public static Harness python(final String name, final String script, final Duration quick, final Duration full) {
        return new Harness(name, script, true, List.of(), quick, full, List.of());
    }
}
