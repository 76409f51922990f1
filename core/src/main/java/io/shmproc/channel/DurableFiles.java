package io.shmproc.channel;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.DiskFullException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.exceptions.ShmprocException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What the files of a {@link DurableChannel} may be checked for, and how a failure inside Chronicle Queue is
 * turned into a named shmproc exception: a full disk, a damaged or foreign file, a permission problem. No
 * Chronicle type leaves the durable classes; the Chronicle exception stays as the cause.
 *
 * <p>Both of Chronicle's file kinds begin with a metadata document whose content starts with the field
 * {@code header} and the type of the store ({@code STStore} in {@code metadata.cq4t}, {@code SCQStore} in a
 * cycle file); a file that does not is damaged or not Chronicle's.
 */
final class DurableFiles {
    /** Chronicle's "this document is metadata" bit in a document header. */
    private static final int METADATA_BIT = 0x4000_0000;
    /** How many leading bytes of a file hold its header's type name. */
    private static final int HEADER_PROBE = 64;
    private static final String TABLE_STORE_TYPE = "STStore";
    private static final String CYCLE_STORE_TYPE = "SCQStore";
    /** Below this many usable bytes a failed write is reported as a full disk. */
    private static final long DISK_FULL_BYTES = 16L << 20;

    private DurableFiles() {
    }

    /**
     * Fails with a permission problem when the directory exists and this user may not use it.
     *
     * @param dir the log's directory
     */
    static void checkAccess(final Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw permissionDenied(dir, null);
        }
        for (final String name : new String[] {DurableChannel.METADATA_FILE, DurableChannel.CONSUMERS_DIRECTORY}) {
            final Path file = dir.resolve(name);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && (!Files.isReadable(file) || !Files.isWritable(file))) {
                throw permissionDenied(file, null);
            }
        }
    }

    /**
     * Fails with {@link CorruptRegionException} when {@code metadata.cq4t} exists but does not begin with a
     * Chronicle table store's header.
     *
     * @param file the metadata file
     */
    static void checkMetadata(final Path file) {
        final String problem = headerProblem(file, TABLE_STORE_TYPE);
        if (problem != null) {
            throw new CorruptRegionException(file, "the durable log's metadata file is damaged (" + problem + "); it"
                + " holds the write lock and every consumer's acknowledged position. Restore it from a backup, or"
                + " delete it: the log's messages stay, and each consumer then starts again at the oldest message");
        }
    }

    /**
     * Describes what is wrong with a Chronicle file's header.
     *
     * @param file the file
     * @param type the store type its header must name
     * @return the problem, or {@code null} when the header looks right, the file is missing, or not written yet
     */
    static String headerProblem(final Path file, final String type) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        final ByteBuffer head = ByteBuffer.allocate(HEADER_PROBE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // fill what the file has
            }
        } catch (final AccessDeniedException e) {
            throw permissionDenied(file, e);
        } catch (final IOException e) {
            return "cannot read its header: " + e;
        }
        head.flip();
        if (head.remaining() < Integer.BYTES) {
            return head.remaining() == 0 ? null : "it is only " + head.remaining() + " bytes long";
        }
        final int header = head.getInt(0);
        if (header == 0) {
            return null; // being created by another process right now
        }
        final String text = new String(head.array(), 0, head.limit(), StandardCharsets.ISO_8859_1);
        if ((header & METADATA_BIT) == 0 || !text.contains(type)) {
            return "its first bytes are not a Chronicle " + type + " header";
        }
        return null;
    }

    /**
     * The first cycle file of the directory whose header is damaged.
     *
     * @param dir the log's directory
     * @return a {@link CorruptRegionException} naming it, or {@code null} when every cycle file's header is fine
     */
    static CorruptRegionException damagedCycleFile(final Path dir, final Throwable cause) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4")) {
            for (final Path file : files) {
                final String problem = headerProblem(file, CYCLE_STORE_TYPE);
                if (problem != null) {
                    return new CorruptRegionException(file, "a cycle file of the durable log is damaged (" + problem
                        + "); its messages cannot be read. Restore the file from a backup, or move it away to read"
                        + " the rest of the log", cause);
                }
            }
        } catch (final IOException ignored) {
            // cannot list: nothing more specific to say
        }
        return null;
    }

    /**
     * Finds the earliest damaged cycle file before Chronicle maps any (mapping extends a truncated file with
     * zeros, which hides the truncation): a header that is not Chronicle's, or a file shorter than the end of its
     * last document as recorded in its header ({@code writePosition}).
     *
     * @param dir       the log's directory
     * @param format    the roll cycle's file-name pattern
     * @param cycleMillis the roll cycle's length
     * @return the damage, or {@code null} when none was found
     */
    static Damage scanCycleFiles(final Path dir, final String format, final long cycleMillis) {
        Damage earliest = null;
        final java.time.format.DateTimeFormatter names = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern(format)
            .parseDefaulting(java.time.temporal.ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(java.time.temporal.ChronoField.MINUTE_OF_HOUR, 0)
            .parseDefaulting(java.time.temporal.ChronoField.SECOND_OF_MINUTE, 0)
            .toFormatter().withZone(java.time.ZoneOffset.UTC);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4")) {
            for (final Path file : files) {
                final String name = file.getFileName().toString();
                final int cycle;
                try {
                    final long millis = java.time.Instant.from(names.parse(name.substring(0, name.length() - 4)))
                        .toEpochMilli();
                    cycle = (int) Math.floorDiv(millis, cycleMillis);
                } catch (final RuntimeException notOurs) {
                    continue;
                }
                final Damage damage = cycleFileDamage(file, cycle);
                if (damage != null && (earliest == null || damage.cycle < earliest.cycle)) {
                    earliest = damage;
                }
            }
        } catch (final IOException ignored) {
            // cannot list: Chronicle will say more when it opens the log
        }
        return earliest;
    }

    private static Damage cycleFileDamage(final Path file, final int cycle) {
        final String problem = headerProblem(file, CYCLE_STORE_TYPE);
        if (problem != null) {
            return new Damage(file, cycle, 0, "its header is damaged (" + problem + ")");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer head = ByteBuffer.allocate(256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // fill
            }
            head.flip();
            final long writePosition = writePosition(head);
            if (writePosition <= 0) {
                return null;
            }
            final long length = channel.size();
            if (length < writePosition + Integer.BYTES) {
                return new Damage(file, cycle, length, "the file is " + length + " bytes long but its last message"
                    + " starts at byte " + writePosition + ": it was truncated");
            }
            final ByteBuffer last = ByteBuffer.allocate(Integer.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            channel.read(last, writePosition);
            if (last.getInt(0) == 0) {
                final long lastIntact = lastDocumentBefore(channel, writePosition);
                return new Damage(file, cycle, lastIntact, "the header records a last message at byte "
                    + writePosition + " but there is none: the file was truncated (and extended again with zeros) or"
                    + " overwritten, and the messages from byte " + lastIntact + " on cannot be trusted");
            }
            final long end = writePosition + Integer.BYTES + (last.getInt(0) & 0x3FFF_FFFF);
            if (length < end) {
                return new Damage(file, cycle, length, "the file is " + length + " bytes long but its last message"
                    + " ends at byte " + end + ": it was truncated");
            }
        } catch (final IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Walks the documents from the start of a cycle file to the first zero header before {@code limit}: the start
     * of the last document found, whose end may have been cut by a truncation.
     */
    private static long lastDocumentBefore(final FileChannel channel, final long limit) throws IOException {
        final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long position = 0;
        long last = 0;
        while (position < limit) {
            word.clear();
            if (channel.read(word, position) < Integer.BYTES) {
                break;
            }
            final int header = word.getInt(0);
            if (header == 0) {
                break;
            }
            last = position;
            position = (position + Integer.BYTES + (header & 0x3FFF_FFFF) + 3) & ~3L;
        }
        return last;
    }

    /**
     * The {@code writePosition} field of a cycle file's header (Chronicle's binary wire: the field name, optional
     * padding {@code 0x8E len32 bytes}, then a long array {@code 0x8D capacity used values...}).
     */
    private static long writePosition(final ByteBuffer head) {
        final byte[] name = "writePosition".getBytes(StandardCharsets.ISO_8859_1);
        final byte[] bytes = head.array();
        outer:
        for (int i = 0; i + name.length < head.limit(); i++) {
            for (int j = 0; j < name.length; j++) {
                if (bytes[i + j] != name[j]) {
                    continue outer;
                }
            }
            int at = i + name.length;
            if ((bytes[at] & 0xFF) == 0x8E) {
                at += 1 + Integer.BYTES + head.getInt(at + 1);
            }
            if (at + 1 + 3 * Long.BYTES > head.limit() || (bytes[at] & 0xFF) != 0x8D) {
                return -1;
            }
            return head.getLong(at + 1 + 2 * Long.BYTES);
        }
        return -1;
    }

    /** Damage found in a cycle file: where readers must stop. */
    static final class Damage {
        final Path file;
        final int cycle;
        final long fromPosition;
        final String problem;

        Damage(final Path file, final int cycle, final long fromPosition, final String problem) {
            this.file = file;
            this.cycle = cycle;
            this.fromPosition = fromPosition;
            this.problem = problem;
        }
    }

    /**
     * Turns a failure inside Chronicle Queue into a named shmproc exception.
     *
     * @param dir    the log's directory
     * @param action what was being done, as a verb phrase ("append to")
     * @param e      the failure
     * @param closed whether the channel was closed meanwhile
     * @return the exception to throw
     */
    static ShmprocException failure(final Path dir, final String action, final Throwable e, final boolean closed) {
        if (e instanceof ShmprocException) {
            return (ShmprocException) e;
        }
        if (closed) {
            final ClosedException closedException = new ClosedException("durable channel " + dir + " is closed");
            closedException.initCause(e);
            return closedException;
        }
        final AccessDeniedException denied = find(e, AccessDeniedException.class);
        if (denied != null || messageContains(e, "Permission denied")) {
            return permissionDenied(denied != null && denied.getFile() != null ? Path.of(denied.getFile()) : dir, e);
        }
        final boolean memoryFault = e instanceof InternalError || messageContains(e, "unsafe memory access");
        if (memoryFault || messageContains(e, "No space left")) {
            final long usable = usableSpace(dir);
            if (usable >= 0 && usable < DISK_FULL_BYTES) {
                return new DiskFullException(dir, "the disk is full: the file system of the durable log has "
                    + usable + " bytes left, and Chronicle could not " + action + " the log's mapped files. Nothing"
                    + " half-written is visible and the write lock is released; free space and retry", e);
            }
        }
        final CorruptRegionException damaged = damagedCycleFile(dir, e);
        if (damaged != null) {
            return damaged;
        }
        if (memoryFault) {
            return new CorruptRegionException(dir, "a fault accessing a mapped file of the durable log while trying to "
                + action + " it: a file of the log was truncated or removed while in use, or the disk was full a"
                + " moment ago (" + e.getMessage() + ")", e);
        }
        return new ShmprocException("cannot " + action + " the durable log " + dir + ": " + e, e);
    }

    /**
     * The failure of opening a log, as a named exception.
     *
     * @param dir the directory
     * @param e   what Chronicle threw
     * @return the exception to throw
     */
    static ShmprocException openFailure(final Path dir, final Throwable e) {
        final ShmprocException named = failure(dir, "open", e, false);
        if (named.getClass() != ShmprocException.class) {
            return named;
        }
        final Path metadata = dir.resolve(DurableChannel.METADATA_FILE);
        if (headerProblem(metadata, TABLE_STORE_TYPE) != null) {
            checkMetadata(metadata);
        }
        return named;
    }

    static RegionException permissionDenied(final Path file, final Throwable cause) {
        String owner = "?";
        String mode = "?";
        try {
            final PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            owner = attributes.owner().getName();
            mode = PosixFilePermissions.toString(attributes.permissions());
        } catch (final IOException | UnsupportedOperationException ignored) {
            // the message says what it can
        }
        return new RegionException(file, "permission denied: user " + System.getProperty("user.name") + " may not"
            + " read and write this part of an existing durable log (owner " + owner + ", mode " + mode + "). Run as"
            + " the log's owner, or give this user access to the directory and every file in it", cause);
    }

    private static long usableSpace(final Path dir) {
        try {
            final FileStore store = Files.getFileStore(dir);
            return store.getUsableSpace();
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    private static <T extends Throwable> T find(final Throwable e, final Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean messageContains(final Throwable e, final String text) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
