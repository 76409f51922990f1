package io.shmproc.tools;

import io.shmproc.memory.WarmupTrigger;
import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.LivenessTable;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionHeader;
import io.shmproc.memory.RegionHeaderLayout;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.state.StoreLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line inspector of shared files.
 *
 * <pre>
 * java -jar shmproc-core.jar list                 # context directories of this user, owners alive or dead
 * java -jar shmproc-core.jar inspect DIR          # every shared object in a context directory
 * java -jar shmproc-core.jar inspect DIR --watch  # the same, refreshed every second
 * java -jar shmproc-core.jar dump FILE            # one file's header and layout fields
 * </pre>
 */
public final class ShmprocTool {
    private final PrintStream out;

    ShmprocTool(final PrintStream out) {
        this.out = out;
    }

    /**
     * Entry point.
     *
     * @param args the command and its arguments
     * @throws InterruptedException when interrupted while watching
     */
    public static void main(final String[] args) throws InterruptedException {
        if (System.getProperty(WarmupTrigger.MODE_PROPERTY) == null) {
            System.setProperty(WarmupTrigger.MODE_PROPERTY, WarmupTrigger.OFF); // a tool's run is short
        }
        System.exit(new ShmprocTool(System.out).run(args));
    }

    int run(final String[] args) throws InterruptedException {
        if (args.length >= 1 && args[0].equals("list")) {
            list(args.length > 1 ? Path.of(args[1]) : SharedDirectory.defaultBase());
            return 0;
        }
        if (args.length >= 2 && args[0].equals("inspect")) {
            final Path dir = Path.of(args[1]);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                out.println("no such context directory: " + dir);
                return 1;
            }
            final boolean watch = args.length > 2 && args[2].equals("--watch");
            do {
                if (watch) {
                    out.print("\033[H\033[2J");
                }
                inspect(dir);
                if (watch) {
                    Thread.sleep(1000);
                }
            } while (watch && Files.isDirectory(dir));
            return 0;
        }
        if (args.length >= 2 && args[0].equals("dump")) {
            return dump(Path.of(args[1]));
        }
        out.println("usage: shmproc-tool list [BASE] | inspect DIR [--watch] | dump FILE");
        return 2;
    }

    void list(final Path base) {
        out.printf("%-60s %s%n", "CONTEXT DIRECTORY", "OWNER");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, SharedDirectory.PREFIX + "*")) {
            for (final Path dir : entries) {
                String owner;
                try {
                    owner = SharedDirectory.attach(dir).owner().toString();
                } catch (final RegionException e) {
                    owner = "unknown (" + e.getMessage() + ")";
                }
                out.printf("%-60s %s%n", dir, owner);
            }
        } catch (final IOException e) {
            out.println("cannot list " + base + ": " + e);
        }
    }

    void inspect(final Path dir) {
        String owner;
        try {
            owner = SharedDirectory.attach(dir).owner().toString();
        } catch (final RegionException e) {
            owner = "unknown: " + e.getMessage();
        }
        out.println("context " + dir + "  owner " + owner);
        out.printf("%-24s %-14s %-4s %12s  %-22s %s%n", "NAME", "KIND", "VER", "BYTES", "CREATOR", "STATE");
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(files::add);
        } catch (final IOException e) {
            out.println("cannot list " + dir + ": " + e);
            return;
        }
        files.sort(null);
        try (Liveness liveness = new Liveness(dir)) {
            for (final Path file : files) {
                final String name = file.getFileName().toString();
                if (name.equals(LivenessTable.FILE_NAME)) {
                    out.println(livenessLine(file, liveness));
                } else if (!name.startsWith(".")) {
                    out.println(describeLine(file, liveness));
                }
            }
        } catch (final IOException e) {
            out.println("cannot close the liveness table of " + dir + ": " + e);
        }
    }

    private String livenessLine(final Path file, final Liveness liveness) {
        if (liveness.isThisJvmAttached()) {
            return String.format("%-24s %-14s %s", file.getFileName(), RegionKind.LIVENESS_TABLE,
                "not read: this JVM holds a slot in it (run the tool in a JVM of its own)");
        }
        return describeLine(file, liveness);
    }

    private String describeLine(final Path file, final Liveness liveness) {
        final String name = file.getFileName().toString();
        try {
            if (StateDescribers.isStore(file)) {
                return storeLine(file, liveness);
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return String.format("%-24s %s", name, "DAMAGED: not a regular file (a link or a directory)");
            }
            final RegionHeader header = HeaderReader.read(file);
            final String problem = problemOf(file, header);
            final RegionKind kind = header.kind();
            String state;
            try {
                state = problem != null ? "DAMAGED: " + problem : RegionDescribers.describe(file, header, liveness);
            } catch (final IOException | RuntimeException e) {
                state = "DAMAGED: " + e.getMessage();
            }
            return String.format("%-24s %-14s %-4d %12d  %-22s %s", name, kind == null ? "?" : kind.name(),
                header.layoutVersion(), Files.size(file), header.creator(), state);
        } catch (final NoSuchFileException e) {
            return String.format("%-24s %s", name, "gone: removed while inspecting");
        } catch (final IOException | RuntimeException e) {
            return String.format("%-24s %s", name, "DAMAGED: " + e.getMessage());
        }
    }

    private String storeLine(final Path dir, final Liveness liveness) throws IOException {
        final Path control = dir.resolve(StoreLayout.controlName());
        final RegionHeader header = HeaderReader.read(control);
        String state;
        try {
            state = StateDescribers.store(dir, liveness).summary();
        } catch (final IOException | RuntimeException e) {
            state = "DAMAGED: " + e.getMessage();
        }
        return String.format("%-24s %-14s %-4d %12d  %-22s %s", dir.getFileName() + "/", header.kind(),
            header.layoutVersion(), StateDescribers.bytes(dir), header.creator(), state);
    }

    static String problemOf(final Path file, final RegionHeader header) throws IOException {
        if (header.magic() != RegionHeaderLayout.MAGIC) {
            return "not a shmproc file (bad magic)";
        }
        if (!header.isReady()) {
            return "never marked ready";
        }
        final long size = Files.size(file);
        if (size != header.fileLength()) {
            return "truncated: " + size + " bytes, header says " + header.fileLength();
        }
        if (header.kind() == null) {
            return "unknown kind " + header.kindCode();
        }
        return null;
    }

    int dump(final Path path) {
        final boolean store;
        try {
            store = StateDescribers.isStore(path);
        } catch (final IOException | RuntimeException e) {
            out.println("DAMAGED          " + path + ": " + e.getMessage());
            return 1;
        }
        final Path file = store ? path.resolve(StoreLayout.controlName()) : path;
        final Path directory = (store ? path : file).toAbsolutePath().getParent();
        if (file.getFileName().toString().equals(LivenessTable.FILE_NAME)
            && LivenessTable.isOpenInThisJvm(directory)) {
            out.println("not read: this JVM holds a slot in " + file + " (run the tool in a JVM of its own)");
            return 1;
        }
        try (Liveness liveness = new Liveness(directory)) {
            return dump(file, store ? path : null, liveness);
        } catch (final IOException e) {
            out.println("DAMAGED          " + e.getMessage());
            return 1;
        }
    }

    private int dump(final Path file, final Path storeDir, final Liveness liveness) {
        try {
            final RegionHeader header = HeaderReader.read(file);
            out.println("file             " + file);
            out.println("size             " + Files.size(file));
            out.printf("magic            0x%016x %s%n", header.magic(),
                header.magic() == RegionHeaderLayout.MAGIC ? "(SHMPROC1)" : "(NOT a shmproc file)");
            out.println("kind             " + header.kindCode() + " (" + header.kind() + ")");
            out.println("layout version   " + header.layoutVersion());
            out.println("file length      " + header.fileLength());
            out.println("header length    " + header.headerLength());
            out.println("payload length   " + header.payloadLength());
            out.println("creator          " + new ProcessIdentity(header.creatorPid(), header.creatorStartMillis()));
            out.printf("ready word       0x%016x %s%n", header.readyWord(),
                header.isReady() ? "(ready)" : "(NOT ready)");
            final String problem = problemOf(file, header);
            if (problem != null) {
                out.println("DAMAGED          " + problem);
                return 1;
            }
            final List<String> fields = storeDir != null ? StateDescribers.store(storeDir, liveness).fields()
                : RegionDescribers.dumpFields(file, header, liveness);
            for (final String line : fields) {
                out.println(line);
            }
            return 0;
        } catch (final IOException | RuntimeException e) {
            out.println("DAMAGED          " + e.getMessage());
            return 1;
        }
    }

    static String text(final byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
