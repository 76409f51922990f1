package io.shmproc.memory;

import static io.shmproc.memory.RegionHeaderLayout.CREATOR_PID_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.CREATOR_START_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.FILE_LENGTH_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.HEADER_LENGTH_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.KIND_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.MAGIC_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.PAYLOAD_LENGTH_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.READY_OFFSET;
import static io.shmproc.memory.RegionHeaderLayout.VERSION_OFFSET;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.IncompatibleRegionException;
import io.shmproc.exceptions.InsecureRegionException;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.exceptions.RegionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.concurrent.AtomicBuffer;

/**
 * One memory-mapped shared file: a {@linkplain RegionHeaderLayout common header} followed by a payload that
 * the file's kind lays out.
 *
 * <p><b>Creating</b> ({@link #create}) writes a private temporary file in the same directory (0600, created
 * exclusively), zero-fills it so that a full {@code /dev/shm} fails here with an exception rather than later
 * with a {@code SIGBUS}, runs the kind's {@link PayloadInitializer}, writes the ready word last with a release
 * store, and then publishes the file under its name with an exclusive hard link. <b>Attaching</b>
 * ({@link #attach}) refuses symbolic links, anything but a regular file, and a file owned by another user
 * or open to group or others ({@link InsecureRegionException}), and checks magic, kind, layout version,
 * ready word and lengths before mapping; every failure is a {@link RegionException} naming the file and the problem.
 *
 * <p><b>Closing</b> releases this process's handle: the file channel (and with it any file locks this JVM
 * held through it) is closed and the payload must no longer be used. The mapping itself is released by the
 * garbage collector, so that a thread still inside an operation on another thread's closed handle reads
 * stale memory instead of crashing the JVM. <b>Unlinking</b> removes the name; processes that have the
 * region mapped keep using it until they close it.
 *
 * <p>Typical use by a kind's implementation:
 * <pre>{@code
 * MappedRegion region = MappedRegion.create(path, RegionKind.SPSC_CHANNEL, SpscLayout.VERSION,
 *     SpscLayout.payloadLength(capacity), payload -> payload.putInt(SpscLayout.CAPACITY_OFFSET, capacity));
 * AtomicBuffer words = region.payload();
 * }</pre>
 */
public final class MappedRegion implements AutoCloseable {
    /** The largest payload one region can map. */
    public static final long MAX_PAYLOAD_LENGTH = (Integer.MAX_VALUE & ~63) - RegionHeaderLayout.LENGTH;

    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final int ZERO_CHUNK = 1 << 20;
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();
    private static final Set<OpenOption> CREATE_OPTIONS = Set.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> ATTACH_OPTIONS = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);

    private final Path file;
    private final FileChannel channel;
    private final RegionHeader header;
    private final Mapping mapping;
    private final MappedBuffer payload;
    private final boolean creator;
    private volatile boolean closed;
    private volatile boolean unlinked;

    private MappedRegion(final Path file, final FileChannel channel, final Mapping mapping,
                         final RegionHeader header, final boolean creator) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.mapping = mapping;
        this.payload = mapping.view(RegionHeaderLayout.LENGTH, (int) header.payloadLength());
        this.creator = creator;
    }

    /**
     * Takes this process's slot in the liveness table of the file's directory (creating the table if need be)
     * when it is a context directory (it has an {@code .owner} file): a process that attached any object of a
     * context, a pipe or a value as much as a queue,
     * is a user that the context's tracker waits for before it removes a dead owner's directory. Best effort:
     * without a slot (a full table) the process only loses that protection.
     */
    private static void announceUser(final Path file) {
        if (file.getFileName().toString().equals(LivenessTable.FILE_NAME)) {
            return;
        }
        final Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.exists(dir.resolve(SharedDirectory.OWNER_FILE), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            LivenessTable.forDirectory(dir);
        } catch (final RegionException e) {
            return;
        }
    }

    /**
     * Creates, initialises and publishes a new region; fails if a file of that name exists.
     *
     * @param file          where to publish the region (its parent directory must exist)
     * @param kind          the kind written into the header
     * @param layoutVersion the kind's layout version
     * @param payloadLength the payload's length in bytes, 1 to {@link #MAX_PAYLOAD_LENGTH}
     * @param initializer   writes the payload's initial state before the region is published
     * @return the creator's handle
     * @throws IllegalArgumentException when the payload length is out of range
     * @throws RegionException          when the file exists, space runs out, or the file cannot be written
     */
    public static MappedRegion create(final Path file, final RegionKind kind, final int layoutVersion,
                                      final long payloadLength, final PayloadInitializer initializer) {
        if (payloadLength <= 0 || payloadLength > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payloadLength=" + payloadLength + " is out of range; expected 1 to "
                + MAX_PAYLOAD_LENGTH + " bytes");
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new RegionException(file, "already exists; attach to it, or unlink it first");
        }
        final long fileLength = RegionHeaderLayout.LENGTH + align8(payloadLength);
        final ProcessIdentity me = ProcessIdentity.current();
        final Path temp = file.resolveSibling("." + file.getFileName() + ".creating-" + me.pid() + "-"
            + TEMP_COUNTER.incrementAndGet());
        FileChannel channel = null;
        MappedRegion region = null;
        try {
            channel = FileChannel.open(temp, CREATE_OPTIONS, PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS));
            Files.setPosixFilePermissions(temp, FILE_PERMISSIONS);
            zeroFill(channel, fileLength, file);
            region = new MappedRegion(file, channel, Mapping.map(file, channel, fileLength),
                header(kind, layoutVersion, fileLength, payloadLength, me), true);
            final MappedBuffer whole = region.mapping.view(0, (int) fileLength);
            whole.putLong(MAGIC_OFFSET, RegionHeaderLayout.MAGIC);
            whole.putInt(KIND_OFFSET, kind.code());
            whole.putInt(VERSION_OFFSET, layoutVersion);
            whole.putLong(FILE_LENGTH_OFFSET, fileLength);
            whole.putInt(HEADER_LENGTH_OFFSET, RegionHeaderLayout.LENGTH);
            whole.putLong(CREATOR_PID_OFFSET, me.pid());
            whole.putLong(CREATOR_START_OFFSET, me.startMillis());
            whole.putLong(PAYLOAD_LENGTH_OFFSET, payloadLength);
            initializer.initialize(region.payload);
            // Publishes the header and the initialised payload: an attacher that reads this word sees both.
            whole.putLongRelease(READY_OFFSET, RegionHeaderLayout.readyWord(layoutVersion));
            Files.createLink(file, temp);
            region.mapping.linkedIntoPlace();
            return region;
        } catch (final FileAlreadyExistsException e) {
            abandon(region, channel);
            throw new RegionException(file, "already exists; attach to it, or unlink it first", e);
        } catch (final IOException e) {
            abandon(region, channel);
            throw new RegionException(file, "cannot create a region of " + fileLength + " bytes: " + e, e);
        } catch (final RuntimeException | Error e) {
            abandon(region, channel);
            throw e;
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Attaches to an existing region after checking its header.
     *
     * @param file          the region's file
     * @param kind          the kind the caller expects
     * @param layoutVersion the layout version the caller understands
     * @return a new handle on the same shared memory
     * @throws MissingRegionException      when there is no such file
     * @throws CorruptRegionException      when the file is truncated, not ours, a symbolic link, or not ready
     * @throws IncompatibleRegionException when the file is of another kind or layout version
     * @throws InsecureRegionException     when the file is owned by another user or open to group or others
     */
    public static MappedRegion attach(final Path file, final RegionKind kind, final int layoutVersion) {
        FileChannel channel = null;
        MappedRegion region = null;
        try {
            final PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (final NoSuchFileException e) {
                throw new MissingRegionException(file, "no such shared file: it was never created, or was"
                    + " already unlinked");
            }
            if (attributes.isSymbolicLink()) {
                throw new CorruptRegionException(file, "is a symbolic link; shmproc never follows links in a"
                    + " shared directory");
            }
            if (!attributes.isRegularFile()) {
                throw new CorruptRegionException(file, "is not a regular file");
            }
            SharedDirectory.requirePrivate(file, attributes, false);
            channel = FileChannel.open(file, ATTACH_OPTIONS);
            final RegionHeader header = checkHeader(file, channel, kind, layoutVersion);
            region = new MappedRegion(file, channel, Mapping.map(file, channel, header.fileLength()), header, false);
            region.checkIntact();
            announceUser(file);
            return region;
        } catch (final NoSuchFileException e) {
            abandon(region, channel);
            throw new MissingRegionException(file, "no such shared file: it was never created, or was already"
                + " unlinked", e);
        } catch (final FileSystemException e) {
            abandon(region, channel);
            throw new CorruptRegionException(file, "cannot be opened (" + e.getReason() + "); a symbolic link or"
                + " a file of another user?", e);
        } catch (final IOException e) {
            abandon(region, channel);
            throw new RegionException(file, "cannot be attached: " + e, e);
        } catch (final RuntimeException | Error e) {
            abandon(region, channel);
            throw e;
        }
    }

    /**
     * Reads a file's header without trusting or mapping it, for tools.
     *
     * @param file a shared file
     * @return its header fields
     * @throws RegionException when the file is missing or shorter than a header
     */
    public static RegionHeader readHeader(final Path file) {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CorruptRegionException(file, "is not a regular file (a link, FIFO, device or directory);"
                + " shmproc never opens one");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            final long size = channel.size();
            if (size < RegionHeaderLayout.LENGTH) {
                throw new CorruptRegionException(file, "is " + size + " bytes, shorter than the "
                    + RegionHeaderLayout.LENGTH + "-byte shmproc header: truncated, or not a shmproc file");
            }
            final ByteBuffer bytes = ByteBuffer.allocate(RegionHeaderLayout.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, bytes.position()) < 0) {
                    break;
                }
            }
            return RegionHeader.decode(bytes.flip());
        } catch (final NoSuchFileException e) {
            throw new MissingRegionException(file, "no such shared file", e);
        } catch (final IOException e) {
            throw new RegionException(file, "cannot be read: " + e, e);
        }
    }

    private static RegionHeader checkHeader(final Path file, final FileChannel channel, final RegionKind kind,
                                            final int layoutVersion) throws IOException {
        final long size = channel.size();
        final RegionHeader header = readHeader(file);
        if (header.magic() != RegionHeaderLayout.MAGIC) {
            throw new CorruptRegionException(file, "is not a shmproc file (magic 0x" + Long.toHexString(header.magic())
                + ", expected 0x" + Long.toHexString(RegionHeaderLayout.MAGIC) + ")");
        }
        if (header.kindCode() != kind.code()) {
            final RegionKind actual = header.kind();
            throw new IncompatibleRegionException(file, "is a " + (actual == null ? "kind " + header.kindCode()
                : actual.name()) + " region, not a " + kind.name() + " region");
        }
        if (header.layoutVersion() != layoutVersion) {
            throw new IncompatibleRegionException(file, "has layout version " + header.layoutVersion()
                + " of " + kind.name() + "; this shmproc reads version " + layoutVersion
                + ": attach with the shmproc version that created it");
        }
        if (!header.isReady()) {
            throw new CorruptRegionException(file, "was never marked ready (ready word 0x"
                + Long.toHexString(header.readyWord()) + "); its creator " + header.creator()
                + " died while initialising it, or it is not a shmproc file");
        }
        if (header.headerLength() != RegionHeaderLayout.LENGTH || header.payloadLength() <= 0
            || header.payloadLength() > MAX_PAYLOAD_LENGTH
            || header.fileLength() < RegionHeaderLayout.LENGTH + header.payloadLength()) {
            throw new CorruptRegionException(file, "has inconsistent lengths in its header (file "
                + header.fileLength() + ", header " + header.headerLength() + ", payload " + header.payloadLength()
                + ")");
        }
        if (size != header.fileLength()) {
            throw new CorruptRegionException(file, "is " + size + " bytes but its header says " + header.fileLength()
                + ": it was truncated or extended after creation");
        }
        return header;
    }

    private static void zeroFill(final FileChannel channel, final long length, final Path file) throws IOException {
        final ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZERO_CHUNK, length));
        long position = 0;
        try {
            while (position < length) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), length - position));
                position += channel.write(zeros, position);
            }
        } catch (final IOException e) {
            throw new IOException("could not reserve " + length + " bytes in " + file.getParent() + " ("
                + e.getMessage()
                + "); is the shared-memory file system full? In a container /dev/shm is often 64 MiB: enlarge it"
                + " (docker --shm-size) or point shmproc.dir elsewhere", e);
        }
    }

    private static long align8(final long value) {
        return (value + 7) & ~7L;
    }

    /**
     * The payload: the file after its header, addressed from 0 by the kind's layout.
     *
     * @return the payload buffer, shared with every other user of this handle
     * @throws ClosedException when this handle is closed
     */
    public AtomicBuffer payload() {
        if (closed) {
            throw mapping.closed(null);
        }
        return payload;
    }

    /**
     * Closes this handle's file channel (its descriptor, and any file locks this JVM held through it) but keeps
     * the memory mapped and returns the payload, for owners of many regions that must not hold a descriptor for
     * each (the shared dictionary's segments). The mapping stays until {@link #close()}, which unmaps it as for
     * any region; a detached region that is never closed is unmapped by the garbage collector.
     *
     * @return the payload, usable until this handle is closed
     * @throws ClosedException when this handle is closed
     */
    public AtomicBuffer detachPayload() {
        final AtomicBuffer detached = payload();
        mapping.withoutSizeProbe();
        closeQuietly(channel);
        return detached;
    }

    /**
     * Throws unless the file still has the length its header declares; a file truncated after mapping
     * would make the next access to its missing pages fail.
     *
     * @throws CorruptRegionException when the file was truncated or removed behind this handle's back
     */
    public void checkIntact() {
        try {
            final long size = channel.size();
            if (size != header.fileLength()) {
                throw mapping.truncated(size);
            }
        } catch (final IOException e) {
            throw new RegionException(file, "cannot be checked: " + e, e);
        }
    }

    /**
     * The file this region was created or attached at.
     *
     * @return the path
     */
    public Path file() {
        return file;
    }

    /**
     * The header fields, as checked when this handle was opened.
     *
     * @return the header
     */
    public RegionHeader header() {
        return header;
    }

    /**
     * The open channel of this handle, for file locks on ranges of the file. Closing it (or this region)
     * releases every file lock this JVM holds on the file through it.
     *
     * @return the file channel
     */
    public FileChannel channel() {
        return channel;
    }

    /**
     * Whether this handle created the region.
     *
     * @return {@code true} for the creator's handle
     */
    public boolean isCreator() {
        return creator;
    }

    /**
     * Whether this handle was closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Releases this process's handle; idempotent. Other handles and processes are unaffected.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            mapping.close();
            closeQuietly(channel);
        }
    }

    /**
     * Removes the region's name so no new process can attach; processes that have it mapped keep it until
     * they close it.
     *
     * @return {@code true} if this call removed the file, {@code false} if it was already gone
     */
    public boolean unlink() {
        unlinked = true;
        return deleteQuietly(file);
    }

    /**
     * Whether {@link #unlink()} was called on this handle.
     *
     * @return {@code true} once unlinked through this handle
     */
    public boolean isUnlinked() {
        return unlinked;
    }

    private static RegionHeader header(final RegionKind kind, final int layoutVersion, final long fileLength,
                                       final long payloadLength, final ProcessIdentity me) {
        return new RegionHeader(RegionHeaderLayout.MAGIC, kind.code(), layoutVersion, fileLength,
            RegionHeaderLayout.LENGTH, me.pid(), me.startMillis(), payloadLength,
            RegionHeaderLayout.readyWord(layoutVersion));
    }

    private static void abandon(final MappedRegion region, final FileChannel channel) {
        if (region != null) {
            region.close();
        } else {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // closing a channel of a file we are abandoning: nothing to recover
            }
        }
    }

    private static boolean deleteQuietly(final Path path) {
        try {
            return Files.deleteIfExists(path);
        } catch (final IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "MappedRegion[" + file + ", " + RegionKind.ofCode(header.kindCode()) + " v" + header.layoutVersion()
            + ", " + header.fileLength() + " bytes" + (closed ? ", closed" : "") + "]";
    }

}
