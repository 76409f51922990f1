package io.shmproc.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Application class-data sharing for child JVMs: a dynamic CDS archive of the classes a child loads, kept in a
 * per-user cache directory and shared by every later child with the same {@code java} and class path, so that
 * children load shmproc's, Agrona's and the JDK's classes pre-parsed and pre-verified from a mapped file.
 *
 * <p>The first child of a JVM that finds no archive for its class path is started with
 * {@code -XX:ArchiveClassesAtExit} (its exit then takes a few hundred milliseconds longer); once it has exited,
 * the parent publishes the archive with an atomic rename. Every later child gets {@code -XX:SharedArchiveFile}.
 * The archive's name is a hash of the JVM (home and version), of the launcher jar (the archive records how the
 * class path was given), and of every class path entry with its size and modification time, so a rebuilt jar
 * gets a new archive; the {@value #MAX_ARCHIVES} most recently used
 * archives are kept. CDS logging is switched off in the child, so a stale or unusable archive is skipped
 * silently (the JVM then loads classes as usual).
 *
 * <p>Class-data sharing is used only when every class path entry is a jar file (the JVM cannot archive classes
 * loaded from directories). Options: {@value #ENABLED_PROPERTY} ({@code true} by default) and
 * {@value #DIRECTORY_PROPERTY} (default {@code $XDG_CACHE_HOME/shmproc/cds} or {@code ~/.cache/shmproc/cds}).
 */
final class ClassDataSharing {
    /** System property: {@code false} switches class-data sharing for children off. */
    static final String ENABLED_PROPERTY = "shmproc.child.cds";
    /** System property: the directory holding the archives. */
    static final String DIRECTORY_PROPERTY = "shmproc.child.cdsDir";
    /**
     * The system property ({@code true}) that tells the child dumping an archive to run {@link SpareWarmup} as it
     * exits, so the archive holds the classes of a child's usual first message (queue, codecs, Java serialization,
     * lambdas) whatever the first child happened to do. Internal: set by {@link #plan()}, not by users.
     */
    static final String DUMPING_MARKER = "shmproc.child.cdsDumping";
    /** How many archives the cache directory keeps. */
    static final int MAX_ARCHIVES = 8;

    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    private static final AtomicBoolean DUMPING = new AtomicBoolean();
    private static volatile Path archive;
    private static volatile boolean decided;

    private ClassDataSharing() {
    }

    /** The CDS options of the next child, and the file it dumps an archive to (or {@code null}). */
    static final class Plan {
        final List<String> options;
        final Path dumpFile;

        Plan(final List<String> options, final Path dumpFile) {
            this.options = options;
            this.dumpFile = dumpFile;
        }
    }

    static Plan plan() {
        final Path target = archive();
        if (target == null) {
            return new Plan(List.of(), null);
        }
        if (Files.isRegularFile(target)) {
            final List<String> options = new ArrayList<>(QUIET);
            options.add(0, "-XX:SharedArchiveFile=" + target);
            return new Plan(options, null);
        }
        if (!DUMPING.compareAndSet(false, true)) {
            return new Plan(List.of(), null);
        }
        final Path dump = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        final List<String> options = new ArrayList<>(QUIET);
        options.add(0, "-XX:ArchiveClassesAtExit=" + dump);
        options.add("-D" + DUMPING_MARKER + "=true");
        return new Plan(options, dump);
    }

    /** After the dumping child has exited: publishes its archive, and lets another child dump if it made none. */
    static void childExited(final Plan plan) {
        if (plan.dumpFile == null) {
            return;
        }
        try {
            if (Files.isRegularFile(plan.dumpFile) && Files.size(plan.dumpFile) > 0) {
                Files.move(plan.dumpFile, archive, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
                prune(archive.getParent());
            } else {
                Files.deleteIfExists(plan.dumpFile);
            }
        } catch (final IOException e) {
            // no archive this time: children start without one
        } finally {
            DUMPING.set(false);
        }
    }

    private static Path archive() {
        if (!decided) {
            synchronized (ClassDataSharing.class) {
                if (!decided) {
                    archive = decide(System.getProperty("java.class.path", ""));
                    decided = true;
                    touch(archive);
                }
            }
        }
        return archive;
    }

    /**
     * The archive for a class path, or {@code null} when class-data sharing is off or impossible.
     *
     * @param classPath a class path
     * @return the archive file, which may not exist yet
     */
    static Path decide(final String classPath) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true")) || classPath.isEmpty()) {
            return null;
        }
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, System.getProperty("java.home"));
            update(digest, System.getProperty("java.vm.version"));
            update(digest, String.valueOf(LauncherJar.forThisJvm()));
            for (final String entry : classPath.split(File.pathSeparator)) {
                final Path path = Path.of(entry);
                final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (!attributes.isRegularFile() || !entry.endsWith(".jar")) {
                    return null;
                }
                update(digest, path.toAbsolutePath().toString());
                update(digest, attributes.size() + "/" + attributes.lastModifiedTime().toMillis());
            }
            final Path directory = directory();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
            return directory.resolve("child-" + HexFormat.of().formatHex(digest.digest(), 0, 12) + ".jsa");
        } catch (final IOException | NoSuchAlgorithmException | RuntimeException e) {
            return null;
        }
    }

    private static Path directory() {
        final String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return cacheRoot().resolve("cds");
    }

    /** The per-user cache of shmproc: {@code $XDG_CACHE_HOME/shmproc} or {@code ~/.cache/shmproc}. */
    static Path cacheRoot() {
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("shmproc");
    }

    private static void update(final MessageDigest digest, final String value) {
        digest.update(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    /** Marks an archive as recently used, so pruning keeps it. */
    private static void touch(final Path file) {
        if (file != null && Files.isRegularFile(file)) {
            try {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (final IOException ignored) {
                // read-only cache: pruning may drop it earlier, nothing worse
            }
        }
    }

    private static void prune(final Path directory) throws IOException {
        final List<Path> archives = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "child-*.jsa")) {
            entries.forEach(archives::add);
        }
        if (archives.size() <= MAX_ARCHIVES) {
            return;
        }
        archives.sort(Comparator.comparing(ClassDataSharing::modified).reversed());
        for (final Path old : archives.subList(MAX_ARCHIVES, archives.size())) {
            Files.deleteIfExists(old);
        }
    }

    static long modified(final Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (final IOException e) {
            return 0;
        }
    }
}
