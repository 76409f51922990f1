package io.shmproc.process;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.SharedDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The children of one owner — a {@code Shmproc} context, or this JVM for {@link ShmProcess#of} — with their
 * default JVM options and the directory where they write their exit records.
 *
 * <p><b>Closing</b> a group does what Python does for a process's children at exit: it terminates (SIGTERM) the
 * daemon children that still run, then joins every child, daemon or not. Afterwards the group creates no more
 * processes. The JVM-wide group behind {@link ShmProcess#of} is never closed; its daemon children end with the
 * JVM and its non-daemon children keep the JVM from exiting until they end.
 *
 * <p><b>Exit records.</b> A group owned by a context keeps them in the context's directory. The JVM-wide group
 * creates a private context-style directory on first start and removes it whenever no child of it is
 * unreaped; if this JVM dies, the next context to open reclaims it.
 *
 * <p>Thread-safe.
 */
public final class ProcessGroup implements AutoCloseable {
    /** System property holding the default child JVM options of the JVM-wide group, separated by spaces. */
    public static final String JVM_OPTIONS_PROPERTY = "shmproc.child.jvmOptions";
    /**
     * The default child JVM options: a quick start for short-lived children. Not {@code -XX:+UseSerialGC}: in
     * Java 17 only G1 can map the archived module graph of class-data sharing, and without it a JVM starts
     * measurably slower (see {@code docs/benchmarks/process.md}).
     */
    public static final String DEFAULT_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -Xshare:auto";

    private static final AtomicLong RECORDS = new AtomicLong();
    private static ProcessGroup standalone;

    private final Path recordDirectory;
    private final List<String> jvmOptions;
    private final Set<ShmProcess> children = new LinkedHashSet<>();
    private SharedDirectory ownDirectory;
    private int unreaped;
    private boolean closed;

    private ProcessGroup(final Path recordDirectory, final List<String> jvmOptions) {
        this.recordDirectory = recordDirectory;
        this.jvmOptions = jvmOptions;
    }

    /**
     * A group whose children write their exit records into an existing directory (a context's).
     *
     * @param recordDirectory an existing directory writable by this user, or {@code null} for a private one
     *                        created on demand
     * @param jvmOptions      the default JVM options of its children (the options shmproc needs are always added
     *                        before them)
     * @return the group
     * @throws IllegalArgumentException when the options are null or contain null, or the directory is missing
     */
    public static ProcessGroup create(final Path recordDirectory, final List<String> jvmOptions) {
        if (jvmOptions == null || jvmOptions.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("jvmOptions=" + jvmOptions + " is not valid; give a list of non-null"
                + " JVM options");
        }
        if (recordDirectory != null && !Files.isDirectory(recordDirectory)) {
            throw new IllegalArgumentException("recordDirectory=" + recordDirectory + " is not an existing"
                + " directory");
        }
        final ProcessGroup group = new ProcessGroup(recordDirectory, List.copyOf(jvmOptions));
        Spares.opened(group);
        return group;
    }

    static synchronized ProcessGroup standalone() {
        if (standalone == null) {
            final String value = System.getProperty(JVM_OPTIONS_PROPERTY, DEFAULT_JVM_OPTIONS).trim();
            standalone = new ProcessGroup(null, value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+")));
        }
        return standalone;
    }

    /**
     * A new, unstarted child of this group that will run a target.
     *
     * @param target the code to run in the child, with what it captures
     * @return the unstarted process
     * @throws IllegalArgumentException when the target is null
     * @throws ClosedException          when the group is closed
     */
    public ShmProcess process(final SerializableRunnable target) {
        if (target == null) {
            throw new IllegalArgumentException("target is null; give a serializable lambda or a SerializableRunnable");
        }
        synchronized (this) {
            requireOpen();
            final ShmProcess child = new ShmProcess(this, target);
            children.add(child);
            return child;
        }
    }

    /**
     * A new, unstarted child of this group that will run a task class with arguments.
     *
     * @param task a class with a public no-argument constructor
     * @param args its arguments, each serializable or {@code null}
     * @return the unstarted process
     * @throws IllegalArgumentException when the class has no public no-argument constructor or an argument is not
     *                                  serializable
     * @throws ClosedException          when the group is closed
     */
    public ShmProcess process(final Class<? extends ProcessTask> task, final Object... args) {
        return process(TaskInvocation.of(task, args));
    }

    /**
     * The children created in this group and not yet closed.
     *
     * @return a snapshot, oldest first
     */
    public synchronized List<ShmProcess> children() {
        return new ArrayList<>(children);
    }

    /**
     * The default JVM options of the children.
     *
     * @return an unmodifiable list
     */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /**
     * Asks for up to {@code count} warm spare JVMs for children of this group with the given extra JVM options, so
     * that that many later {@link ShmProcess#start()}s hand their target to a running JVM (a pool asks for one per
     * worker). They boot in the background; the limits of {@code docs/guide/configuration.md} apply, and nothing
     * happens when spares are off ({@code shmproc.child.spares=0}).
     *
     * @param count      how many spares to keep
     * @param jvmOptions the children's extra JVM options, as given to {@link ShmProcess#jvmOptions(List)}
     * @throws IllegalArgumentException when the count is negative or the options are null
     */
    public void keepSpares(final int count, final List<String> jvmOptions) {
        if (count < 0 || jvmOptions == null) {
            throw new IllegalArgumentException("keepSpares(" + count + ", " + jvmOptions + ") is not valid; give a"
                + " count >= 0 and a list of options");
        }
        final Spares.Key key = Spares.keyFor(this, jvmOptions, false, false);
        if (key != null && count > 0) {
            Spares.want(key, this, jvmOptions, Math.min(count, Spares.maxTotal()));
        }
    }

    Path recordDirectory() {
        return recordDirectory;
    }

    /** A file a spare creates when it is ready; counted like an exit record, so the directory stays. */
    synchronized Path spareFileFor() {
        return recordFile(".spare-");
    }

    synchronized Path exitRecordFor(final ShmProcess child) {
        requireOpen();
        return recordFile(".exit-");
    }

    private Path recordFile(final String prefix) {
        Path directory = recordDirectory;
        if (directory == null) {
            if (ownDirectory == null) {
                ownDirectory = SharedDirectory.create(SharedDirectory.defaultBase());
            }
            directory = ownDirectory.path();
        }
        unreaped++;
        return directory.resolve(prefix + ProcessHandle.current().pid() + "-" + RECORDS.incrementAndGet());
    }

    synchronized void released(final ShmProcess child, final Path record) {
        unreaped--;
        if (unreaped == 0 && ownDirectory != null) {
            SharedDirectory.deleteTree(ownDirectory.path());
            ownDirectory = null;
        }
    }

    synchronized void forget(final ShmProcess child) {
        children.remove(child);
    }

    private void requireOpen() {
        if (closed) {
            throw new ClosedException("the process group is closed: no new processes");
        }
    }

    /**
     * Terminates the daemon children that still run, then joins every child; idempotent.
     *
     * @throws ShmprocException when interrupted while joining (the interrupt flag is set again)
     */
    @Override
    public void close() {
        final List<ShmProcess> toJoin;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toJoin = new ArrayList<>(children);
        }
        Spares.closed(this);
        for (final ShmProcess child : toJoin) {
            if (child.daemon() && isRunning(child)) {
                child.terminate();
            }
        }
        for (final ShmProcess child : toJoin) {
            try {
                if (isStarted(child)) {
                    child.join();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShmprocException("interrupted while joining the children of a closing group; "
                    + child + " may still run", e);
            }
        }
    }

    private static boolean isRunning(final ShmProcess child) {
        try {
            return child.isAlive();
        } catch (final ClosedException e) {
            return false;
        }
    }

    private static boolean isStarted(final ShmProcess child) {
        try {
            return child.exitCode().isPresent() || child.isAlive();
        } catch (final ClosedException e) {
            return false;
        }
    }

    @Override
    public synchronized String toString() {
        return "ProcessGroup[" + children.size() + " children" + (closed ? ", closed" : "") + "]";
    }
}
