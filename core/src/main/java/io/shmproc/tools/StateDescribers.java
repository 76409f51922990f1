package io.shmproc.tools;

import io.shmproc.memory.RegionHeader;
import io.shmproc.memory.RegionKind;
import io.shmproc.state.StoreLayout;
import io.shmproc.state.ValueLayout;
import io.shmproc.state.ValueType;
import io.shmproc.sync.SyncLayout;
import io.shmproc.tools.RegionDescribers.PayloadReader;
import io.shmproc.tools.RegionDescribers.Report;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Describers of the state kinds: VALUE files, and dicts and lists (stores: a directory holding a control file,
 * the live generation's index and its data segments).
 */
final class StateDescribers {
    private static final int ELEMENTS_SHOWN = 16;
    private static final int READ_ATTEMPTS = 5;

    private StateDescribers() {
    }

    /** VALUE: element type, shape, length, and the value itself for a scalar (the first elements of an array). */
    static Report value(final PayloadReader p, final Liveness liveness) throws IOException {
        final Report.Builder report = new Report.Builder();
        final int code = p.getInt(ValueLayout.TYPE_OFFSET);
        final ValueType type = ValueType.ofCode(code);
        if (type == null) {
            throw new IOException("unknown value type " + code);
        }
        final int shape = p.getInt(ValueLayout.SHAPE_OFFSET);
        final long length = p.getLong(ValueLayout.LENGTH_OFFSET);
        report.field("type", type + " (" + code + ")")
            .field("shape", shape == ValueLayout.SCALAR ? "scalar" : shape == ValueLayout.ARRAY ? "array" : shape)
            .field("length", length)
            .field("lock", lockOwner(p.getLong(ValueLayout.LOCK_OFFSET), liveness));
        if (shape == ValueLayout.SCALAR) {
            final String value = element(p, type, 0);
            report.field("value", value);
            return report.summary(type + " = " + value);
        }
        final StringBuilder elements = new StringBuilder("[");
        for (int i = 0; i < Math.min(length, ELEMENTS_SHOWN); i++) {
            elements.append(i == 0 ? "" : ", ").append(element(p, type, i));
        }
        report.field("elements", elements.append(length > ELEMENTS_SHOWN ? ", ...]" : "]"));
        return report.summary(type + "[" + length + "]");
    }

    private static String element(final PayloadReader p, final ValueType type, final int index) throws IOException {
        final long at = ValueLayout.ELEMENTS_OFFSET + (long) index * type.size();
        return switch (type) {
            case LONG -> String.valueOf(p.getLong(at));
            case INT -> String.valueOf(p.getInt(at));
            case DOUBLE -> String.valueOf(Double.longBitsToDouble(p.getLong(at)));
            case BYTE -> String.valueOf(p.getByte(at));
        };
    }

    /** A lock word in the common encoding: died bit, liveness token, thread id. */
    static String lockOwner(final long word, final Liveness liveness) {
        if (word == 0) {
            return "free";
        }
        return "owner " + liveness.owner((int) ((word & ~SyncLayout.OWNER_DIED_BIT) >>> 32)) + ", thread "
            + (word & 0xFFFF_FFFFL) + ((word & SyncLayout.OWNER_DIED_BIT) != 0 ? ", took over from a dead owner" : "");
    }

    /** Whether a path is a store: a directory with a control file of kind DICT or LIST. */
    static boolean isStore(final Path dir) throws IOException {
        final Path control = dir.resolve(StoreLayout.controlName());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
            || !Files.isRegularFile(control, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        final RegionKind kind = HeaderReader.read(control).kind();
        return kind == RegionKind.DICT || kind == RegionKind.LIST;
    }

    /** DICT or LIST file dumped alone: control, index or data segment, by its name. */
    static Report storeFile(final PayloadReader p, final Liveness unused) throws IOException {
        final String name = p.file().getFileName().toString();
        final Report.Builder report = new Report.Builder();
        if (name.equals(StoreLayout.controlName())) {
            final Path context = p.file().toAbsolutePath().getParent().getParent();
            try (Liveness liveness = new Liveness(context)) {
                final long generation = control(p, report, liveness);
                return report.summary("live generation " + generation);
            }
        }
        if (name.startsWith("index.")) {
            final long count = index(p, report);
            return report.summary(count + " entries");
        }
        report.field("role", p.getInt(StoreLayout.ROLE_OFFSET) + (p.getInt(StoreLayout.ROLE_OFFSET)
            == StoreLayout.ROLE_SEGMENT ? " (data segment)" : " (NOT a data segment)"))
            .field("generation", p.getLong(StoreLayout.GENERATION_OFFSET))
            .field("segment", p.getLong(StoreLayout.SEGMENT_NUMBER_OFFSET));
        return report.summary("data segment " + p.getLong(StoreLayout.SEGMENT_NUMBER_OFFSET) + " of generation "
            + p.getLong(StoreLayout.GENERATION_OFFSET));
    }

    private static long control(final PayloadReader p, final Report.Builder report, final Liveness liveness)
        throws IOException {
        final long generation = p.getLong(StoreLayout.CONTROL_GENERATION_OFFSET);
        report.field("lock", lockOwner(p.getLong(StoreLayout.CONTROL_LOCK_OFFSET), liveness))
            .field("generation", generation)
            .field("max entry", p.getLong(StoreLayout.CONTROL_MAX_ENTRY_OFFSET) + " bytes")
            .field("first segment", p.getLong(StoreLayout.CONTROL_FIRST_SEGMENT_OFFSET) + " bytes");
        return generation;
    }

    private static long index(final PayloadReader p, final Report.Builder report) throws IOException {
        final int role = p.getInt(StoreLayout.ROLE_OFFSET);
        final long cursor = p.getLong(StoreLayout.CURSOR_OFFSET);
        final long word = p.getLong(StoreLayout.COUNT_OFFSET);
        final boolean list = p.kind() == RegionKind.LIST;
        final long count = list ? StoreLayout.listCount(word) : word;
        report.field("role", role + (role == StoreLayout.ROLE_INDEX ? " (index)" : " (NOT an index)"))
            .field("index gen.", p.getLong(StoreLayout.GENERATION_OFFSET))
            .field("index slots", p.getLong(StoreLayout.CAPACITY_OFFSET))
            .field("cursor", "segment " + StoreLayout.cursorSegment(cursor) + ", offset "
                + StoreLayout.cursorOffset(cursor))
            .field("entries", count)
            .field("used slots", p.getLong(StoreLayout.USED_OFFSET))
            .field("live bytes", p.getLong(StoreLayout.LIVE_BYTES_OFFSET))
            .field("dead bytes", p.getLong(StoreLayout.DEAD_BYTES_OFFSET));
        if (list) {
            report.field("live half", StoreLayout.listHalf(word))
                .field("structure seq.", StoreLayout.listSequence(word));
        } else {
            report.field("order count", p.getLong(StoreLayout.ORDER_COUNT_OFFSET));
        }
        if (role != StoreLayout.ROLE_INDEX) {
            throw new IOException("index has role " + role + ", expected " + StoreLayout.ROLE_INDEX);
        }
        return count;
    }

    /**
     * A whole store: the control file's live generation, then that generation's index and segments. Retries
     * when a writer replaces the generation between the reads.
     *
     * @param dir      the store's directory
     * @param liveness the liveness of the context directory holding the store
     * @return its summary and fields
     * @throws IOException when a file is damaged or missing
     */
    static Report store(final Path dir, final Liveness liveness) throws IOException {
        final Path controlFile = dir.resolve(StoreLayout.controlName());
        final RegionHeader controlHeader = HeaderReader.read(controlFile);
        final String problem = ShmprocTool.problemOf(controlFile, controlHeader);
        if (problem != null) {
            throw new IOException("control file: " + problem);
        }
        final String what = controlHeader.kind() == RegionKind.DICT ? "dict size " : "list size ";
        NoSuchFileException last = null;
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            final Report.Builder report = new Report.Builder();
            final long generation;
            final String lock;
            try (PayloadReader control = new PayloadReader(controlFile, controlHeader)) {
                generation = control(control, report, liveness);
                lock = lockOwner(control.getLong(StoreLayout.CONTROL_LOCK_OFFSET), liveness);
            }
            try {
                final Path indexFile = dir.resolve(StoreLayout.indexName(generation));
                final RegionHeader indexHeader = HeaderReader.read(indexFile);
                final String damage = ShmprocTool.problemOf(indexFile, indexHeader);
                if (damage != null) {
                    throw new IOException(indexFile.getFileName() + ": " + damage);
                }
                final long count;
                try (PayloadReader index = new PayloadReader(indexFile, indexHeader)) {
                    count = index(index, report);
                }
                final int segments = segments(dir, generation);
                report.field("segments", segments);
                return report.summary(what + count + ", generation " + generation + ", " + segments + " segment"
                    + (segments == 1 ? "" : "s") + ", lock " + lock);
            } catch (final NoSuchFileException e) {
                last = e; // the generation was replaced meanwhile: read the control file again
            }
        }
        throw new IOException("live generation's index keeps changing or is missing: " + last.getMessage());
    }

    private static int segments(final Path dir, final long generation) throws IOException {
        int segments = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "data." + generation + ".*")) {
            for (final Path ignored : files) {
                segments++;
            }
        }
        return segments;
    }

    /**
     * The bytes of every file of a store.
     *
     * @param dir the store's directory
     * @return the sum of its files' sizes
     * @throws IOException when it cannot be listed
     */
    static long bytes(final Path dir) throws IOException {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (final Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    bytes += Files.size(file);
                }
            }
        }
        return bytes;
    }
}
