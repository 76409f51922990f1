package io.shmproc.tools;

import io.shmproc.memory.LivenessTable;
import io.shmproc.memory.LivenessTableLayout;
import io.shmproc.memory.RegionHeader;
import io.shmproc.memory.RegionKind;
import io.shmproc.tools.RegionDescribers.PayloadReader;
import io.shmproc.tools.RegionDescribers.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the process behind a liveness token of one directory, and lists the processes attached to it.
 *
 * <p>Reads the directory's {@value LivenessTable#FILE_NAME} with positional reads and probes a slot's file lock
 * with a shared lock released at once. A JVM that holds a slot in the directory must never open that file
 * (closing it would drop its own slot lock): there, tokens are resolved through the JVM's own table and the
 * attached processes are not listed.
 */
final class Liveness implements AutoCloseable {
    private final Path directory;
    private PayloadReader reader;
    private String problem;
    private boolean opened;

    Liveness(final Path directory) {
        this.directory = directory;
    }

    /**
     * Whether this JVM must not open the directory's table.
     *
     * @return {@code true} when this JVM holds a slot there
     */
    boolean isThisJvmAttached() {
        return LivenessTable.isOpenInThisJvm(directory);
    }

    /**
     * The process a lock word's token names, for a line of output.
     *
     * @param token a liveness token, 0 for none
     * @return "free", "pid N (alive)", "pid N (dead)" or why it is unknown
     */
    String owner(final int token) {
        if (token == LivenessTable.NO_TOKEN) {
            return "free";
        }
        if (isThisJvmAttached()) {
            final LivenessTable table = LivenessTable.forDirectory(directory);
            final long pid = table.pidOf(token);
            return (pid < 0 ? "a process" : "pid " + pid) + (table.isAlive(token) ? " (alive)" : " (dead)");
        }
        final int index = (token >>> 16) - 1;
        if (index < 0 || index >= LivenessTableLayout.SLOT_COUNT) {
            return "token 0x" + Integer.toHexString(token) + " (invalid)";
        }
        try {
            final PayloadReader table = table();
            if (table == null) {
                return "token 0x" + Integer.toHexString(token) + " (" + problem + ")";
            }
            final int offset = LivenessTableLayout.slotOffset(index);
            final long generation = table.getLong(offset + LivenessTableLayout.GENERATION_OFFSET);
            final long pid = table.getLong(offset + LivenessTableLayout.PID_OFFSET);
            if ((generation & 0xFFFF) != (token & 0xFFFF)) {
                return "a process of slot " + index + " (dead: slot reused since)";
            }
            return "pid " + pid + (table.isLockedByAnother(LivenessTableLayout.lockPosition(index)) ? " (alive)"
                : " (dead)");
        } catch (final IOException e) {
            return "token 0x" + Integer.toHexString(token) + " (liveness table damaged: " + e.getMessage() + ")";
        }
    }

    private PayloadReader table() throws IOException {
        if (!opened) {
            opened = true;
            final Path file = directory.resolve(LivenessTable.FILE_NAME);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                problem = "no liveness table";
                return null;
            }
            final RegionHeader header = HeaderReader.read(file);
            final String damage = ShmprocTool.problemOf(file, header);
            if (damage != null || header.kind() != RegionKind.LIVENESS_TABLE) {
                problem = "liveness table damaged: " + (damage != null ? damage : "kind " + header.kind());
                return null;
            }
            reader = new PayloadReader(file, header);
        }
        return reader;
    }

    /** The describer of a liveness table file: the live slots and their pids. */
    static Report read(final PayloadReader table, final Liveness unused) throws IOException {
        final Report.Builder report = new Report.Builder();
        final int slots = table.getInt(LivenessTableLayout.SLOT_COUNT_OFFSET);
        report.field("slots", slots);
        final List<String> live = new ArrayList<>();
        int used = 0;
        for (int i = 0; i < slots; i++) {
            final int offset = LivenessTableLayout.slotOffset(i);
            final long generation = table.getLong(offset + LivenessTableLayout.GENERATION_OFFSET);
            if (generation == 0) {
                continue;
            }
            used++;
            final long pid = table.getLong(offset + LivenessTableLayout.PID_OFFSET);
            final boolean alive = table.isLockedByAnother(LivenessTableLayout.lockPosition(i));
            report.field("slot " + i, "pid " + pid + (alive ? " (alive)" : " (dead)") + ", generation " + generation);
            if (alive) {
                live.add(String.valueOf(pid));
            }
        }
        return report.summary("attached: " + live.size() + " process" + (live.size() == 1 ? "" : "es")
            + (live.isEmpty() ? "" : ", pids " + String.join(" ", live)) + " (" + used + " of " + slots
            + " slots ever used)");
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        opened = false;
    }
}
