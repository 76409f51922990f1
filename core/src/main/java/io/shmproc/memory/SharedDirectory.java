package io.shmproc.memory;

import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.MissingRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.exceptions.ShmprocException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
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
 */
public final class SharedDirectory {
    /** The prefix of every context directory's name. */
    public static final String PREFIX = "shmproc-";
    /** The name of the hidden file holding the owner's identity. */
    public static final String OWNER_FILE = ".owner";

    private static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

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
        final byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        final Path dir = base.resolve(userPrefix() + me.pid() + "-" + HexFormat.of().formatHex(id));
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
            Files.setPosixFilePermissions(dir, DIRECTORY_PERMISSIONS);
            final Path ownerFile = dir.resolve(OWNER_FILE);
            Files.write(ownerFile, (me.pid() + " " + me.startMillis() + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(ownerFile, FILE_PERMISSIONS);
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
     * @throws RegionException when it is missing, a symbolic link, or not a shmproc context directory
     */
    public static SharedDirectory attach(final Path dir) {
        final BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (final IOException e) {
            throw new MissingRegionException(dir, "no such context directory");
        }
        if (!attributes.isDirectory()) {
            throw new CorruptRegionException(dir, "is not a directory (or is a symbolic link)");
        }
        final ProcessIdentity owner = readOwner(dir);
        if (owner == null) {
            throw new CorruptRegionException(dir, "is not a shmproc context directory: it has"
                + " no readable " + OWNER_FILE + " file");
        }
        return new SharedDirectory(dir, owner);
    }

    /**
     * Removes every context directory of this user under {@code base} whose owner has died.
     *
     * @param base the base directory to scan
     * @return the directories removed
     */
    public static List<Path> reclaimStale(final Path base) {
        final List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, userPrefix() + "*")) {
            for (final Path dir : entries) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                final ProcessIdentity owner = readOwner(dir);
                if (owner == null ? isOldEnough(dir) : !owner.isAlive()) {
                    if (deleteTree(dir)) {
                        removed.add(dir);
                    }
                }
            }
        } catch (final IOException e) {
            // an unreadable base only means there is nothing of ours to reclaim there
        }
        return removed;
    }

    private static boolean isOldEnough(final Path dir) {
        try {
            final long age = System.currentTimeMillis()
                - Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS).toMillis();
            return age > 60_000;
        } catch (final IOException e) {
            return false;
        }
    }

    private static ProcessIdentity readOwner(final Path dir) {
        try {
            final String[] fields = new String(Files.readAllBytes(dir.resolve(OWNER_FILE)), StandardCharsets.US_ASCII)
                .trim().split(" ");
            return new ProcessIdentity(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Deletes a directory and everything in it without following symbolic links.
     *
     * @param dir the directory
     * @return {@code true} when it is gone
     */
    public static boolean deleteTree(final Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (final Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(entry);
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
     * Frees this JVM's memory of a directory whose regions were all closed: closes its liveness table and waits
     * until closed mappings are unmapped, so that the tmpfs pages of its files are released when they are
     * deleted. Call before deleting the directory of a closed context.
     *
     * @param directory the context directory
     */
    public static void releaseMemory(final Path directory) {
        LivenessTable.forget(directory);
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

    @Override
    public String toString() {
        return "SharedDirectory[" + path + ", owner " + owner + "]";
    }
}
