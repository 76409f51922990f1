package io.shmproc.process;

import io.shmproc.channel.ChronicleFlags;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A tiny jar that starts a child JVM with {@code java -jar}: its manifest names {@link ChildBootstrap} as the
 * main class, lists the parent's class path in {@code Class-Path} (as URLs relative to the jar, the form whose
 * classes class-data sharing archives), and grants shmproc's export with
 * {@code Add-Exports} and {@code Add-Opens} for Agrona and Chronicle Queue ({@link ChronicleFlags}).
 *
 * <p>Why: the command-line option {@code --add-exports} makes the JVM give up its archived module graph (CDS
 * "full module graph: disabled") and build the boot layer from scratch, which costs a fresh JVM about as much
 * as everything else shmproc does at child start. The same export granted by the main jar's manifest is applied
 * after the boot layer is restored from the archive. The child's {@code java.class.path} is set back to the
 * parent's class path by {@link ChildBootstrap}, so code in the child (and its own children) sees the real one.
 *
 * <p>The jar lives in the per-user cache ({@code <cache>/shmproc/launchers/launcher-<hash of class path>.jar},
 * directory 0700), is written once to a temporary name and renamed into place, and the
 * {@value #MAX_LAUNCHERS} most recent are kept. Switch it off with {@value #ENABLED_PROPERTY}{@code =false}; the
 * child then gets {@code --add-exports} and {@code -cp}, as it does when the jar cannot be written.
 */
final class LauncherJar {
    /** System property: {@code false} starts children with {@code -cp} and {@code --add-exports} instead. */
    static final String ENABLED_PROPERTY = "shmproc.child.launcherJar";
    /** How many launcher jars the cache keeps. */
    static final int MAX_LAUNCHERS = 16;

    private static volatile Path launcher;
    private static volatile boolean decided;

    private LauncherJar() {
    }

    /** The launcher jar for this JVM's class path, or {@code null} to start children the plain way. */
    static Path forThisJvm() {
        if (!decided) {
            synchronized (LauncherJar.class) {
                if (!decided) {
                    launcher = create(System.getProperty("java.class.path", ""), ClassDataSharing.cacheRoot());
                    decided = true;
                }
            }
        }
        return launcher;
    }

    /**
     * Finds or writes the launcher jar of a class path.
     *
     * @param classPath the class path the child needs
     * @param cacheRoot the per-user cache directory
     * @return the jar, or {@code null} when switched off or impossible
     */
    static Path create(final String classPath, final Path cacheRoot) {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true")) || classPath.isEmpty()) {
            return null;
        }
        try {
            final List<Path> entries = new ArrayList<>();
            for (final String entry : classPath.split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(Path.of(entry).toAbsolutePath().normalize());
                }
            }
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(entries.toString().getBytes(StandardCharsets.UTF_8));
            digest.update((ChronicleFlags.MANIFEST_ADD_EXPORTS + ChronicleFlags.MANIFEST_ADD_OPENS)
                .getBytes(StandardCharsets.UTF_8));
            final Path directory = cacheRoot.resolve("launchers").toAbsolutePath();
            final List<String> urls = new ArrayList<>();
            for (final Path entry : entries) {
                urls.add(relativeUrl(directory, entry));
            }
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            }
            final Path jar = directory.resolve("launcher-" + HexFormat.of().formatHex(digest.digest(), 0, 12)
                + ".jar");
            if (!Files.isRegularFile(jar)) {
                write(jar, urls);
                prune(directory);
            }
            return jar;
        } catch (final IOException | NoSuchAlgorithmException | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A class-path entry as a URL relative to the launcher's directory: the JVM's class-data sharing archives
     * classes from {@code Class-Path} entries only when they are relative.
     */
    static String relativeUrl(final Path directory, final Path entry) throws URISyntaxException {
        String path = directory.relativize(entry).toString().replace(File.separatorChar, '/');
        if (Files.isDirectory(entry)) {
            path = path + "/";
        }
        if (path.isEmpty() || path.indexOf(':') >= 0 && path.indexOf(':') < Math.max(0, path.indexOf('/'))) {
            path = "./" + path;
        }
        return new URI(null, null, path, null).getRawPath();
    }

    private static void write(final Path jar, final List<String> urls) throws IOException {
        final Manifest manifest = new Manifest();
        final Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, ChildBootstrap.class.getName());
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        main.put(new Attributes.Name("Add-Exports"), ChronicleFlags.MANIFEST_ADD_EXPORTS);
        main.put(new Attributes.Name("Add-Opens"), ChronicleFlags.MANIFEST_ADD_OPENS);
        main.put(new Attributes.Name("Created-By"), "shmproc");
        final Path temporary = jar.resolveSibling(jar.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (OutputStream out = Files.newOutputStream(temporary);
             JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        Files.move(temporary, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void prune(final Path directory) throws IOException {
        final List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "launcher-*.jar")) {
            entries.forEach(jars::add);
        }
        if (jars.size() <= MAX_LAUNCHERS) {
            return;
        }
        jars.sort(Comparator.comparingLong(ClassDataSharing::modified).reversed());
        for (final Path old : jars.subList(MAX_LAUNCHERS, jars.size())) {
            Files.deleteIfExists(old);
        }
    }
}
