package io.shmproc.channel;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.Names;
import java.io.File;
import java.io.IOException;
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
import java.util.concurrent.locks.ReentrantLock;
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
 * <p><b>Retention.</b> The log rolls to a new file every {@link RollPeriod}. With
 * {@link Retention#DELETE_CONSUMED}, {@link #deleteConsumedCycles()} removes the files every named consumer has
 * acknowledged past; cursors call it when their acknowledgement enters a new cycle.
 *
 * <p>Needs Chronicle Queue on the class path and its JVM options: see {@link ChronicleFlags}.
 */
public final class DurableChannel implements AutoCloseable {
    /** Returned by reads that found no message, and used for "no index yet". */
    public static final long NO_INDEX = -1;
    /** The bytes each stored message carries before its payload: the append time in milliseconds. */
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
    private static final String CYCLE_FILE_SUFFIX = ".cq4";

    private final Path directory;
    private final DurableChannelOptions options;
    private final SingleChronicleQueue queue;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final List<DurableCursor> cursors = new ArrayList<>();
    private ExcerptAppender appender;
    private volatile boolean closed;

    private DurableChannel(final Path directory, final DurableChannelOptions options,
                           final SingleChronicleQueue queue) {
        this.directory = directory;
        this.options = options;
        this.queue = queue;
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
        try {
            createPrivateDirectory(dir);
            createPrivateDirectory(dir.resolve(CONSUMERS_DIRECTORY));
        } catch (final IOException e) {
            throw new ShmprocException("cannot create the durable log directory " + dir, e);
        }
        final DurableChannelOptions copy = options.copy();
        final SingleChronicleQueue queue;
        try {
            queue = SingleChronicleQueueBuilder.single(dir.toFile())
                .rollCycle(rollCycle(copy.rollPeriod()))
                .timeoutMS(LOCK_RECOVERY_MILLIS)
                .build();
        } catch (final RuntimeException e) {
            throw new ShmprocException("cannot open the durable log in " + dir + ": " + e, e);
        }
        return new DurableChannel(dir, copy, queue);
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
        if (length < 0 || length > options.maxMessageLength()) {
            throw new IllegalArgumentException("length=" + length + " is out of range; expected 0 to maxMessageLength="
                + options.maxMessageLength() + " (DurableChannelOptions.maxMessageLength)");
        }
        if (offset < 0 || offset > buffer.capacity() - length) {
            throw new IllegalArgumentException("offset=" + offset + ", length=" + length + " is outside the buffer of"
                + " capacity " + buffer.capacity());
        }
        final byte[] array = buffer.byteArray();
        appendLock.lock();
        try {
            ensureOpen();
            final ExcerptAppender appender = appender();
            while (true) {
                final DocumentContext document;
                try {
                    document = appender.writingDocument();
                } catch (final UnrecoverableTimeoutException heldByLiveProcess) {
                    // the write lock's holder is alive but slow (GC pause, SIGSTOP): keep waiting, never steal it
                    continue;
                }
                try (document) {
                    final Bytes<?> bytes = document.wire().bytes();
                    bytes.writeLong(System.currentTimeMillis());
                    if (array != null) {
                        bytes.write(array, buffer.wrapAdjustment() + offset, length);
                    } else {
                        for (int i = 0; i < length; i++) {
                            bytes.writeByte(buffer.getByte(offset + i));
                        }
                    }
                }
                return appender.lastIndexAppended();
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
            final long oldestAck = oldestAcknowledgement();
            if (oldestAck <= 0) {
                return 0;
            }
            final RollCycle rollCycle = queue.rollCycle();
            final int keepFrom = Math.min(rollCycle.toCycle(oldestAck), queue.cycle());
            final int first = queue.firstCycle();
            if (first == Integer.MAX_VALUE || first >= keepFrom) {
                return 0;
            }
            final NavigableSet<Long> cycles = queue.listCyclesBetween(first, keepFrom - 1);
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
                queue.refreshDirectoryListing();
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
        final long last = queue.lastIndex();
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
            if (appender != null) {
                appender.close();
            }
            queue.close();
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
            + (closed ? ", closed" : ", last index " + Long.toHexString(queue.lastIndex())) + "]";
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
