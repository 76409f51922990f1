package io.shmproc.pool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The options of a {@link ProcessPool}: a small mutable builder whose defaults are validated in one place.
 *
 * <p>Every option has a system property beside its default; a property set on the command line overrides the
 * default, and a setter overrides both.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>system property</th><th>default</th><th>Python</th></tr>
 *   <tr><td>{@link #processes(int)}</td><td>{@value #PROCESSES_PROPERTY}</td>
 *       <td>{@link Runtime#availableProcessors()}</td><td>{@code processes}</td></tr>
 *   <tr><td>{@link #maxTasksPerChild(int)}</td><td>{@value #MAX_TASKS_PER_CHILD_PROPERTY}</td>
 *       <td>0 (unlimited)</td><td>{@code maxtasksperchild}</td></tr>
 *   <tr><td>{@link #initializer(PoolInitializer, Object...)}</td><td>-</td><td>none</td>
 *       <td>{@code initializer, initargs}</td></tr>
 *   <tr><td>{@link #prefetch(int)}</td><td>{@value #PREFETCH_PROPERTY}</td><td>{@value #DEFAULT_PREFETCH}</td>
 *       <td>-</td></tr>
 *   <tr><td>{@link #ringCapacity(int)}</td><td>{@value #RING_CAPACITY_PROPERTY}</td>
 *       <td>{@value #DEFAULT_RING_CAPACITY}</td><td>-</td></tr>
 *   <tr><td>{@link #workerJvmOptions(List)}</td><td>{@value #WORKER_JVM_OPTIONS_PROPERTY}</td>
 *       <td>{@value #DEFAULT_WORKER_JVM_OPTIONS}</td><td>-</td></tr>
 *   <tr><td>{@link #directory(Path)}</td><td>-</td><td>a private directory of the pool's own</td><td>-</td></tr>
 * </table>
 */
public final class PoolOptions {
    /** System property of {@link #processes(int)}. */
    public static final String PROCESSES_PROPERTY = "shmproc.pool.processes";
    /** System property of {@link #maxTasksPerChild(int)}. */
    public static final String MAX_TASKS_PER_CHILD_PROPERTY = "shmproc.pool.maxTasksPerChild";
    /** Default of {@link #maxTasksPerChild(int)}: workers live as long as the pool. */
    public static final int DEFAULT_MAX_TASKS_PER_CHILD = 0;
    /** System property of {@link #prefetch(int)}. */
    public static final String PREFETCH_PROPERTY = "shmproc.pool.prefetch";
    /** Default of {@link #prefetch(int)}. */
    public static final int DEFAULT_PREFETCH = 8;
    /** System property of {@link #ringCapacity(int)}. */
    public static final String RING_CAPACITY_PROPERTY = "shmproc.pool.ringCapacity";
    /** Default of {@link #ringCapacity(int)}: 1 MiB, so messages of up to 128 KiB. */
    public static final int DEFAULT_RING_CAPACITY = 1 << 20;
    /** System property of {@link #workerJvmOptions(List)}: options separated by spaces. */
    public static final String WORKER_JVM_OPTIONS_PROPERTY = "shmproc.pool.workerJvmOptions";
    /**
     * Default worker JVM options: workers are long-lived, so they keep the optimising compiler (which also
     * overrides a context's quick-start {@code -XX:TieredStopAtLevel=1}); the pool always adds
     * {@code -XX:+ExitOnOutOfMemoryError}.
     */
    public static final String DEFAULT_WORKER_JVM_OPTIONS = "-XX:+UseSerialGC -Xshare:auto -XX:TieredStopAtLevel=4";
    /** Workers in a row that may die before finishing a task before the pool gives up restarting them. */
    public static final int MAX_CONSECUTIVE_START_FAILURES = 3;

    private static final int MIN_RING_CAPACITY = 64 * 1024;
    private static final int MAX_RING_CAPACITY = 1 << 30;
    private static final int MAX_PROCESSES = 1024;
    /** The name of a pool on a cluster context unless set: what {@code worker} joins without {@code --pool}. */
    public static final String DEFAULT_NAME = "default";

    private int processes;
    private int maxTasksPerChild;
    private int prefetch;
    private int ringCapacity;
    private List<String> workerJvmOptions;
    private PoolInitializer initializer;
    private Object[] initializerArgs = new Object[0];
    private Path directory;
    private String name = DEFAULT_NAME;

    private PoolOptions() {
        processes = Integer.getInteger(PROCESSES_PROPERTY, Runtime.getRuntime().availableProcessors());
        maxTasksPerChild = Integer.getInteger(MAX_TASKS_PER_CHILD_PROPERTY, DEFAULT_MAX_TASKS_PER_CHILD);
        prefetch = Integer.getInteger(PREFETCH_PROPERTY, DEFAULT_PREFETCH);
        ringCapacity = Integer.getInteger(RING_CAPACITY_PROPERTY, DEFAULT_RING_CAPACITY);
        workerJvmOptions = split(System.getProperty(WORKER_JVM_OPTIONS_PROPERTY, DEFAULT_WORKER_JVM_OPTIONS));
    }

    /**
     * The defaults, with system properties applied.
     *
     * @return new options
     */
    public static PoolOptions defaults() {
        return new PoolOptions();
    }

    /**
     * A copy of these options.
     *
     * @return new options with the same values
     */
    public PoolOptions copy() {
        final PoolOptions copy = new PoolOptions();
        copy.processes = processes;
        copy.maxTasksPerChild = maxTasksPerChild;
        copy.prefetch = prefetch;
        copy.ringCapacity = ringCapacity;
        copy.workerJvmOptions = workerJvmOptions;
        copy.initializer = initializer;
        copy.initializerArgs = initializerArgs.clone();
        copy.directory = directory;
        copy.name = name;
        return copy;
    }

    /**
     * The number of worker processes (Python's {@code processes}).
     *
     * @param count 1 to 1024
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public PoolOptions processes(final int count) {
        if (count < 1 || count > MAX_PROCESSES) {
            throw new IllegalArgumentException("processes=" + count + " is out of range; expected 1 to "
                + MAX_PROCESSES);
        }
        this.processes = count;
        return this;
    }

    /**
     * Replace a worker after it has run this many tasks (a {@code map} chunk counts as one task), like Python's
     * {@code maxtasksperchild}; 0 means never.
     *
     * @param count 0 or more
     * @return these options
     * @throws IllegalArgumentException when negative
     */
    public PoolOptions maxTasksPerChild(final int count) {
        if (count < 0) {
            throw new IllegalArgumentException("maxTasksPerChild=" + count + " is negative; expected 0 (unlimited)"
                + " or more");
        }
        this.maxTasksPerChild = count;
        return this;
    }

    /**
     * Code run once in each worker before its first task (Python's {@code initializer} and {@code initargs}).
     *
     * @param initializer the code, or {@code null} for none
     * @param args        its arguments, each encoded with the object codec
     * @return these options
     */
    public PoolOptions initializer(final PoolInitializer initializer, final Object... args) {
        this.initializer = initializer;
        this.initializerArgs = args == null ? new Object[0] : args.clone();
        return this;
    }

    /**
     * How many tasks the pool sends ahead to one worker. A larger number hides the round trip for tiny tasks;
     * a smaller one balances long tasks better. When a worker dies, the tasks it had not started are sent to
     * other workers.
     *
     * @param count 1 to 1024
     * @return these options
     * @throws IllegalArgumentException when out of range
     */
    public PoolOptions prefetch(final int count) {
        if (count < 1 || count > 1024) {
            throw new IllegalArgumentException("prefetch=" + count + " is out of range; expected 1 to 1024");
        }
        this.prefetch = count;
        return this;
    }

    /**
     * The capacity of each of a worker's two rings (tasks in, results out). One message is at most an eighth
     * of it; larger {@code map} chunks are split, and a single argument or result larger than that fails its
     * task.
     *
     * @param bytes a power of two from 64 KiB to 1 GiB
     * @return these options
     * @throws IllegalArgumentException when out of range or not a power of two
     */
    public PoolOptions ringCapacity(final int bytes) {
        if (bytes < MIN_RING_CAPACITY || bytes > MAX_RING_CAPACITY || Integer.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("ringCapacity=" + bytes + " is invalid; expected a power of two from "
                + MIN_RING_CAPACITY + " to " + MAX_RING_CAPACITY);
        }
        this.ringCapacity = bytes;
        return this;
    }

    /**
     * JVM options of the worker processes, e.g. {@code -Xmx256m}; they follow the context's child JVM options.
     *
     * @param options JVM options
     * @return these options
     */
    public PoolOptions workerJvmOptions(final List<String> options) {
        this.workerJvmOptions = List.copyOf(Objects.requireNonNull(options, "workerJvmOptions"));
        return this;
    }

    /**
     * Where the pool creates its control file; the facade sets its context's directory. By default the pool
     * creates a private directory of its own and removes it when it terminates.
     *
     * @param dir an existing directory, or {@code null} for a private one
     * @return these options
     */
    public PoolOptions directory(final Path dir) {
        this.directory = dir;
        return this;
    }

    /**
     * The number of workers.
     *
     * @return the count
     */
    public int processes() {
        return processes;
    }

    /**
     * Tasks per worker before it is replaced.
     *
     * @return the count, 0 for unlimited
     */
    public int maxTasksPerChild() {
        return maxTasksPerChild;
    }

    /**
     * Tasks sent ahead to one worker.
     *
     * @return the count
     */
    public int prefetch() {
        return prefetch;
    }

    /**
     * The capacity of each ring.
     *
     * @return bytes
     */
    public int ringCapacity() {
        return ringCapacity;
    }

    /**
     * The worker JVM options.
     *
     * @return an unmodifiable list
     */
    public List<String> workerJvmOptions() {
        return workerJvmOptions;
    }

    /**
     * The initializer.
     *
     * @return the initializer or {@code null}
     */
    public PoolInitializer initializer() {
        return initializer;
    }

    /**
     * The initializer's arguments.
     *
     * @return a copy
     */
    public Object[] initializerArgs() {
        return initializerArgs.clone();
    }

    /**
     * The pool's name on a cluster context: workers started on other hosts with {@code worker --pool NAME} join the
     * pool of that name. A local pool ignores it.
     *
     * @param poolName letters, digits, {@code .}, {@code _} or {@code -}; 1 to 64 of them
     * @return these options
     * @throws IllegalArgumentException when the name has other characters or a bad length
     */
    public PoolOptions name(final String poolName) {
        if (poolName == null || !poolName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("pool name '" + poolName + "' is not allowed: use 1 to 64 letters,"
                + " digits, '.', '_' or '-'");
        }
        this.name = poolName;
        return this;
    }

    /**
     * The pool's name on a cluster context.
     *
     * @return the name, {@link #DEFAULT_NAME} unless set
     */
    public String name() {
        return name;
    }

    /**
     * The directory of the control file.
     *
     * @return the directory, or {@code null} for a private one
     */
    public Path directory() {
        return directory;
    }

    private static List<String> split(final String value) {
        return value.isBlank() ? List.of() : List.copyOf(new ArrayList<>(Arrays.asList(value.trim().split("\\s+"))));
    }

    @Override
    public String toString() {
        return "PoolOptions[processes=" + processes + ", maxTasksPerChild=" + maxTasksPerChild + ", prefetch="
            + prefetch + ", ringCapacity=" + ringCapacity + ", workerJvmOptions=" + workerJvmOptions
            + ", initializer=" + (initializer != null) + ", directory=" + directory + ", name=" + name + "]";
    }
}
