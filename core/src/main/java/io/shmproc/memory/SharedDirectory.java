package io.shmproc.memory;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.exceptions.InsecureRegionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The directory of one context: {@code <base>/shmproc-<user>-<pid>-<id>/}, mode 0700, in which every shared
 * object of the context is a file.
 *
 * <p>The owner writes a hidden owner file with its pid and start time. A directory whose owner is no longer
 * alive is stale: {@link #reclaimStale(Path)} removes it and everything in it, which the next context to open
 * does first. Removal never follows symbolic links.
 *
 * <p><b>Threat model.</b> The base ({@code /dev/shm}) is shared with every local user, and other users are
 * hostile: walks over it touch only this user's 0700 directories, open only this user's regular files (never
 * a FIFO, device or socket, so they never block) and remove through directory handles. The same user is
 * trusted.
 */
public final class SharedDirectory {
    /** The prefix of every context directory's name. */
    public static final String PREFIX = "shmproc-";
    /** The name of the hidden file holding the owner's identity. */
    public static final String OWNER_FILE = ".owner";

    private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final Path URANDOM = Path.of("/dev/urandom");
    private static final Path OWNER_PATH = Path.of(OWNER_FILE);
    private static final int OWNER_FILE_MAX = 256;

    /** System property: the base directory of contexts (see {@link #configuredBase()}). */
    public static final String BASE_DIRECTORY_PROPERTY = "shmproc.dir";

    private final Path path;
    private final ProcessIdentity owner;

    private SharedDirectory(final Path path, final ProcessIdentity owner) {
        this.path = path;
        this.owner = owner;
    }

    /**
     * The default base: {@code /dev/shm} where it is a writable directory, else the temp directory.
     *
     * @return the base directory for context directories
     */
    public static Path defaultBase() {
        final Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * The base the user configured: {@value #BASE_DIRECTORY_PROPERTY} when set, else {@link #defaultBase()}; where
     * contexts, and shmproc's own private directories (a pool's, the warm-ups'), are made.
     *
     * @return the base directory
     */
    public static Path configuredBase() {
        final String base = System.getProperty(BASE_DIRECTORY_PROPERTY);
        return base == null || base.isBlank() ? defaultBase() : Path.of(base);
    }

    /**
     * The prefix of the directories this user's contexts create.
     *
     * @return {@code shmproc-<user>-}
     */
    public static String userPrefix() {
        final String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_-]", "_");
        return PREFIX + user + "-";
    }

    /**
     * Creates a new, uniquely named context directory owned by this process.
     *
     * @param base where to create it (usually {@link #defaultBase()})
     * @return the directory
     * @throws RegionException when it cannot be created
     */
    public static SharedDirectory create(final Path base) {
        final ProcessIdentity me = ProcessIdentity.current();
        final byte[] id = unpredictable(6);
        final Path dir = base.resolve(userPrefix() + me.pid() + "-" + HexFormat.of().formatHex(id));
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
            Files.setPosixFilePermissions(dir, DIRECTORY_PERMISSIONS);
            final Path ownerFile = dir.resolve(OWNER_FILE);
            Files.write(ownerFile, (me.pid() + " " + me.startMillis() + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(ownerFile, FILE_PERMISSIONS);
            LivenessTable.prepare(dir);
            return new SharedDirectory(dir, me);
        } catch (final FileAlreadyExistsException e) {
            throw new RegionException(dir, "already exists: cannot create a new context directory there", e);
        } catch (final IOException e) {
            throw new RegionException(dir, "cannot create the context directory: " + e
                + "; set shmproc.dir to a writable directory", e);
        }
    }

    /**
     * Opens an existing context directory created by another process.
     *
     * @param dir the directory
     * @return a handle that does not own it
     * @throws MissingRegionException  when it is missing
     * @throws CorruptRegionException  when it is a symbolic link or not a shmproc context directory
     * @throws InsecureRegionException when it is owned by another user or open to group or others
     */
    public static SharedDirectory attach(final Path dir) {
        final PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (final IOException e) {
            throw new MissingRegionException(dir, "no such context directory");
        }
        if (!attributes.isDirectory()) {
            throw new CorruptRegionException(dir, "is not a directory (or is a symbolic link)");
        }
        requirePrivate(dir, attributes, true);
        ProcessIdentity owner = null;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            if (stream instanceof SecureDirectoryStream) {
                final SecureDirectoryStream<Path> secure = (SecureDirectoryStream<Path>) stream;
                // the directory we opened, not the name we checked: a swap in between is refused here
                requirePrivate(dir, secure.getFileAttributeView(PosixFileAttributeView.class).readAttributes(), true);
                owner = readOwner(secure);
            } else {
                owner = readOwnerByPath(dir);
            }
        } catch (final IOException e) {
            owner = null;
        }
        if (owner == null) {
            throw new CorruptRegionException(dir, "is not a shmproc context directory: it has"
                + " no readable " + OWNER_FILE + " file (a regular file of yours)");
        }
        return new SharedDirectory(dir, owner);
    }

    /**
     * Throws unless a directory or file is owned by the current user and closed to group and others.
     *
     * @param path       the directory or file, for the message
     * @param attributes its attributes, read without following links
     * @param directory  whether it is a directory (0700 expected) or a file (0600 expected)
     * @throws InsecureRegionException when it is another user's or open to group or others
     */
    public static void requirePrivate(final Path path, final PosixFileAttributes attributes,
                                      final boolean directory) {
        final UserPrincipal me = currentUser();
        if (!attributes.owner().equals(me)) {
            throw new InsecureRegionException(path, "is owned by " + attributes.owner().getName() + ", not by "
                + me.getName() + "; shmproc attaches only to its own user's " + (directory ? "directories"
                : "files") + ": attach as that user, or recreate it");
        }
        final Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(attributes.permissions());
        open.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE));
        if (!open.isEmpty()) {
            throw new InsecureRegionException(path, "has mode " + PosixFilePermissions.toString(
                attributes.permissions()) + ": group or others may read or change it; shmproc requires "
                + (directory ? "0700: run chmod 700 " : "0600: run chmod 600 ") + path);
        }
    }

    /**
     * The user this process runs as (its effective uid).
     *
     * @return the principal that owns the files this process creates
     */
    public static UserPrincipal currentUser() {
        return CurrentUser.PRINCIPAL;
    }

    /**
     * Removes every context directory of this user under {@code base} whose owner has died.
     *
     * <p>{@code base} (usually {@code /dev/shm}) is shared with every local user, who may plant anything there
     * under a name of ours. So this touches only directories that are owned by the current user and of mode
     * 0700, checked on the directory it opened (without following links); it opens only regular files of
     * ours inside them, never a FIFO, device or socket; and it removes entries through handles on the
     * directories themselves, so that nothing swapped in between a check and a removal can redirect it.
     * Where the platform offers no such handles ({@link SecureDirectoryStream}), it reclaims nothing.
     *
     * @param base the base directory to scan
     * @return the directories removed
     */
    public static List<Path> reclaimStale(final Path base) {
        final List<Path> removed = new ArrayList<>();
        final String prefix = userPrefix();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base)) {
            if (!(entries instanceof SecureDirectoryStream)) {
                return removed;
            }
            final SecureDirectoryStream<Path> secure = (SecureDirectoryStream<Path>) entries;
            for (final Path entry : secure) {
                final Path name = entry.getFileName();
                if (name.toString().startsWith(prefix) && reclaimIfStale(secure, name)) {
                    removed.add(entry);
                }
            }
        } catch (final IOException | DirectoryIteratorException e) {
            // an unreadable base only means there is nothing of ours to reclaim there
        }
        return removed;
    }

    private static boolean reclaimIfStale(final SecureDirectoryStream<Path> base, final Path name) {
        try {
            final PosixFileAttributes found = base.getFileAttributeView(name, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!isPrivateDirectory(found)) {
                return false; // another user's, a link, a FIFO...: never opened, never touched
            }
            try (SecureDirectoryStream<Path> dir = base.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                final PosixFileAttributes opened = dir.getFileAttributeView(PosixFileAttributeView.class)
                    .readAttributes();
                if (!isPrivateDirectory(opened)) {
                    return false;
                }
                final ProcessIdentity owner = readOwner(dir);
                final boolean stale = owner == null
                    ? System.currentTimeMillis() - opened.lastModifiedTime().toMillis() > 60_000
                    : !owner.isAlive();
                if (!stale) {
                    return false;
                }
                deleteContents(dir);
            }
            base.deleteDirectory(name);
            return true;
        } catch (final IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isPrivateDirectory(final PosixFileAttributes attributes) {
        return attributes.isDirectory() && !attributes.isSymbolicLink()
            && attributes.owner().equals(currentUser())
            && attributes.permissions().equals(DIRECTORY_PERMISSIONS);
    }

    /**
     * Reads the owner file of an opened context directory: only a regular file of ours, opened without
     * following links, never a FIFO (which would block the open).
     */
    private static ProcessIdentity readOwner(final SecureDirectoryStream<Path> dir) {
        try {
            final PosixFileAttributes attributes = dir.getFileAttributeView(OWNER_PATH,
                PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!attributes.isRegularFile() || !attributes.owner().equals(currentUser())
                || attributes.size() > OWNER_FILE_MAX) {
                return null;
            }
            try (SeekableByteChannel channel = dir.newByteChannel(OWNER_PATH,
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                final ByteBuffer bytes = ByteBuffer.allocate(OWNER_FILE_MAX);
                while (bytes.hasRemaining() && channel.read(bytes) > 0) {
                    // read the whole (small) file
                }
                return parseOwner(new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII));
            }
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    private static ProcessIdentity readOwnerByPath(final Path dir) {
        final Path file = dir.resolve(OWNER_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return parseOwner(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII));
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    private static ProcessIdentity parseOwner(final String text) {
        final String[] fields = text.trim().split(" ");
        return new ProcessIdentity(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
    }

    /**
     * Deletes a directory and everything in it without following symbolic links, through handles on the
     * directories themselves (a directory swapped for a link in between is not followed); a plain file is
     * just deleted.
     *
     * @param dir the directory
     * @return {@code true} when it is gone
     */
    public static boolean deleteTree(final Path dir) {
        final Path absolute = dir.toAbsolutePath();
        final Path parent = absolute.getParent();
        if (parent == null) {
            return false;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
            if (stream instanceof SecureDirectoryStream) {
                deleteEntry((SecureDirectoryStream<Path>) stream, absolute.getFileName());
                return !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (final NoSuchFileException e) {
            return true;
        } catch (final IOException | DirectoryIteratorException e) {
            // fall through to the path-based removal
        }
        return deleteTreeByPath(absolute);
    }

    private static void deleteEntry(final SecureDirectoryStream<Path> parent, final Path name) throws IOException {
        final BasicFileAttributes attributes;
        try {
            attributes = parent.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
        } catch (final NoSuchFileException e) {
            return;
        }
        try {
            if (attributes.isDirectory()) {
                try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    deleteContents(dir);
                }
                parent.deleteDirectory(name);
            } else {
                parent.deleteFile(name);
            }
        } catch (final NoSuchFileException e) {
            // already gone
        }
    }

    private static void deleteContents(final SecureDirectoryStream<Path> dir) throws IOException {
        final List<Path> names = new ArrayList<>();
        try {
            for (final Path entry : dir) {
                names.add(entry.getFileName());
            }
        } catch (final DirectoryIteratorException e) {
            throw e.getCause();
        }
        for (final Path name : names) {
            try {
                deleteEntry(dir, name);
            } catch (final IOException e) {
                // remove what can be removed; the directory's own removal then reports the failure
            }
        }
    }

    private static boolean deleteTreeByPath(final Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (final Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTreeByPath(entry);
                } else {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (final NoSuchFileException e) {
            return true;
        } catch (final IOException e) {
            // fall through: try to delete what is left
        }
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * The path of a named object in this directory.
     *
     * @param name a user-given name, validated by {@link Names#validate(String)}
     * @return the file path
     */
    public Path resolve(final String name) {
        return path.resolve(Names.validate(name));
    }

    /**
     * The path of a hidden, shmproc-internal file in this directory.
     *
     * @param name a name without a leading dot
     * @return the path of {@code .name}
     */
    public Path resolveInternal(final String name) {
        return path.resolve("." + Names.validate(name));
    }

    /**
     * The directory.
     *
     * @return its path
     */
    public Path path() {
        return path;
    }

    /**
     * The process that created the directory.
     *
     * @return the owner
     */
    public ProcessIdentity owner() {
        return owner;
    }

    /**
     * Whether the running process owns this directory.
     *
     * @return {@code true} for the owner
     */
    public boolean isOwnedByCurrentProcess() {
        return owner.equals(ProcessIdentity.current());
    }

    /**
     * Frees this JVM's memory of a directory whose regions (and liveness table) were all closed: waits until
     * closed mappings are unmapped, so that the tmpfs pages of its files are released when they are
     * deleted. Call before deleting the directory of a closed context.
     *
     * @param directory the context directory
     */
    public static void releaseMemory(final Path directory) {
        Unmapper.awaitUnmapped();
    }

    /**
     * Removes this directory and everything in it, after {@link #releaseMemory releasing} this JVM's mappings.
     */
    public void delete() {
        releaseMemory(path);
        if (!deleteTree(path)) {
            throw new ShmprocException("could not remove the context directory " + path);
        }
    }

    /**
     * Unpredictable bytes for a directory's name, from the kernel's {@code /dev/urandom} (tens of microseconds);
     * {@link SecureRandom} only where that cannot be read, as its first use in a JVM loads the security providers
     * (about 35 ms of every context-creating JVM's start here).
     *
     * @param length how many
     * @return the bytes
     */
    private static byte[] unpredictable(final int length) {
        final byte[] bytes = new byte[length];
        try (InputStream in = Files.newInputStream(URANDOM)) {
            if (in.readNBytes(bytes, 0, length) == length) {
                return bytes;
            }
        } catch (final IOException | SecurityException e) {
            // not Linux, or no device: the JDK's generator below
        }
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The effective user, read once: the owner of {@code /proc/self}, else looked up by name. */
    private static final class CurrentUser {
        static final UserPrincipal PRINCIPAL = find();

        private CurrentUser() {
        }

        private static UserPrincipal find() {
            try {
                return Files.readAttributes(Path.of("/proc/self/"), PosixFileAttributes.class).owner();
            } catch (final IOException | UnsupportedOperationException e) {
                try {
                    return FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name"));
                } catch (final IOException | UnsupportedOperationException e2) {
                    throw new ShmprocException("cannot tell which user this process runs as: " + e2, e2);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SharedDirectory[" + path + ", owner " + owner + "]";
    }
}
