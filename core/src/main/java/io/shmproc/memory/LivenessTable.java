package io.shmproc.memory;

import io.shmproc.exceptions.RegionException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A directory's table of process liveness slots: each process that uses the directory's locks holds, for its
 * whole life, the operating system's file lock on its own slot, so any other process can tell whether it is
 * still alive by trying to take that file lock.
 *
 * <p><b>Tokens.</b> A process is named in shared words by a 31-bit <em>token</em>: its slot index plus one
 * in the high 15 bits and the low 16 bits of the slot's generation in the low 16 bits. The generation grows
 * each time a process claims the slot, so a new process in a reused slot is never taken for the dead one
 * (a token is stale as soon as its generation no longer matches), and a pid reused by the system plays no
 * part at all.
 *
 * <p><b>Across processes and crashes.</b> The kernel drops a process's file locks when it dies, however it
 * dies (SIGKILL included): {@link #isAlive(int)} is then {@code false} for its token, in every process, at
 * once. A slot whose owner died is claimed again by the next process that needs one.
 *
 * <p><b>One table per directory per JVM.</b> File locks belong to the whole JVM, and closing <em>any</em>
 * channel of a file drops every lock the JVM holds on it; so {@link #forDirectory(Path)} returns the same
 * table to every caller in a JVM, the table is closed only when the last context of the JVM that
 * {@linkplain #retain(Path) retained} the directory {@linkplain #release(Path) releases} it (a table no context
 * retained lives as long as the JVM), and nothing else in a JVM that uses a table may
 * open its file: not even to read its header ({@code MappedRegion.readHeader} would drop this JVM's slot
 * lock and make it look dead to every other process). Tools that inspect a directory must skip
 * {@value #FILE_NAME} or run in a JVM of their own. The table is named {@value #FILE_NAME} inside the
 * directory.
 *
 * <p>Thread-safe. Limits: {@value LivenessTableLayout#SLOT_COUNT} live processes per directory.
 */
public final class LivenessTable {
    /** The file name of the table inside a directory. */
    public static final String FILE_NAME = ".liveness";
    /** The token that names no process. */
    public static final int NO_TOKEN = 0;

    private static final ConcurrentMap<Path, LivenessTable> TABLES = new ConcurrentHashMap<>();
    private static final Map<Path, Integer> RETAINED = new HashMap<>();
    private static final int CREATE_ATTEMPTS = 50;
    /** A new table's payload: its slot count (a class, not a lambda: a process that attaches links no lambda). */
    private static final PayloadInitializer INITIALIZER = new SlotCount();

    private final MappedRegion region;
    private final AtomicBuffer slots;
    private final FileChannel channel;
    private final int slot;
    private final int token;
    @SuppressWarnings("unused") // held for the JVM's life: it is the liveness signal itself
    private final FileLock slotLock;

    private LivenessTable(final MappedRegion region) {
        this.region = region;
        this.slots = region.payload();
        this.channel = region.channel();
        final ProcessIdentity me = ProcessIdentity.current();
        int claimed = -1;
        FileLock held = null;
        final int count = slots.getInt(LivenessTableLayout.SLOT_COUNT_OFFSET);
        final int first = (int) (me.pid() % count);
        for (int i = 0; i < count && held == null; i++) {
            final int candidate = (first + i) % count;
            held = tryLock(candidate);
            if (held != null) {
                claimed = candidate;
            }
        }
        if (held == null) {
            throw new RegionException(region.file(), "all " + count + " liveness slots are held by live processes;"
                + " at most " + count + " processes can share one directory's locks");
        }
        final int offset = LivenessTableLayout.slotOffset(claimed);
        final long generation = slots.getLongVolatile(offset + LivenessTableLayout.GENERATION_OFFSET) + 1;
        // Publishes the new generation first: tokens of the slot's previous owner are stale from here on.
        slots.putLongVolatile(offset + LivenessTableLayout.GENERATION_OFFSET, generation);
        slots.putLongVolatile(offset + LivenessTableLayout.PID_OFFSET, me.pid());
        slots.putLongVolatile(offset + LivenessTableLayout.START_OFFSET, me.startMillis());
        this.slot = claimed;
        this.token = tokenOf(claimed, generation);
        this.slotLock = held;
    }

    /**
     * The table of a directory, created there if missing; this process claims a slot in it on first use.
     *
     * @param directory an existing directory of shared files
     * @return the JVM-wide table of that directory
     * @throws RegionException when the table cannot be created or attached, or has no free slot
     */
    public static LivenessTable forDirectory(final Path directory) {
        final Path key = canonical(directory);
        final LivenessTable existing = TABLES.get(key);
        if (existing != null) {
            return existing;
        }
        return TABLES.computeIfAbsent(key, k -> new LivenessTable(createOrAttach(k.resolve(FILE_NAME))));
    }

    /**
     * Records that a context of this JVM uses a directory, so that its table (if one is opened) lives until
     * the last such context {@linkplain #release(Path) releases} it.
     *
     * @param directory a context directory
     * @return the key to pass to {@link #release(Path)}: the directory as this table names it
     */
    public static Path retain(final Path directory) {
        final Path key = canonical(directory);
        synchronized (RETAINED) {
            RETAINED.merge(key, 1, Integer::sum);
        }
        return key;
    }

    /**
     * Records that a context of this JVM no longer uses a directory; when it was the last one, the
     * directory's table is closed: its slot lock (this JVM's liveness signal in that directory), channel and
     * mapping are released, and the next {@link #forDirectory(Path)} claims a slot anew. Call it after every
     * object of the context that uses the table is closed.
     *
     * @param key what {@link #retain(Path)} returned
     */
    public static void release(final Path key) {
        synchronized (RETAINED) {
            final Integer count = RETAINED.get(key);
            if (count == null) {
                return;
            }
            if (count > 1) {
                RETAINED.put(key, count - 1);
                return;
            }
            RETAINED.remove(key);
        }
        final LivenessTable table = TABLES.remove(key);
        if (table != null) {
            table.region.close(); // closes the channel, and with it the slot lock
        }
    }

    /**
     * Whether this JVM holds a slot in a directory's table, so that it must not open the table's file itself
     * (tools then ask {@link #forDirectory(Path)} instead, which returns that same table). Never creates a table.
     *
     * @param directory a directory of shared files
     * @return {@code true} when {@link #forDirectory(Path)} was called for it in this JVM
     */
    public static boolean isOpenInThisJvm(final Path directory) {
        return TABLES.containsKey(canonical(directory));
    }

    private static Path canonical(final Path directory) {
        try {
            return directory.toRealPath(); // one table even when the directory is reached through a symlink
        } catch (final IOException e) {
            return directory.toAbsolutePath().normalize();
        }
    }

    /**
     * Creates a new directory's table file, claiming no slot in it, so that the processes that use the
     * directory's objects find it there instead of creating it (a cold child's creation, and the race of several
     * children to create it, cost about 20 ms of the child's start). Best effort: when it cannot be made, the
     * first process that needs it creates it, as before. Only on a directory this JVM has no table of yet (no
     * lock of this JVM on the file can then be dropped by this open and close).
     *
     * @param directory a directory of shared files that this process has just created
     */
    public static void prepare(final Path directory) {
        try {
            MappedRegion.create(directory.resolve(FILE_NAME), RegionKind.LIVENESS_TABLE, LivenessTableLayout.VERSION,
                LivenessTableLayout.PAYLOAD_LENGTH, INITIALIZER).close();
        } catch (final RegionException e) {
            // made by another process first, or not makeable here: whoever needs it creates or attaches it
        }
    }

    private static MappedRegion createOrAttach(final Path file) {
        RegionException last = null;
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            try {
                return MappedRegion.attach(file, RegionKind.LIVENESS_TABLE, LivenessTableLayout.VERSION);
            } catch (final io.shmproc.exceptions.MissingRegionException e) {
                last = e;
            }
            try {
                return MappedRegion.create(file, RegionKind.LIVENESS_TABLE, LivenessTableLayout.VERSION,
                    LivenessTableLayout.PAYLOAD_LENGTH, INITIALIZER);
            } catch (final RegionException e) {
                last = e; // another process published it first: attach on the next round
            }
        }
        throw last;
    }

    /**
     * Composes a token.
     *
     * @param slot       a slot index
     * @param generation the slot's generation
     * @return the token
     */
    static int tokenOf(final int slot, final long generation) {
        return ((slot + 1) << 16) | (int) (generation & 0xFFFF);
    }

    /**
     * This process's token in this table.
     *
     * @return a non-zero token
     */
    public int selfToken() {
        return token;
    }

    /**
     * This process's slot index.
     *
     * @return the slot
     */
    public int slot() {
        return slot;
    }

    /**
     * The table's file.
     *
     * @return its path
     */
    public Path file() {
        return region.file();
    }

    /**
     * Whether the process a token names is alive: {@code true} for this process; for another, {@code true}
     * while it holds its slot. Costs a read for a stale token and a file-lock system call (about a
     * microsecond) otherwise.
     *
     * @param token a token from {@link #selfToken()} of some process, or {@link #NO_TOKEN}
     * @return {@code false} once that process has died or exited, and for {@link #NO_TOKEN}
     */
    public boolean isAlive(final int token) {
        if (token == this.token) {
            return true;
        }
        final int index = (token >>> 16) - 1;
        if (token == NO_TOKEN || index < 0 || index >= LivenessTableLayout.SLOT_COUNT) {
            return false;
        }
        final long generation = slots.getLongVolatile(LivenessTableLayout.slotOffset(index)
            + LivenessTableLayout.GENERATION_OFFSET);
        if ((generation & 0xFFFF) != (token & 0xFFFF)) {
            return false;
        }
        if (index == slot) {
            return false; // an earlier generation of our own slot: that process is gone
        }
        final FileLock probe = tryLock(index);
        if (probe == null) {
            return true;
        }
        release(probe);
        return false;
    }

    /**
     * The pid of the process a token names, for messages.
     *
     * @param token a token
     * @return the pid recorded in its slot, or -1 when the token is stale or invalid
     */
    public long pidOf(final int token) {
        final int index = (token >>> 16) - 1;
        if (index < 0 || index >= LivenessTableLayout.SLOT_COUNT) {
            return -1;
        }
        final int offset = LivenessTableLayout.slotOffset(index);
        final long pid = slots.getLongVolatile(offset + LivenessTableLayout.PID_OFFSET);
        final long generation = slots.getLongVolatile(offset + LivenessTableLayout.GENERATION_OFFSET);
        return (generation & 0xFFFF) == (token & 0xFFFF) ? pid : -1;
    }

    private synchronized FileLock tryLock(final int index) {
        try {
            return channel.tryLock(LivenessTableLayout.lockPosition(index), 1, false);
        } catch (final OverlappingFileLockException e) {
            return null; // this JVM holds it: our own slot
        } catch (final IOException e) {
            throw new RegionException(region.file(), "cannot probe liveness slot " + index + ": " + e, e);
        }
    }

    private synchronized void release(final FileLock lock) {
        try {
            lock.release();
        } catch (final IOException e) {
            throw new RegionException(region.file(), "cannot release a liveness probe: " + e, e);
        }
    }

    @Override
    public String toString() {
        return "LivenessTable[" + region.file() + ", slot " + slot + ", token 0x" + Integer.toHexString(token) + "]";
    }

    /** Writes a new table's slot count. */
    private static final class SlotCount implements PayloadInitializer {
        @Override
        public void initialize(final AtomicBuffer payload) {
            payload.putInt(LivenessTableLayout.SLOT_COUNT_OFFSET, LivenessTableLayout.SLOT_COUNT);
        }
    }
}
