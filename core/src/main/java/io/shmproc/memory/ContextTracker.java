package io.shmproc.memory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Removes the context directories a JVM owns once that JVM has died (even by SIGKILL) and no process that
 * uses them is alive any more, without waiting for a later {@code Shmproc.open()}.
 *
 * <p>The first context a JVM opens starts a tiny tracker process ({@code /bin/sh}, a few hundred kilobytes,
 * started in about a millisecond; no JVM), and the JVM tells it, through a pipe on the tracker's standard
 * input, each directory it owns as it opens and removes it. The pipe's end of file is the JVM's death: only
 * the kernel closes it while the tracker still has directories to watch, because the JVM closes it itself
 * only once it owns none (the tracker then exits at once). After the JVM's death the tracker checks each
 * directory twice a second and removes it (without following links, only a 0700 directory of its own user)
 * once no live process holds a lock on its {@linkplain LivenessTable liveness table}: every process that
 * attaches to a context holds one there for as long as it uses the context. Then the tracker exits.
 *
 * <p>Best effort: where no {@code /bin/sh} or {@code /proc/locks} exists, nothing is tracked and stale
 * directories are reclaimed by the next {@code Shmproc.open()} as before. Thread-safe.
 */
public final class ContextTracker {
    /**
     * The tracker's script. Input lines: {@code + DIR} (watch), {@code - DIR} (the owner removed it). At end
     * of input: remove each directory still there once no live process holds a lock on its liveness file,
     * then exit.
     */
    static final String SCRIPT = String.join("\n",
        "trap '' INT HUP",
        "nl='",
        "'",
        "dirs=''",
        "while IFS= read -r line; do",
        "  case \"$line\" in",
        "    '+ '*) dirs=\"$dirs$nl${line#+ }\" ;;",
        "    '- '*) dirs=$(printf '%s\\n' \"$dirs\" | grep -vxF -e \"${line#- }\") ;;",
        "  esac",
        "done",
        "in_use() {",
        "  [ -f \"$1/.liveness\" ] || return 1",
        "  ino=$(stat -c %i \"$1/.liveness\" 2>/dev/null) || return 1",
        "  awk -v ino=\"$ino\" '$2 != \"->\" && $6 ~ (\":\" ino \"$\") { found = 1 } END { exit !found }'"
            + " /proc/locks",
        "}",
        "while :; do",
        "  left=''",
        "  IFS=$nl",
        "  for d in $dirs; do",
        "    [ -n \"$d\" ] || continue",
        "    if [ -d \"$d\" ] && [ ! -L \"$d\" ] && [ -O \"$d\" ]; then",
        "      if in_use \"$d\"; then left=\"$left$nl$d\"; else rm -rf -- \"$d\"; fi",
        "    fi",
        "  done",
        "  unset IFS",
        "  dirs=$left",
        "  [ -n \"$dirs\" ] || exit 0",
        "  sleep 0.5",
        "done",
        "");

    private static final long STOP_WAIT_MILLIS = 2_000;
    private static final Set<Path> WATCHED = new LinkedHashSet<>();
    private static Process tracker;
    private static OutputStream toTracker;

    private ContextTracker() {
    }

    /**
     * Tells the tracker (starting it if needed) that this JVM owns a context directory.
     *
     * @param directory the directory, absolute
     */
    public static synchronized void watch(final Path directory) {
        final Path dir = directory.toAbsolutePath();
        if (toTracker == null && !start()) {
            return;
        }
        if (WATCHED.add(dir) && !send("+ ", dir)) {
            WATCHED.remove(dir);
        }
    }

    /**
     * Tells the tracker that this JVM removed a context directory; the tracker exits when none is left.
     *
     * @param directory the directory given to {@link #watch(Path)}
     */
    public static synchronized void unwatch(final Path directory) {
        final Path dir = directory.toAbsolutePath();
        if (!WATCHED.remove(dir) || toTracker == null) {
            return;
        }
        send("- ", dir);
        if (WATCHED.isEmpty()) {
            stop();
        }
    }

    /**
     * The tracker process, for tests.
     *
     * @return its pid, or -1 when none runs
     */
    static synchronized long trackerPid() {
        return tracker != null && tracker.isAlive() ? tracker.pid() : -1;
    }

    private static boolean start() {
        if (!new java.io.File("/bin/sh").canExecute() || !new java.io.File("/proc/locks").canRead()) {
            return false;
        }
        try {
            tracker = new ProcessBuilder("/bin/sh", "-c", SCRIPT, "shmproc-tracker")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            toTracker = tracker.getOutputStream();
            return true;
        } catch (final IOException e) {
            tracker = null;
            toTracker = null;
            return false;
        }
    }

    private static boolean send(final String verb, final Path dir) {
        final String line = verb + dir + "\n";
        if (line.indexOf('\n') != line.length() - 1) {
            return false; // a path with a newline cannot be told; the next open() reclaims it instead
        }
        try {
            toTracker.write(line.getBytes(StandardCharsets.UTF_8));
            toTracker.flush();
            return true;
        } catch (final IOException e) {
            stop(); // the tracker died: the next watch starts another
            WATCHED.clear();
            return false;
        }
    }

    private static void stop() {
        final Process stopping = tracker;
        if (stopping == null) {
            return; // stopped already: a notice that failed stops it too
        }
        try {
            toTracker.close(); // end of input with nothing left to watch: the tracker exits at once
        } catch (final IOException ignored) {
            // it is gone already
        }
        toTracker = null;
        tracker = null;
        try {
            // a few milliseconds: once the last context is closed no process of ours is left running
            stopping.waitFor(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
