package io.shmproc.process;

import io.shmproc.exceptions.ShmprocException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Warm spare child JVMs: children started before anyone asked for them, that have loaded and warmed what a child
 * needs (see {@link SpareWarmup}) and wait, blocked on a read of their stdin pipe at no CPU cost, for a launch
 * spec. {@link ShmProcess#start()} hands its spec to a spare of the right kind instead of launching a JVM, and a
 * replacement boots in the background on the thread {@code shmproc-spares}.
 *
 * <p><b>Kinds.</b> A spare serves only a child whose command line would have been its own: the same {@code java},
 * the same JVM options (the group's defaults and the process's own), the same class path with every entry's size
 * and modification time (so a rebuilt or touched jar makes its spares stale: they are stopped, never used), and
 * the same owner directory (the context's, or none for {@link ShmProcess#of}). A process with
 * {@link ShmProcess#environment(java.util.Map) environment} changes or with redirected output starts cold: those
 * are fixed when a JVM is launched.
 *
 * <p><b>Limits.</b> {@value #COUNT_PROPERTY} spares are kept per kind (a pool of n workers asks for n), at most
 * {@value #MEMORY_PROPERTY} MiB in all, counting {@value #ESTIMATED_SPARE_MIB} MiB per spare; 0 spares turns them
 * off and every child starts cold, as before. A kind not used for {@value #IDLE_PROPERTY} ms loses its spares.
 *
 * <p><b>Lifetime.</b> A spare never runs two targets: once handed a spec it is an ordinary child. An idle spare
 * exits when its stdin reaches end-of-file: when this JVM stops it (idle timeout, stale class path, the owning
 * context closes) and when this JVM dies, however (the kernel closes the pipe). The first child always starts
 * cold, and no spare boots while a child started cold in the last {@value #COLD_START_MILLIS} ms is alive (the
 * workers of a new pool, say): a booting spare would take a CPU from the starts the user waits for.
 *
 * <p>Thread-safe.
 */
final class Spares {
    /** System property: how many warm spares to keep per kind of child; 0 turns spares off. */
    static final String COUNT_PROPERTY = "shmproc.child.spares";
    /** Default of {@value #COUNT_PROPERTY}. */
    static final int DEFAULT_COUNT = 2;
    /** System property: the memory all spares of this JVM may take, in MiB. */
    static final String MEMORY_PROPERTY = "shmproc.child.spareMemoryMiB";
    /** Default of {@value #MEMORY_PROPERTY}. */
    static final int DEFAULT_MEMORY_MIB = 512;
    /** System property: how long, in ms, spares of a kind no child has used stay alive. */
    static final String IDLE_PROPERTY = "shmproc.child.spareIdleMillis";
    /** Default of {@value #IDLE_PROPERTY}. */
    static final long DEFAULT_IDLE_MILLIS = 60_000;
    /** What one idle spare is counted as against {@value #MEMORY_PROPERTY} (its RSS measured here: 37-48 MiB). */
    static final int ESTIMATED_SPARE_MIB = 64;
    /** The first argument of a spare's command line; the second is the file it creates when it is ready. */
    static final String SPARE_FLAG = "--shmproc-spare";
    /** How long a stopped spare may take to exit before it is killed. */
    static final long STOP_GRACE_MILLIS = 2_000;
    private static final long TICK_MILLIS = 100;
    /**
     * How long after a start took a spare its replacement waits before booting, so that the JVM booting does not
     * compete for the CPUs with the start the user waits for.
     */
    static final long REFILL_DELAY_MILLIS = 100;
    /**
     * How long after a child started cold no spare boots while that child lives: about what a cold child takes to
     * reach its target with a few others starting beside it on two cores (alone, 70-130 ms here).
     */
    static final long COLD_START_MILLIS = 400;

    private static final Object LOCK = new Object();
    private static final List<Spare> IDLE = new ArrayList<>();
    private static final List<Spare> STOPPING = new ArrayList<>();
    private static final Map<Key, Want> WANTED = new HashMap<>();
    private static final Map<Path, Set<ProcessGroup>> OWNERS = new HashMap<>();
    /** Children started cold in the last {@value #COLD_START_MILLIS} ms, with their launch times. */
    private static final List<ColdStart> COLD = new ArrayList<>();
    private static int booting;
    private static Thread keeper;

    private Spares() {
    }

    /** What makes a child: its command line without the per-child parts, the class path stamps, the owner. */
    static final class Key {
        final List<String> command;
        final String stamps;
        final Path owner;

        Key(final List<String> command, final String stamps, final Path owner) {
            this.command = command;
            this.stamps = stamps;
            this.owner = owner;
        }

        boolean sameKind(final Key other) {
            return command.equals(other.command) && Objects.equals(owner, other.owner);
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Key && sameKind((Key) other) && stamps.equals(((Key) other).stamps);
        }

        @Override
        public int hashCode() {
            return Objects.hash(command, stamps, owner);
        }
    }

    /** A spare JVM, booting or ready. */
    static final class Spare {
        final Key key;
        final ProcessGroup group;
        final Process process;
        final OutputStream stdin;
        final Path readyFile;
        final ClassDataSharing.Plan sharing;
        long stopDeadline;

        Spare(final Key key, final ProcessGroup group, final Process process, final Path readyFile,
              final ClassDataSharing.Plan sharing) {
            this.key = key;
            this.group = group;
            this.process = process;
            this.stdin = process.getOutputStream();
            this.readyFile = readyFile;
            this.sharing = sharing;
        }

        boolean ready() {
            return Files.exists(readyFile, LinkOption.NOFOLLOW_LINKS);
        }

        /** After the spare's process has exited, or its child was reaped: the ready file and its directory. */
        void releaseFiles() {
            try {
                Files.deleteIfExists(readyFile);
            } catch (final IOException ignored) {
                // removed with the directory
            }
            group.released(null, readyFile);
        }

        /** After an unused spare has exited: its files, and a class-data archive it may have dumped. */
        void released() {
            releaseFiles();
            ClassDataSharing.childExited(sharing);
        }
    }

    /** A refill request: how many spares of a kind to keep, and for which group and options to boot them. */
    private static final class Want {
        ProcessGroup group;
        final List<String> extraOptions;
        int count;
        long lastUsedMillis;
        long lastTakenMillis;

        Want(final ProcessGroup group, final List<String> extraOptions) {
            this.group = group;
            this.extraOptions = extraOptions;
        }
    }

    // ---- configuration ----

    static int count() {
        return (int) property(COUNT_PROPERTY, DEFAULT_COUNT, 1_000);
    }

    static long idleMillis() {
        return property(IDLE_PROPERTY, DEFAULT_IDLE_MILLIS, Long.MAX_VALUE);
    }

    static int maxTotal() {
        return (int) (property(MEMORY_PROPERTY, DEFAULT_MEMORY_MIB, 1 << 30) / ESTIMATED_SPARE_MIB);
    }

    /**
     * A child's extra JVM options with this JVM's spare setting in front when it was set explicitly, so that a
     * child's own children follow it (a test JVM with spares off gets children that boot none); the child's own
     * options come after it and win.
     */
    static List<String> withInherited(final List<String> extraOptions) {
        final String value = System.getProperty(COUNT_PROPERTY);
        if (value == null) {
            return extraOptions;
        }
        final List<String> options = new ArrayList<>(extraOptions.size() + 1);
        options.add("-D" + COUNT_PROPERTY + "=" + value.trim());
        options.addAll(extraOptions);
        return options;
    }

    private static long property(final String name, final long defaultValue, final long max) {
        final String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            final long parsed = Long.parseLong(value.trim());
            if (parsed >= 0 && parsed <= max) {
                return parsed;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + value + " is not valid; give a whole number from 0 to "
            + max + " (default " + defaultValue + ")");
    }

    // ---- the parent's side ----

    /**
     * The kind of a child, or {@code null} when it must start cold: spares are off, or it changes what only a new
     * JVM can have (environment, redirected output).
     */
    static Key keyFor(final ProcessGroup group, final List<String> extraOptions, final boolean changesEnvironment,
                      final boolean redirected) {
        if (changesEnvironment || redirected || count() == 0) {
            return null;
        }
        final String stamps = classPathStamps();
        if (stamps == null) {
            return null;
        }
        return new Key(ChildCommand.build(group.jvmOptions(), List.of(), withInherited(extraOptions), SPARE_FLAG),
            stamps, group.recordDirectory());
    }

    /**
     * Takes a live spare of the kind, ready ones first, and stops stale spares of the same kind (another class
     * path stamp).
     *
     * @return the spare, now the caller's, or {@code null}
     */
    static Spare take(final Key key) {
        final List<Spare> stale = new ArrayList<>();
        Spare found = null;
        synchronized (LOCK) {
            final Want want = WANTED.get(key);
            if (want != null) {
                want.lastUsedMillis = System.currentTimeMillis();
            }
            final long now = System.currentTimeMillis();
            for (final Iterator<Spare> it = IDLE.iterator(); it.hasNext();) {
                final Spare spare = it.next();
                if (spare.key.sameKind(key) && !spare.key.equals(key)) {
                    it.remove();
                    stale.add(spare);
                } else if (spare.key.equals(key) && spare.process.isAlive()
                    && (found == null || !found.ready() && spare.ready())) {
                    found = spare;
                }
            }
            if (found != null) {
                IDLE.remove(found);
                if (want != null) {
                    want.lastTakenMillis = now;
                }
            }
            stale.forEach(Spares::stopLater);
        }
        return found;
    }

    /** A child started cold, and when. */
    private static final class ColdStart {
        final Process process;
        final long atMillis;

        ColdStart(final Process process, final long atMillis) {
            this.process = process;
            this.atMillis = atMillis;
        }
    }

    /**
     * A child was started cold: no spare boots for {@value #COLD_START_MILLIS} ms while it lives.
     *
     * @param process the child's process
     */
    static void coldStarted(final Process process) {
        if (count() == 0) {
            return;
        }
        synchronized (LOCK) {
            // forgotten here too: a JVM that never asks for a spare has no keeper thread to forget them
            forgetStartedColdChildren();
            COLD.add(new ColdStart(process, System.currentTimeMillis()));
        }
    }

    /** Whether a child started cold less than {@value #COLD_START_MILLIS} ms ago still lives; forgets the rest. */
    private static boolean coldStarting() {
        forgetStartedColdChildren();
        return !COLD.isEmpty();
    }

    /** Forgets the cold children that have started (older than {@value #COLD_START_MILLIS} ms) or exited. */
    private static void forgetStartedColdChildren() {
        final long now = System.currentTimeMillis();
        COLD.removeIf(cold -> now - cold.atMillis >= COLD_START_MILLIS || !cold.process.isAlive());
    }

    /** How many cold starts are remembered (for tests). */
    static int coldStartsRemembered() {
        synchronized (LOCK) {
            return COLD.size();
        }
    }

    /**
     * Asks for {@code count} spares of a kind (at least; an earlier larger request stands), booted in the
     * background for a group; {@code count} 0 only marks the kind as used.
     */
    static void want(final Key key, final ProcessGroup group, final List<String> extraOptions, final int count) {
        synchronized (LOCK) {
            final Want want = WANTED.computeIfAbsent(key, k -> new Want(group, List.copyOf(extraOptions)));
            want.group = group;
            want.count = Math.max(want.count, count);
            want.lastUsedMillis = System.currentTimeMillis();
            if (keeper == null) {
                keeper = new Thread(Spares::keep, "shmproc-spares");
                keeper.setDaemon(true);
                keeper.start();
            }
            LOCK.notifyAll();
        }
    }

    /** A group whose directory owns spares opened. */
    static void opened(final ProcessGroup group) {
        if (group.recordDirectory() == null) {
            return;
        }
        synchronized (LOCK) {
            OWNERS.computeIfAbsent(group.recordDirectory(), d -> new HashSet<>()).add(group);
        }
    }

    /**
     * A group closed: when it was the last open group of its directory (the context's), the spares of that
     * directory are stopped, and this returns once they have exited.
     */
    static void closed(final ProcessGroup group) {
        final Path owner = group.recordDirectory();
        if (owner == null) {
            return;
        }
        final List<Spare> stopped = new ArrayList<>();
        synchronized (LOCK) {
            final Set<ProcessGroup> groups = OWNERS.get(owner);
            if (groups != null) {
                groups.remove(group);
                if (!groups.isEmpty()) {
                    return;
                }
                OWNERS.remove(owner);
            }
            WANTED.keySet().removeIf(key -> owner.equals(key.owner));
            for (final Iterator<Spare> it = IDLE.iterator(); it.hasNext();) {
                final Spare spare = it.next();
                if (owner.equals(spare.key.owner)) {
                    it.remove();
                    stopped.add(spare);
                    stopLater(spare);
                }
            }
        }
        for (final Spare spare : stopped) {
            awaitStopped(spare);
        }
    }

    /** Stops every spare of this JVM and forgets every request; returns once they have exited (for tests). */
    static void stopAll() {
        final List<Spare> stopped;
        synchronized (LOCK) {
            WANTED.clear();
            stopped = new ArrayList<>(IDLE);
            IDLE.clear();
            stopped.forEach(Spares::stopLater);
            stopped.addAll(STOPPING);
        }
        for (final Spare spare : stopped) {
            awaitStopped(spare);
        }
    }

    /**
     * Waits until the spares of this JVM (booting ones included) are ready, or the timeout passes.
     *
     * @return whether at least {@code atLeast} idle spares are ready
     */
    static boolean awaitReady(final int atLeast, final long timeoutMillis) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            final int ready;
            final boolean pending;
            synchronized (LOCK) {
                ready = (int) IDLE.stream().filter(Spare::ready).count();
                pending = booting > 0 || IDLE.size() > ready || wantsMore();
            }
            if (ready >= atLeast && !pending) {
                return true;
            }
            if (System.currentTimeMillis() > deadline) {
                return ready >= atLeast;
            }
            Thread.sleep(10);
        }
    }

    /** The pids of the idle spares (booting ones included), for tests and tools. */
    static List<Long> pids() {
        synchronized (LOCK) {
            final List<Long> pids = new ArrayList<>();
            IDLE.forEach(spare -> pids.add(spare.process.pid()));
            return pids;
        }
    }

    // ---- the keeper thread ----

    private static void keep() {
        while (true) {
            try {
                final Want next;
                final Key key;
                synchronized (LOCK) {
                    housekeeping();
                    final Map.Entry<Key, Want> short1 = coldStarting() ? null : shortest(true);
                    if (short1 == null) {
                        LOCK.wait(TICK_MILLIS);
                        continue;
                    }
                    key = short1.getKey();
                    next = short1.getValue();
                    booting++;
                }
                Spare spare = null;
                try {
                    spare = boot(key, next);
                } finally {
                    synchronized (LOCK) {
                        booting--;
                        if (spare != null) {
                            if (WANTED.get(key) == next) {
                                IDLE.add(spare);
                            } else {
                                stopLater(spare);
                            }
                        }
                    }
                }
            } catch (final InterruptedException e) {
                return;
            } catch (final RuntimeException | Error e) {
                // a spare that cannot boot: children start cold; try again at the next request
                synchronized (LOCK) {
                    WANTED.clear();
                }
            }
        }
    }

    /** Stops spares that died, idled too long, or whose group closed; kills those that do not stop in time. */
    private static void housekeeping() {
        final long now = System.currentTimeMillis();
        final long idle = idleMillis();
        for (final Iterator<Map.Entry<Key, Want>> it = WANTED.entrySet().iterator(); it.hasNext();) {
            final Map.Entry<Key, Want> entry = it.next();
            if (now - entry.getValue().lastUsedMillis > idle) {
                it.remove();
            }
        }
        for (final Iterator<Spare> it = IDLE.iterator(); it.hasNext();) {
            final Spare spare = it.next();
            if (!WANTED.containsKey(spare.key) || !spare.process.isAlive()) {
                it.remove();
                stopLater(spare);
            }
        }
        for (final Iterator<Spare> it = STOPPING.iterator(); it.hasNext();) {
            final Spare spare = it.next();
            if (!spare.process.isAlive()) {
                it.remove();
            } else if (now > spare.stopDeadline) {
                spare.process.destroyForcibly();
            }
        }
    }

    /** The request furthest below its count, when memory allows another spare. */
    private static Map.Entry<Key, Want> shortest(final boolean delayAfterTake) {
        if (IDLE.size() + booting >= maxTotal()) {
            return null;
        }
        final long now = System.currentTimeMillis();
        Map.Entry<Key, Want> best = null;
        int bestMissing = 0;
        for (final Map.Entry<Key, Want> entry : WANTED.entrySet()) {
            int have = 0;
            for (final Spare spare : IDLE) {
                if (spare.key.equals(entry.getKey())) {
                    have++;
                }
            }
            final int missing = entry.getValue().count - have;
            if (delayAfterTake && now - entry.getValue().lastTakenMillis < REFILL_DELAY_MILLIS) {
                continue;
            }
            if (missing > bestMissing) {
                best = entry;
                bestMissing = missing;
            }
        }
        return best;
    }

    private static boolean wantsMore() {
        return shortest(false) != null;
    }

    private static Spare boot(final Key key, final Want want) {
        final Path readyFile;
        try {
            readyFile = want.group.spareFileFor();
        } catch (final RuntimeException e) {
            synchronized (LOCK) {
                WANTED.remove(key);
            }
            return null;
        }
        final ClassDataSharing.Plan sharing = ClassDataSharing.plan();
        final List<String> command = ChildCommand.build(want.group.jvmOptions(), sharing.options,
            withInherited(want.extraOptions), SPARE_FLAG);
        command.add(readyFile.toString());
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            return new Spare(key, want.group, builder.start(), readyFile, sharing);
        } catch (final IOException e) {
            want.group.released(null, readyFile);
            ClassDataSharing.childExited(sharing);
            throw new ShmprocException("cannot launch a spare JVM " + command + ": " + e, e);
        }
    }

    /** Closes the spare's stdin (it then exits), and releases what it held once it has exited. */
    private static void stopLater(final Spare spare) {
        try {
            spare.stdin.close();
        } catch (final IOException ignored) {
            // already gone
        }
        spare.stopDeadline = System.currentTimeMillis() + STOP_GRACE_MILLIS;
        STOPPING.add(spare);
        spare.process.onExit().thenRun(spare::released);
    }

    private static void awaitStopped(final Spare spare) {
        try {
            if (!spare.process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                spare.process.destroyForcibly().waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
            spare.process.onExit().get(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final Exception e) {
            // the release runs when the exit is seen
        }
        synchronized (LOCK) {
            STOPPING.remove(spare);
        }
    }

    /**
     * Every class path entry with its size and modification time, or {@code null} when one cannot be read. A
     * directory's time changes when entries are added or removed in it, not when a class file in it is rewritten.
     */
    static String classPathStamps() {
        final String classPath = System.getProperty("java.class.path", "");
        final StringBuilder stamps = new StringBuilder(classPath.length() + 64);
        for (final String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            try {
                final BasicFileAttributes attributes = Files.readAttributes(Path.of(entry),
                    BasicFileAttributes.class);
                stamps.append(entry).append('|').append(attributes.size()).append('|')
                    .append(attributes.lastModifiedTime().toMillis()).append(File.pathSeparatorChar);
            } catch (final IOException | RuntimeException e) {
                return null;
            }
        }
        return stamps.toString();
    }
}
