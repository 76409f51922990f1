package io.shmproc.process;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.ProcessIdentity;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A child JVM that runs a serializable target: shmproc's equivalent of Python's
 * {@code multiprocessing.Process} (named so as not to clash with {@link java.lang.Process}).
 *
 * <pre>{@code
 * ShmProcess p = ShmProcess.of(() -> System.out.println("hello from " + ShmProcess.current().pid()))
 *     .name("greeter")
 *     .start();
 * p.join();
 * System.out.println(p.exitCode());    // OptionalInt[0]
 * }</pre>
 *
 * <p><b>The child.</b> {@link #start()} launches the parent's own {@code java} with the parent's class path, the
 * options shmproc needs ({@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, and for durable queues
 * {@link io.shmproc.channel.ChronicleFlags#CHILD_JVM_ARGS Chronicle Queue's}), the group's default JVM options,
 * then {@link #jvmOptions(List)}; the environment is the parent's plus {@link #environment(Map)}. The child's
 * stdout and stderr are the parent's (as with Python's {@code print}), its stdin is empty. The target —
 * a {@link SerializableRunnable} with what it captures, or a {@link ProcessTask} class with its arguments — is
 * serialized in the parent (so an unserializable capture fails {@code start()}) and run in the child.
 *
 * <p><b>Lifecycle.</b> Created → {@link #start()} (once) → running → exited → {@link #close()}. Configuration
 * ({@link #daemon(boolean)}, {@link #jvmOptions(List)}, {@link #environment(Map)}, redirects) is accepted only
 * before {@code start()}; {@link #name(String)} at any time.
 *
 * <p><b>Exit codes</b> ({@link #exitCode()}), as in Python: empty while the child runs; 0 after the target
 * returned; 1 after it threw (the child prints the stack trace on stderr); n after {@code System.exit(n)}; -N
 * after death by signal N, so -15 after {@link #terminate()} and -9 after {@link #kill()}. Java reports a signal
 * death as 128 + N, the same as {@code System.exit(128 + N)}: the child's bootstrap records how it shut down,
 * and a value above 128 is read as {@code System.exit} only when the record says the child exited without a
 * signal (see {@code docs/guide/processes.md}).
 *
 * <p><b>Daemon children</b> die with their parent, also when the parent is killed with SIGKILL: the parent holds
 * the write end of the child's stdin pipe open for as long as it lives, and a daemon child exits when it reads
 * end-of-file. When the owning group (a {@code Shmproc} context) closes, its daemon children are terminated and
 * then joined. <b>Non-daemon children</b> outlive a parent that dies, and are joined when the group closes; while
 * one runs, the parent JVM does not exit on its own (as Python's main process waits for them).
 *
 * <p><b>Names.</b> The default name is {@code ShmProcess-N}, N counting the processes created in this JVM from 1;
 * a child of child N is {@code ShmProcess-N:M}, as in Python.
 *
 * <p>The methods are thread-safe. A {@code ShmProcess} is not serializable: pass {@link #pid()} instead.
 */
public final class ShmProcess {
    /** The name of the process that no shmproc parent started, as Python's {@code MainProcess}. */
    public static final String MAIN_PROCESS_NAME = "MainProcess";

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Set<ShmProcess> CHILDREN = ConcurrentHashMap.newKeySet();
    private static volatile ShmProcess current = new ShmProcess(Role.CURRENT, MAIN_PROCESS_NAME, new int[0],
        false, null);
    private static volatile ShmProcess parent;

    private enum Role { CHILD, CURRENT, PARENT }

    private enum State { CREATED, STARTED, CLOSED }

    private final Role role;
    private final ProcessGroup group;
    private final SerializableRunnable target;
    private final int[] identity;
    private volatile ProcessIdentity peer;
    private long peerPid;
    private long peerStartMillis;

    private volatile String name;
    private volatile boolean daemon;
    private List<String> jvmOptions = List.of();
    private Map<String, String> environment = Map.of();
    private ProcessBuilder.Redirect output = ProcessBuilder.Redirect.INHERIT;
    private ProcessBuilder.Redirect error = ProcessBuilder.Redirect.INHERIT;

    private volatile State state = State.CREATED;
    private volatile Process process;
    private OutputStream stdin;
    private Path exitRecord;
    private ClassDataSharing.Plan sharing;
    private Spares.Key spareKey;
    private Spares.Spare spare;
    private volatile Integer exitCode;

    /** A child not yet started, in a group. */
    ShmProcess(final ProcessGroup group, final SerializableRunnable target) {
        this.role = Role.CHILD;
        this.group = group;
        this.target = target;
        final int[] mine = current.identity;
        this.identity = Arrays.copyOf(mine, mine.length + 1);
        this.identity[mine.length] = COUNTER.incrementAndGet();
        this.name = defaultName(identity);
        this.peer = null;
    }

    /** This process (with a {@code null} peer, computed on first use) or its parent. */
    private ShmProcess(final Role role, final String name, final int[] identity, final boolean daemon,
                       final ProcessIdentity peer) {
        this.role = role;
        this.group = null;
        this.target = null;
        this.identity = identity;
        this.name = name;
        this.daemon = daemon;
        this.peer = peer;
        this.state = State.STARTED;
    }

    /**
     * A new, unstarted child that will run a target, in no context: configure it, then {@link #start()} it.
     * Its default JVM options come from the system property {@value ProcessGroup#JVM_OPTIONS_PROPERTY}
     * (default {@value ProcessGroup#DEFAULT_JVM_OPTIONS}). Inside a {@code Shmproc} context prefer
     * {@code mp.process(target)}, which the context joins when it closes.
     *
     * @param target the code to run in the child, with what it captures
     * @return the unstarted process
     * @throws IllegalArgumentException when the target is null
     */
    public static ShmProcess of(final SerializableRunnable target) {
        return ProcessGroup.standalone().process(target);
    }

    /**
     * A new, unstarted child that will instantiate a task class and run it with arguments.
     *
     * @param task a class with a public no-argument constructor
     * @param args its arguments, each serializable or {@code null}
     * @return the unstarted process
     * @throws IllegalArgumentException when the class has no public no-argument constructor or an argument is not
     *                                  serializable
     */
    public static ShmProcess of(final Class<? extends ProcessTask> task, final Object... args) {
        return ProcessGroup.standalone().process(task, args);
    }

    /**
     * The running process: {@code MainProcess} in a JVM that shmproc did not start, the child's own handle in a
     * child (with its name, daemon flag and pid). Python's {@code current_process()}.
     *
     * @return this JVM's process
     */
    public static ShmProcess current() {
        return current;
    }

    /**
     * The process that started this one, or empty in a JVM that shmproc did not start. Python's
     * {@code parent_process()}. The handle supports {@link #name()}, {@link #pid()}, {@link #isAlive()} and
     * {@link #join()}.
     *
     * @return the parent
     */
    public static Optional<ShmProcess> parent() {
        return Optional.ofNullable(parent);
    }

    /**
     * The children of this JVM that are still running; children found to have exited are reaped on the way, as
     * Python's {@code active_children()} does.
     *
     * @return a new list, in no particular order
     */
    public static List<ShmProcess> activeChildren() {
        final List<ShmProcess> alive = new ArrayList<>();
        for (final ShmProcess child : CHILDREN) {
            if (child.isAlive()) {
                alive.add(child);
            } else {
                child.reap();
            }
        }
        return alive;
    }

    /**
     * The number of processors available to this JVM. Python's {@code cpu_count()}.
     *
     * @return at least 1
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Waits until the warm spare JVMs this JVM keeps (see {@code docs/guide/processes.md}) are booted and ready, so
     * that the next {@link #start()}s of those kinds of child hand their target to a running JVM. Spares boot in
     * the background after the first start of a kind, and after each start that used one; a program that wants
     * its next start to be fast, or a benchmark, can wait for them here.
     *
     * @param timeout how long to wait at most
     * @return {@code true} when every spare asked for is ready (at once when none is asked for, or spares are
     *         off); {@code false} when the timeout passed first
     * @throws InterruptedException when interrupted while waiting
     */
    public static boolean awaitSpares(final Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return Spares.awaitReady(0, Math.max(0, timeout.toMillis()));
    }

    static void installCurrent(final LaunchSpec spec) {
        current = new ShmProcess(Role.CURRENT, spec.name, spec.identity, spec.daemon, null);
        final ShmProcess starter = new ShmProcess(Role.PARENT, spec.parentName, Arrays.copyOf(spec.identity,
            Math.max(0, spec.identity.length - 1)), false, null);
        starter.peerPid = spec.parentPid;
        starter.peerStartMillis = spec.parentStartMillis;
        parent = starter;
        COUNTER.set(0);
    }

    private static String defaultName(final int[] identity) {
        return "ShmProcess-" + Arrays.stream(identity).mapToObj(Integer::toString).collect(Collectors.joining(":"));
    }

    // ---- configuration ----

    /**
     * Renames the process; allowed at any time, as in Python. The child sees the name it had at {@code start()}.
     *
     * @param newName a non-blank name
     * @return this process
     * @throws IllegalArgumentException when the name is null or blank
     */
    public ShmProcess name(final String newName) {
        if (newName == null || newName.isBlank()) {
            throw new IllegalArgumentException("name='" + newName + "' is not valid; give a non-blank name");
        }
        this.name = newName;
        return this;
    }

    /**
     * Marks the child a daemon (it dies with its parent) or not; only before {@link #start()}. Default: not a
     * daemon.
     *
     * @param isDaemon whether the child is a daemon
     * @return this process
     * @throws IllegalStateException after {@code start()}
     */
    public synchronized ShmProcess daemon(final boolean isDaemon) {
        requireUnstarted("daemon");
        this.daemon = isDaemon;
        return this;
    }

    /**
     * Extra JVM options for the child, after the group's defaults (so they win where the JVM takes the last
     * value), e.g. {@code List.of("-Xmx256m")}; only before {@link #start()}.
     *
     * @param options JVM options, each one command-line argument
     * @return this process
     * @throws IllegalArgumentException when the list or an option is null
     * @throws IllegalStateException    after {@code start()}
     */
    public synchronized ShmProcess jvmOptions(final List<String> options) {
        requireUnstarted("jvmOptions");
        if (options == null || options.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("jvmOptions=" + options + " is not valid; give a list of non-null"
                + " options such as List.of(\"-Xmx256m\")");
        }
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * Variables added to (or replacing those of) the parent's environment in the child; only before
     * {@link #start()}.
     *
     * @param variables names and values
     * @return this process
     * @throws IllegalArgumentException when the map, a name or a value is null
     * @throws IllegalStateException    after {@code start()}
     */
    public synchronized ShmProcess environment(final Map<String, String> variables) {
        requireUnstarted("environment");
        if (variables == null) {
            throw new IllegalArgumentException("environment=null is not valid; give a map, possibly empty");
        }
        final Map<String, String> copy = new LinkedHashMap<>();
        variables.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("environment has " + key + "=" + value + "; names and values"
                    + " must not be null");
            }
            copy.put(key, value);
        });
        this.environment = Map.copyOf(copy);
        return this;
    }

    /**
     * Where the child's stdout goes; only before {@link #start()}. Default {@link ProcessBuilder.Redirect#INHERIT},
     * the parent's stdout, as in Python. (Python has no such option; it is here for logs per child.)
     *
     * @param redirect the destination
     * @return this process
     * @throws IllegalArgumentException when it is null or {@link ProcessBuilder.Redirect#PIPE}, which nothing
     *                                  would read
     * @throws IllegalStateException    after {@code start()}
     */
    public synchronized ShmProcess redirectOutput(final ProcessBuilder.Redirect redirect) {
        requireUnstarted("redirectOutput");
        this.output = checkRedirect("redirectOutput", redirect);
        return this;
    }

    /**
     * Where the child's stderr goes; only before {@link #start()}. Default {@link ProcessBuilder.Redirect#INHERIT}.
     *
     * @param redirect the destination
     * @return this process
     * @throws IllegalArgumentException when it is null or {@link ProcessBuilder.Redirect#PIPE}
     * @throws IllegalStateException    after {@code start()}
     */
    public synchronized ShmProcess redirectError(final ProcessBuilder.Redirect redirect) {
        requireUnstarted("redirectError");
        this.error = checkRedirect("redirectError", redirect);
        return this;
    }

    private static ProcessBuilder.Redirect checkRedirect(final String what, final ProcessBuilder.Redirect redirect) {
        if (redirect == null || redirect.type() == ProcessBuilder.Redirect.Type.PIPE) {
            throw new IllegalArgumentException(what + "=" + redirect + " is not valid; give INHERIT, DISCARD or a"
                + " file redirect");
        }
        return redirect;
    }

    private void requireUnstarted(final String what) {
        requireChild(what);
        requireOpen();
        if (state != State.CREATED) {
            throw new IllegalStateException(what + " can only be set before start(); " + this + " was started");
        }
    }

    // ---- lifecycle ----

    /**
     * Starts the child JVM; returns as soon as it is launched and has been sent its target.
     *
     * @return this process
     * @throws IllegalStateException when it was already started, or when this process is itself a daemon child
     *                               (daemonic processes are not allowed to have children, as in Python)
     * @throws ClosedException       when it was closed, or its group was closed
     * @throws ShmprocException      when the child JVM cannot be launched
     */
    public ShmProcess start() {
        final LaunchSpec spec;
        synchronized (this) {
            requireChild("start");
            requireOpen();
            if (state != State.CREATED) {
                throw new IllegalStateException("cannot start a process twice: " + this);
            }
            if (current.daemon) {
                throw new IllegalStateException("daemonic processes are not allowed to have children: "
                    + current.name + " is a daemon");
            }
            final byte[] targetBytes = TargetCodec.encode(target);
            spareKey = Spares.keyFor(group, jvmOptions, !environment.isEmpty(),
                output.type() != ProcessBuilder.Redirect.Type.INHERIT
                    || error.type() != ProcessBuilder.Redirect.Type.INHERIT);
            exitRecord = group.exitRecordFor(this);
            spec = new LaunchSpec(name, identity, daemon, current.peer().pid(), current.peer().startMillis(),
                current.name, exitRecord.toString(), System.getProperty("java.class.path", ""), targetBytes);
            if (!startOnSpare(spec)) {
                startCold(spec);
            }
        }
        if (spareKey != null) {
            Spares.want(spareKey, group, jvmOptions, Spares.count());
        }
        final Thread reaper = new Thread(this::awaitAndReap, name + "-reaper");
        reaper.setDaemon(daemon);
        reaper.start();
        return this;
    }

    /** Hands the spec to a warm spare of this child's kind, if one is alive; a spare that died is dropped. */
    private boolean startOnSpare(final LaunchSpec spec) {
        if (spareKey == null) {
            return false;
        }
        for (Spares.Spare taken = Spares.take(spareKey); taken != null; taken = Spares.take(spareKey)) {
            try {
                spec.writeTo(taken.stdin);
            } catch (final IOException e) {
                taken.process.destroyForcibly();
                taken.process.onExit().thenRun(taken::released);
                continue;
            }
            spare = taken;
            sharing = taken.sharing;
            process = taken.process;
            stdin = taken.stdin;
            state = State.STARTED;
            CHILDREN.add(this);
            return true;
        }
        return false;
    }

    private void startCold(final LaunchSpec spec) {
        sharing = ClassDataSharing.plan();
        final ProcessBuilder builder = new ProcessBuilder(ChildCommand.build(group.jvmOptions(), sharing.options,
            Spares.withInherited(jvmOptions), name))
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(output)
            .redirectError(error);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (final IOException e) {
            group.released(this, exitRecord);
            ClassDataSharing.childExited(sharing);
            throw new ShmprocException("cannot launch the child JVM " + builder.command() + ": " + e, e);
        }
        Spares.coldStarted(process);
        state = State.STARTED;
        stdin = process.getOutputStream();
        CHILDREN.add(this);
        try {
            spec.writeTo(stdin);
        } catch (final IOException e) {
            // the child died at once (a bad JVM option, say); its exit code tells what happened
        }
    }

    private void awaitAndReap() {
        try {
            process.waitFor();
            reap();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the process exits. Python's {@code join()}.
     *
     * @throws IllegalStateException when the process was not started, or is {@link #current()}
     * @throws ClosedException       when it was closed
     * @throws InterruptedException  when the waiting thread is interrupted (the child keeps running)
     */
    public void join() throws InterruptedException {
        if (role == Role.PARENT) {
            try {
                ProcessHandle.of(peer().pid()).ifPresent(handle -> handle.onExit().join());
            } catch (final RuntimeException e) {
                // the parent went away while we looked
            }
            return;
        }
        requireJoinable();
        process.waitFor();
        reap();
    }

    /**
     * Waits at most {@code timeout} for the process to exit; returns in time whether or not it exited, never
     * throwing on the timeout. Python's {@code join(timeout)}.
     *
     * @param timeout how long to wait; zero or negative only checks
     * @return {@code true} when the process has exited
     * @throws IllegalStateException when the process was not started, or is {@link #current()}
     * @throws ClosedException       when it was closed
     * @throws InterruptedException  when the waiting thread is interrupted
     */
    public boolean join(final Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return join(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits at most the given time for the process to exit.
     *
     * @param timeout how long to wait; zero or negative only checks
     * @param unit    the unit of {@code timeout}
     * @return {@code true} when the process has exited
     * @throws IllegalStateException when the process was not started, or is {@link #current()}
     * @throws ClosedException       when it was closed
     * @throws InterruptedException  when the waiting thread is interrupted
     */
    public boolean join(final long timeout, final TimeUnit unit) throws InterruptedException {
        if (role == Role.PARENT) {
            final Optional<ProcessHandle> handle = ProcessHandle.of(peer().pid());
            if (handle.isEmpty()) {
                return true;
            }
            try {
                handle.get().onExit().get(Math.max(0, timeout), unit);
                return true;
            } catch (final TimeoutException e) {
                return false;
            } catch (final ExecutionException e) {
                return !peer().isAlive();
            }
        }
        requireJoinable();
        if (process.waitFor(Math.max(0, timeout), unit)) {
            reap();
            return true;
        }
        return false;
    }

    private void requireJoinable() {
        if (role == Role.CURRENT) {
            throw new IllegalStateException("can only join a child process; " + name + " is the current process");
        }
        requireOpen();
        if (state != State.STARTED) {
            throw new IllegalStateException("can only join a started process: " + this);
        }
    }

    /**
     * Whether the process is running: {@code false} before {@code start()} and after it exited; always
     * {@code true} for {@link #current()}. Python's {@code is_alive()}.
     *
     * @return whether it runs
     * @throws ClosedException when it was closed
     */
    public boolean isAlive() {
        switch (role) {
            case CURRENT:
                return true;
            case PARENT:
                return peer().isAlive();
            default:
                requireOpen();
                final Process running = process;
                if (running == null) {
                    return false;
                }
                if (running.isAlive()) {
                    return true;
                }
                reap();
                return false;
        }
    }

    /**
     * The exit code, as Python's {@code exitcode}: empty before start and while running (and for
     * {@link #current()} and {@link #parent()}); 0 after a normal return, 1 after an uncaught exception, n after
     * {@code System.exit(n)}, -N after death by signal N.
     *
     * @return the exit code once the child has exited
     * @throws ClosedException when it was closed
     */
    public OptionalInt exitCode() {
        if (role != Role.CHILD) {
            return OptionalInt.empty();
        }
        requireOpen();
        final Integer code = exitCode;
        if (code != null) {
            return OptionalInt.of(code);
        }
        final Process running = process;
        if (running == null || running.isAlive()) {
            return OptionalInt.empty();
        }
        reap();
        return OptionalInt.of(exitCode);
    }

    /**
     * The operating system's process id.
     *
     * @return the pid
     * @throws IllegalStateException before {@code start()} (Python's {@code pid} is then {@code None})
     */
    public long pid() {
        if (role != Role.CHILD) {
            return peer().pid();
        }
        final Process running = process;
        if (running == null) {
            throw new IllegalStateException("no pid before start(): " + this);
        }
        return running.pid();
    }

    /**
     * The name.
     *
     * @return the name given, or {@code ShmProcess-N} (or {@code N:M...} for nested children)
     */
    public String name() {
        return name;
    }

    /**
     * Whether the process is a daemon.
     *
     * @return the daemon flag
     */
    public boolean daemon() {
        return daemon;
    }

    /**
     * Sends SIGTERM to the child; it then exits with -15, unless it handles the signal otherwise. Does nothing
     * once the child has exited. Python's {@code terminate()}.
     *
     * @throws IllegalStateException when the process was not started, or is not a child of this JVM
     * @throws ClosedException       when it was closed
     */
    public void terminate() {
        requireSignalable("terminate");
        // Through the handle: Process.destroy() would also close the child's stdin, and a daemon child reads
        // end-of-file there as "the parent died", racing the SIGTERM with an exit of its own (status 1).
        process.toHandle().destroy();
    }

    /**
     * Sends SIGKILL to the child; it then exits with -9. Does nothing once the child has exited. Python's
     * {@code kill()}.
     *
     * @throws IllegalStateException when the process was not started, or is not a child of this JVM
     * @throws ClosedException       when it was closed
     */
    public void kill() {
        requireSignalable("kill");
        process.toHandle().destroyForcibly();
    }

    private void requireSignalable(final String what) {
        requireChild(what);
        requireOpen();
        if (process == null) {
            throw new IllegalStateException(what + "() needs a started process: " + this);
        }
    }

    /**
     * Releases what the handle holds; afterwards most methods throw {@link ClosedException}. Idempotent. Python's
     * {@code close()}.
     *
     * @throws IllegalStateException when the child is still running (join, terminate or kill it first)
     */
    public void close() {
        requireChild("close");
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            final Process running = process;
            if (running != null && running.isAlive()) {
                throw new IllegalStateException("cannot close a process that is still running: " + this
                    + "; join(), terminate() or kill() it first");
            }
        }
        if (process != null) {
            reap();
        }
        synchronized (this) {
            state = State.CLOSED;
        }
        group.forget(this);
    }

    private void requireChild(final String what) {
        if (role != Role.CHILD) {
            throw new IllegalStateException(what + "() applies to a child of this JVM; " + name + " is the "
                + (role == Role.CURRENT ? "current" : "parent") + " process");
        }
    }

    private void requireOpen() {
        if (state == State.CLOSED) {
            throw new ClosedException("process object is closed: " + name);
        }
    }

    /**
     * Records the exit code of an exited child, once: reads its exit record and releases what it held. A caller
     * that finds another thread reaping waits until it has finished, so that {@code join()} returns only once the
     * exit record is gone.
     */
    private synchronized void reap() {
        if (exitCode != null) {
            return;
        }
        final String written = ExitStatus.readAndDelete(exitRecord);
        exitCode = ExitStatus.decode(process.exitValue(), written);
        try {
            stdin.close();
        } catch (final IOException ignored) {
            // the child is gone: nothing reads the pipe any more
        }
        CHILDREN.remove(this);
        group.released(this, exitRecord);
        ClassDataSharing.childExited(sharing);
        if (spare != null) {
            spare.releaseFiles();
        }
    }

    /**
     * The identity of the current or parent process, made on first use: {@link ProcessIdentity} initialises
     * {@code ProcessHandle}, which costs a starting child several milliseconds.
     */
    private ProcessIdentity peer() {
        ProcessIdentity known = peer;
        if (known == null) {
            known = role == Role.PARENT ? new ProcessIdentity(peerPid, peerStartMillis) : ProcessIdentity.current();
            peer = known;
        }
        return known;
    }

    int[] identity() {
        return identity.clone();
    }

    /**
     * Shows the live state, e.g. {@code ShmProcess[name=worker, pid=4242, started, daemon]} or
     * {@code ShmProcess[name=worker, pid=4242, stopped, exitCode=-15 (SIGTERM)]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("ShmProcess[name=").append(name);
        switch (role) {
            case CURRENT:
                text.append(", pid=").append(peer().pid()).append(", current");
                break;
            case PARENT:
                text.append(", pid=").append(peer().pid()).append(", parent, ")
                    .append(peer().isAlive() ? "alive" : "gone");
                break;
            default:
                final Process running = process;
                if (running != null) {
                    text.append(", pid=").append(running.pid());
                }
                final Integer code = exitCode;
                if (state == State.CLOSED) {
                    text.append(", closed");
                } else if (running == null) {
                    text.append(", initial");
                } else if (code == null && running.isAlive()) {
                    text.append(", started");
                } else {
                    text.append(", stopped");
                }
                if (code != null) {
                    text.append(", exitCode=").append(ExitStatus.describe(code));
                }
                break;
        }
        if (daemon) {
            text.append(", daemon");
        }
        return text.append(']').toString();
    }
}
