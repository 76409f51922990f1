package io.shmproc.channel;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.DiskFullException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.Names;
import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.UnrecoverableTimeoutException;
import org.agrona.DirectBuffer;

/**
 * A durable, replayable log of byte messages in a directory, shared by any number of producer and consumer
 * processes: a thin layer over one Chronicle Queue.
 *
 * <pre>
 *   producers (any process)            directory (Chronicle Queue)                 consumers
 *   append(bytes) ──► [8-byte time][bytes] ──► 20261121-20.cq4  20261121-21.cq4 ──► cursor("billing")
 *                                            metadata.cq4t: shmproc.ack.billing = index of last ack
 *                                            consumers/billing.lock (held while the cursor is open)
 * </pre>
 *
 * <p><b>Messages.</b> Each message is stored as one Chronicle document: the producer's wall-clock time in
 * milliseconds (8 bytes, used by {@link DurableCursor#seekTime}) followed by the payload, at most
 * {@link DurableChannelOptions#maxMessageLength()} bytes. Each gets an <em>index</em>: positive, increasing in
 * append order, unique in the directory.
 *
 * <p><b>Across threads and processes.</b> {@link #append} is thread-safe; appends from several processes are
 * serialised by Chronicle's write lock in {@code metadata.cq4t}, and every reader sees them in one total order.
 * When {@link #append} returns, the message is in the page cache of the mapped file: it survives the death of
 * every process, not a crash of the machine (Chronicle Queue does not {@code fsync}).
 *
 * <p><b>When a process dies mid-append</b> (SIGKILL), its document's header still says "being written"; readers
 * never see it, and the next appender (in any process) finds the write lock held by a dead pid, takes it over
 * within about {@value #LOCK_RECOVERY_MILLIS} ms and overwrites the unfinished document. No partial message is
 * ever read.
 *
 * <p><b>Failures.</b> An append that fails (a full disk, any error inside Chronicle) is rolled back and
 * releases Chronicle's write lock, so that every process, this one included, can append again; it throws
 * {@link DiskFullException} when the file system is full, another named shmproc exception otherwise. A live
 * holder of the write lock is waited for, never robbed ({@link #tryAppend} bounds the wait). No Chronicle type
 * escapes a public method; Chronicle's exception is the cause. Damage to the files is detected by
 * {@link DurableCursor#poll} (see there).
 *
 * <p><b>Retention.</b> The log rolls to a new file every {@link RollPeriod}. With
 * {@link Retention#DELETE_CONSUMED}, {@link #deleteConsumedCycles()} removes the files every named consumer has
 * acknowledged past; cursors call it when their acknowledgement enters a new cycle.
 *
 * <p>Needs Chronicle Queue on the class path and its JVM options: see {@link ChronicleFlags}.
 */
public final class DurableChannel implements AutoCloseable {
    /** Returned by reads that found no message, and used for "no index yet". */
    public static final long NO_INDEX = -1;
    /**
     * The bytes each stored message without a checksum carries before its payload: the append time in
     * milliseconds (see {@link DurableLayout}; with a checksum, 4 more).
     */
    public static final int HEADER_LENGTH = Long.BYTES;

    /**
     * How long an appender waits for the write lock before it checks whether the holder is dead and, if so,
     * takes the lock over (with {@code queue.force.unlock.mode=LOCKING_PROCESS_DEAD}, set by
     * {@link ChronicleFlags}); a live holder is never robbed, the appender just keeps waiting.
     */
    static final long LOCK_RECOVERY_MILLIS = 250;
    /** The acknowledgement value of a retired consumer name: ignored by retention. */
    static final long RETIRED = Long.MAX_VALUE;
    static final String ACK_KEY_PREFIX = "shmproc.ack.";
    static final String CONSUMERS_DIRECTORY = "consumers";
    static final String METADATA_FILE = "metadata.cq4t";
    private static final String CYCLE_FILE_SUFFIX = ".cq4";
    /**
     * One append lock per directory in this JVM, shared by every channel on it: while a thread holds it, no other
     * thread of this process is inside a Chronicle append there, so a write lock naming this pid is a leftover
     * of a failed append and may be released.
     */
    private static final ConcurrentMap<Path, ReentrantLock> APPEND_LOCKS = new ConcurrentHashMap<>();

    private final Path directory;
    private final DurableChannelOptions options;
    private final SingleChronicleQueue queue;
    private final ReentrantLock appendLock;
    private final DurableWriteLock writeLock;
    private final List<DurableCursor> cursors = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private byte[] crcScratch = new byte[0];
    private ExcerptAppender appender;
    /** The earliest damaged cycle file found when this channel opened, or {@code null}. */
    private DurableFiles.Damage damage;
    private volatile boolean closed;

    private DurableChannel(final Path directory, final DurableChannelOptions options,
                           final SingleChronicleQueue queue, final DurableWriteLock writeLock) {
        this.directory = directory;
        this.options = options;
        this.queue = queue;
        this.writeLock = writeLock;
        this.appendLock = APPEND_LOCKS.computeIfAbsent(directory, d -> new ReentrantLock());
    }

    /**
     * Opens the log in a directory, creating the directory (mode 0700) and the log if they do not exist.
     * Several processes may open the same directory at once.
     *
     * @param directory the log's directory; a regular file system is best (not {@code /dev/shm}, whose
     *                  contents do not survive a reboot)
     * @param options   the options (copied)
     * @return the open channel
     * @throws IllegalArgumentException                         when an argument is null or the directory is a file
     * @throws io.shmproc.exceptions.MissingDependencyException when Chronicle Queue is not on the class path
     * @throws io.shmproc.exceptions.MissingJvmFlagException    when the JVM lacks Chronicle's options
     * @throws ShmprocException                                 when the directory cannot be created or opened
     */
    public static DurableChannel open(final Path directory, final DurableChannelOptions options) {
        if (directory == null) {
            throw new IllegalArgumentException("directory is null; expected the path of the log's directory");
        }
        if (options == null) {
            throw new IllegalArgumentException("options is null; use DurableChannelOptions.defaults()");
        }
        ChronicleFlags.requireChronicle();
        final Path dir = directory.toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("directory=" + dir + " is not a directory; expected a directory for"
                + " the log's files");
        }
        DurableFiles.checkAccess(dir);
        try {
            createPrivateDirectory(dir);
            createPrivateDirectory(dir.resolve(CONSUMERS_DIRECTORY));
        } catch (final AccessDeniedException e) {
            throw new ShmprocException("permission denied creating the durable log directory " + e.getFile()
                + " (user " + System.getProperty("user.name") + "); create it for this user or choose another"
                + " directory", e);
        } catch (final IOException e) {
            throw new ShmprocException("cannot create the durable log directory " + dir + ": " + e, e);
        }
        DurableFiles.checkMetadata(dir.resolve(METADATA_FILE));
        final DurableChannelOptions copy = options.copy();
        final RollCycle cycles = rollCycle(copy.rollPeriod());
        // before Chronicle maps a file: mapping extends a truncated file with zeros and hides the truncation
        final DurableFiles.Damage damage = DurableFiles.scanCycleFiles(dir, cycles.format(), cycles.lengthInMillis());
        SingleChronicleQueue queue = null;
        try {
            queue = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(rollCycle(copy.rollPeriod()))
                .timeoutMS(LOCK_RECOVERY_MILLIS)
                .build();
            final DurableWriteLock writeLock = DurableWriteLock.of(dir, queue);
            final DurableChannel channel = new DurableChannel(dir, copy, queue, writeLock);
            channel.damage = damage;
            return channel;
        } catch (final RuntimeException | InternalError e) {
            if (queue != null) {
                try {
                    queue.close();
                } catch (final RuntimeException | InternalError suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw DurableFiles.openFailure(dir, e);
        }
    }

    /**
     * Appends one message; thread-safe. When this returns the message is durable against the death of every
     * process (see the class comment) and visible to every reader.
     *
     * @param buffer the payload's buffer
     * @param offset where the payload starts
     * @param length its length, 0 to {@link DurableChannelOptions#maxMessageLength()}
     * @return the message's index
     * @throws IllegalArgumentException when the range is outside the buffer or the message is too long
     * @throws ClosedException          when this channel is closed
     */
    public long append(final DirectBuffer buffer, final int offset, final int length) {
        return append(buffer, offset, length, -1);
    }

    /**
     * Appends one message like {@link #append(DirectBuffer, int, int)}, waiting at most {@code timeout} for the
     * write lock while another live process holds it (a GC pause, a stopped process). A lock held by a dead
     * process is taken over within about {@value #LOCK_RECOVERY_MILLIS} ms whatever the timeout.
     *
     * @param buffer  the payload's buffer
     * @param offset  where the payload starts
     * @param length  its length, 0 to {@link DurableChannelOptions#maxMessageLength()}
     * @param timeout how long to wait for the write lock (0: only if free now)
     * @param unit    the unit of {@code timeout}
     * @return the message's index, or {@link #NO_INDEX} when the lock stayed held by a live process for the
     *         whole timeout (nothing is appended then)
     * @throws IllegalArgumentException when the range is outside the buffer, the message is too long, or the
     *                                  timeout is negative or {@code unit} null
     * @throws DiskFullException        when the file system of the log is full (the append is rolled back)
     * @throws ShmprocException         when the append fails for another reason (named in the message)
     * @throws ClosedException          when this channel is closed
     */
    public long tryAppend(final DirectBuffer buffer, final int offset, final int length, final long timeout,
                          final TimeUnit unit) {
        if (timeout < 0 || unit == null) {
            throw new IllegalArgumentException("timeout=" + timeout + " " + unit + " is invalid; expected a"
                + " non-negative timeout and a unit");
        }
        return append(buffer, offset, length, unit.toNanos(timeout));
    }

    private long append(final DirectBuffer buffer, final int offset, final int length, final long timeoutNanos) {
        if (length < 0 || length > options.maxMessageLength()) {
            throw new IllegalArgumentException("length=" + length + " is out of range; expected 0 to maxMessageLength="
                + options.maxMessageLength() + " (DurableChannelOptions.maxMessageLength)");
        }
        if (offset < 0 || offset > buffer.capacity() - length) {
            throw new IllegalArgumentException("offset=" + offset + ", length=" + length + " is outside the buffer of"
                + " capacity " + buffer.capacity());
        }
        final byte[] array = buffer.byteArray();
        final boolean checksum = options.checksum();
        final long deadline = timeoutNanos < 0 ? 0 : System.nanoTime() + timeoutNanos;
        appendLock.lock();
        try {
            ensureOpen();
            final int crc32c = checksum ? checksum(buffer, array, offset, length) : 0;
            while (true) {
                if (!writeLock.await(timeoutNanos, deadline)) {
                    return NO_INDEX;
                }
                final ExcerptAppender appender;
                final DocumentContext document;
                try {
                    appender = appender();
                    document = appender.writingDocument();
                } catch (final UnrecoverableTimeoutException heldByLiveProcess) {
                    // the holder is alive but slow (GC pause, SIGSTOP): wait again by our rule, never steal it
                    continue;
                } catch (final RuntimeException | InternalError e) {
                    throw appendFailed(e);
                }
                try {
                    final Bytes<?> bytes = document.wire().bytes();
                    bytes.writeLong(DurableLayout.stamp(System.currentTimeMillis(), checksum));
                    if (checksum) {
                        bytes.writeInt(crc32c);
                    }
                    if (array != null) {
                        bytes.write(array, buffer.wrapAdjustment() + offset, length);
                    } else {
                        for (int i = 0; i < length; i++) {
                            bytes.writeByte(buffer.getByte(offset + i));
                        }
                    }
                } catch (final RuntimeException | InternalError e) {
                    rollBack(document, e);
                    throw appendFailed(e);
                }
                try {
                    document.close();
                    return appender.lastIndexAppended();
                } catch (final RuntimeException | InternalError e) {
                    throw appendFailed(e);
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Opens the named consumer's cursor: it starts right after the last message this name acknowledged (or
     * at the oldest message when the name has never acknowledged one). A name has one open cursor at a time,
     * in all processes together; the hold is an OS file lock, released when the holder dies.
     *
     * @param name the consumer's name ({@code [A-Za-z0-9._-]}, 1 to 200 characters, not starting with '.')
     * @return the cursor; close it to release the name
     * @throws IllegalArgumentException when the name is invalid
     * @throws ShmprocException         when the name is open elsewhere (in this or another process)
     * @throws ClosedException          when this channel is closed
     */
    public DurableCursor cursor(final String name) {
        Names.validate(name);
        synchronized (cursors) {
            ensureOpen();
            final DurableCursor cursor = DurableCursor.open(this, name);
            cursors.add(cursor);
            return cursor;
        }
    }

    /**
     * Retires a consumer name that is no longer used, so that retention stops waiting for it; its position is
     * forgotten (opened again, it starts at the oldest message and counts for retention again).
     *
     * @param name the consumer's name
     * @throws IllegalArgumentException when the name is invalid
     * @throws ShmprocException         when the name is open (in this or another process)
     * @throws ClosedException          when this channel is closed
     */
    public void retireConsumer(final String name) {
        Names.validate(name);
        synchronized (cursors) {
            ensureOpen();
            DurableCursor.open(this, name).retire();
        }
    }

    /**
     * With {@link Retention#DELETE_CONSUMED}, deletes every cycle file older than both the current write cycle
     * and the cycle of the oldest acknowledgement among all named consumers (except
     * {@linkplain #retireConsumer retired} ones); does nothing while any of them has not acknowledged a message,
     * or while there is none. Safe to call from any process at any
     * time: readers never need a deleted file.
     *
     * @return how many files it deleted
     * @throws ClosedException when this channel is closed
     */
    public int deleteConsumedCycles() {
        ensureOpen();
        if (options.retention() != Retention.DELETE_CONSUMED) {
            return 0;
        }
        synchronized (queue) {
            final long oldestAck;
            try {
                oldestAck = oldestAcknowledgement();
            } catch (final RuntimeException | InternalError e) {
                throw failure("read the acknowledgements in", e);
            }
            if (oldestAck <= 0) {
                return 0;
            }
            final RollCycle rollCycle = queue.rollCycle();
            final int keepFrom = Math.min(rollCycle.toCycle(oldestAck), queue.cycle());
            final NavigableSet<Long> cycles;
            try {
                cycles = cycles().headSet((long) keepFrom, false);
            } catch (final RuntimeException | InternalError e) {
                throw failure("run retention on", e);
            }
            int deleted = 0;
            for (final Long cycle : cycles) {
                if (cycle < keepFrom) {
                    try {
                        if (Files.deleteIfExists(cycleFile(rollCycle, cycle.intValue()))) {
                            deleted++;
                        }
                    } catch (final IOException e) {
                        throw new ShmprocException("cannot delete consumed cycle " + cycle + " in " + directory, e);
                    }
                }
            }
            if (deleted > 0) {
                try {
                    queue.refreshDirectoryListing();
                } catch (final RuntimeException | InternalError e) {
                    throw failure("refresh the file listing of", e);
                }
            }
            return deleted;
        }
    }

    /**
     * The index of the last message in the log, from any process.
     *
     * @return the index, or {@link #NO_INDEX} when the log is empty
     */
    public long lastIndex() {
        ensureOpen();
        final long last;
        try {
            last = queue.lastIndex();
        } catch (final RuntimeException | InternalError e) {
            throw failure("read the last index of", e);
        }
        return last <= 0 ? NO_INDEX : last;
    }

    /**
     * The log's directory.
     *
     * @return the absolute path
     */
    public Path directory() {
        return directory;
    }

    /**
     * The options this channel was opened with.
     *
     * @return a copy
     */
    public DurableChannelOptions options() {
        return options.copy();
    }

    /**
     * The number of cycle files currently in the directory.
     *
     * @return how many {@code .cq4} files there are
     */
    public int cycleFileCount() {
        final File[] files = directory.toFile().listFiles((d, n) -> n.endsWith(CYCLE_FILE_SUFFIX));
        return files == null ? 0 : files.length;
    }

    /**
     * Closes this process's handle and its open cursors (which releases their names; it acknowledges
     * nothing). The log and its files stay. Idempotent.
     */
    @Override
    public void close() {
        final List<DurableCursor> open;
        synchronized (cursors) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(cursors);
            cursors.clear();
        }
        for (final DurableCursor cursor : open) {
            cursor.close();
        }
        appendLock.lock();
        try {
            discardAppender();
            queue.close();
        } catch (final RuntimeException | InternalError e) {
            throw failure("close", e);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "DurableChannel[" + directory + ", " + options.rollPeriod() + ", " + options.retention()
            + (closed ? ", closed" : ", last index " + Long.toHexString(lastIndexOrNone())) + "]";
    }

    SingleChronicleQueue queue() {
        return queue;
    }

    void ensureOpen() {
        if (closed) {
            throw new ClosedException("durable channel " + directory + " is closed");
        }
    }

    void cursorClosed(final DurableCursor cursor) {
        synchronized (cursors) {
            cursors.remove(cursor);
        }
    }

    /**
     * Turns a failure inside Chronicle into a named shmproc exception (see {@link DurableFiles#failure}).
     *
     * @param action what was being done, as a verb phrase
     * @param e      the failure
     * @return the exception to throw
     */
    ShmprocException failure(final String action, final Throwable e) {
        return DurableFiles.failure(directory, action, e, closed);
    }

    /**
     * The cycles that have a file, oldest first. Unlike Chronicle's {@code listCyclesBetween}, the bounds need no
     * file of their own (a quiet roll period has none).
     *
     * @return the cycle numbers
     */
    NavigableSet<Long> cycles() {
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE || first > last) {
            return new java.util.TreeSet<>();
        }
        return queue.listCyclesBetween(first, last);
    }

    DurableFiles.Damage damage() {
        return damage;
    }

    Path cycleFile(final int cycle) {
        return cycleFile(queue.rollCycle(), cycle);
    }

    private long lastIndexOrNone() {
        try {
            return queue.lastIndex();
        } catch (final RuntimeException | InternalError e) {
            return NO_INDEX;
        }
    }

    /**
     * After any failure inside an append: drops the appender (its state cannot be trusted) and releases
     * Chronicle's write lock if this process still holds it, so that every process can append again.
     */
    private ShmprocException appendFailed(final Throwable e) {
        discardAppender();
        try {
            writeLock.releaseIfHeldHere();
        } catch (final RuntimeException | InternalError unlock) {
            e.addSuppressed(unlock);
        }
        return failure("append to", e);
    }

    private static void rollBack(final DocumentContext document, final Throwable e) {
        try {
            document.rollbackOnClose();
            document.close();
        } catch (final RuntimeException | InternalError rollback) {
            e.addSuppressed(rollback);
        }
    }

    private void discardAppender() {
        final ExcerptAppender old = appender;
        appender = null;
        if (old != null) {
            try {
                old.close();
            } catch (final RuntimeException | InternalError ignored) {
                // a failed appender may not close cleanly; it holds nothing another process needs
            }
        }
    }

    private int checksum(final DirectBuffer buffer, final byte[] array, final int offset, final int length) {
        crc.reset();
        if (array != null) {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
        } else {
            if (crcScratch.length < length) {
                crcScratch = new byte[length];
            }
            buffer.getBytes(offset, crcScratch, 0, length);
            crc.update(crcScratch, 0, length);
        }
        return (int) crc.getValue();
    }

    private ExcerptAppender appender() {
        if (appender == null) {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        return appender;
    }

    private long oldestAcknowledgement() {
        final long[] oldest = {Long.MAX_VALUE, 0};
        queue.metaStore().forEachKey(oldest, (acc, key, value) -> {
            if (key.toString().startsWith(ACK_KEY_PREFIX)) {
                final long acked = value.int64();
                if (acked != RETIRED) {
                    acc[1]++;
                    acc[0] = Math.min(acc[0], acked);
                }
            }
        });
        return oldest[1] == 0 ? 0 : oldest[0];
    }

    private Path cycleFile(final RollCycle rollCycle, final int cycle) {
        final String name = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis()));
        return directory.resolve(name + CYCLE_FILE_SUFFIX);
    }

    private static RollCycle rollCycle(final RollPeriod period) {
        final String name = period.chronicleName();
        final String constant = name.substring(name.indexOf('.') + 1);
        return name.startsWith("TestRollCycles.") ? TestRollCycles.valueOf(constant) : RollCycles.valueOf(constant);
    }

    private static void createPrivateDirectory(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir.getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            } catch (final FileAlreadyExistsException raced) {
                // another process created it first
            }
        }
    }
}
