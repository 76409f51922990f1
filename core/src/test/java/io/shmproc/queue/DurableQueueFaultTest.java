package io.shmproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.ChronicleFlags;
import io.shmproc.channel.DurableChannel;
import io.shmproc.channel.DurableCursor;
import io.shmproc.codec.Codecs;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable queues on a full disk and with a stalled writer, across real processes. */
@CrossProcessTest
class DurableQueueFaultTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String NAMED = "io.shmproc.exceptions.";

    @TempDir
    Path temp;

    @Test
    void shouldReleaseTheWriteLockAndNameTheFullDiskWhenAnAppendFails() throws Exception {
        final Path mount = mountTmpfs("24m");
        final Path dir = mount.resolve("log");
        final Path ballast = mount.resolve("ballast");
        try (ChildJvm a = start("queue", dir.toString())) {
            a.awaitLine("READY"::equals, START);
            send(a, "put a 10 100");
            a.awaitLine("PUT a 10"::equals, START);
            fill(ballast);
            send(a, "put b 2000 65536");
            final String failed = a.awaitLine(l -> l.startsWith("FAIL b "), START);
            assertTrue(failed.startsWith("FAIL b " + NAMED + "DiskFullException "), "a named exception: " + failed);
            assertTrue(failed.contains("full") && failed.contains(dir.toString()), "says what and where: " + failed);
            a.awaitLine(l -> l.startsWith("PUT b "), START);
            final int putBeforeFull = count(a, "PUT b ");
            send(a, "drain c");
            final String drained = a.awaitLine(l -> l.startsWith("DRAINED c ") || l.startsWith("FAIL c "), START);
            assertTrue(drained.startsWith("DRAINED c ") || drained.startsWith("FAIL c " + NAMED),
                "a consumer on the full disk reads or fails with a named exception: " + drained);
            Files.delete(ballast);
            try (ChildJvm b = start("queue", dir.toString())) {
                b.awaitLine("READY"::equals, START);
                send(b, "put x 3 100");
                assertEquals("PUT x 3", b.awaitLine(l -> l.startsWith("PUT x ") || l.startsWith("FAIL x "), START),
                    "another process appends once space is back: the lock was released");
                send(b, "exit");
                assertEquals(0, b.waitFor(START));
            }
            send(a, "put y 3 100");
            assertEquals("PUT y 3", a.awaitLine(l -> l.startsWith("PUT y ") || l.startsWith("FAIL y "), START),
                "the process that saw the failure appends again too");
            send(a, "exit");
            assertEquals(0, a.waitFor(START));
            final List<String> log = readAll(dir);
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add(DurableFaultMain.element("a", i, 100));
            }
            for (int i = 0; i < putBeforeFull; i++) {
                expected.add(DurableFaultMain.element("b", i, 65536));
            }
            final List<String> afterFull = log.subList(Math.min(expected.size(), log.size()), log.size());
            assertEquals(expected, log.subList(0, Math.min(expected.size(), log.size())),
                "every put that returned before the disk filled is in the log, in order");
            final List<String> tail = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                tail.add(DurableFaultMain.element("x", i, 100));
            }
            for (int i = 0; i < 3; i++) {
                tail.add(DurableFaultMain.element("y", i, 100));
            }
            // the failed put may be in the log when the disk filled after its message was published
            final List<String> rest = new ArrayList<>(afterFull);
            if (!rest.isEmpty() && rest.get(0).equals(DurableFaultMain.element("b", putBeforeFull, 65536))) {
                rest.remove(0);
            }
            assertEquals(tail, rest, "after the failure: nothing partial, then both processes' puts");
        } finally {
            unmount(mount);
        }
    }

    @Test
    void shouldWaitForAStoppedLiveHolderOfTheWriteLockInsteadOfThrowing() throws Exception {
        final Path dir = temp.resolve("log");
        DurableFaultMain.open(dir).close();
        try (ChildJvm holder = start("hold", dir.toString())) {
            holder.awaitLine("HOLDING"::equals, START);
            signal("STOP", holder.pid());
            try (ChildJvm b = start("queue", dir.toString())) {
                b.awaitLine("READY"::equals, START);
                send(b, "offer t 300");
                assertEquals("OFFER t false", b.awaitLine(l -> l.startsWith("OFFER t") || l.startsWith("FAIL t"),
                    START), "a timed offer gives up after its timeout while a live process holds the lock");
                send(b, "put p 1 100");
                Thread.sleep(1_500);
                assertFalse(b.lines().stream().anyMatch(l -> l.startsWith("PUT p") || l.startsWith("FAIL p")),
                    "put waits while the stopped holder lives: " + b.lines());
                signal("CONT", holder.pid());
                send(holder, "release");
                holder.awaitLine("RELEASED"::equals, START);
                assertEquals("PUT p 1", b.awaitLine(l -> l.startsWith("PUT p") || l.startsWith("FAIL p"), START),
                    "the first put of a process goes through once the holder lets go");
                send(b, "exit");
                assertEquals(0, b.waitFor(START));
            } finally {
                signal("CONT", holder.pid());
            }
        }
        assertEquals(List.of(DurableFaultMain.element("p", 0, 100)), readAll(dir), "exactly the put, once");
    }

    @Test
    void shouldSayPermissionDeniedWhenAnotherUserOpensAnExistingLog() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "skipped: running a child as another user (nobody) needs root");
        final Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        final Path dir = shared.resolve("log");
        DurableFaultMain.open(dir).close();
        final List<String> classPath = new ArrayList<>();
        int i = 0;
        for (final String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            final Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            final Path copy = shared.resolve("cp" + i++ + (Files.isDirectory(source) ? "" : ".jar"));
            copyReadable(source, copy);
            classPath.add(copy.toString());
        }
        final List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djava.io.tmpdir=" + shared, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(ChronicleFlags.CHILD_JVM_ARGS);
        command.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath),
            DurableFaultMain.class.getName(), "open", dir.toString()));
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child done");
            final String line = output.lines().filter(l -> l.startsWith("FAIL open") || l.equals("OPENED"))
                .findFirst().orElseThrow(() -> new AssertionError("no result from the child: " + output));
            assertTrue(line.contains("permission denied") && line.contains(dir.toString()),
                "a permission problem, named: " + line);
            assertFalse(line.contains("cannot create"), line);
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void copyReadable(final Path source, final Path target) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(source)) {
            for (final Path file : (Iterable<Path>) files::iterator) {
                final Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rwxr-xr-x"));
                } else {
                    Files.copy(file, to.equals(target) ? target : to);
                    Files.setPosixFilePermissions(to, java.nio.file.attribute.PosixFilePermissions.fromString(
                        "rw-r--r--"));
                }
            }
        }
    }

    private static ChildJvm start(final String... args) {
        return ChildJvm.start(ChronicleFlags.CHILD_JVM_ARGS, DurableFaultMain.class, args);
    }

    private static void send(final ChildJvm child, final String command) throws IOException {
        final OutputStream in = child.process().getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static int count(final ChildJvm child, final String prefix) {
        return child.lines().stream().filter(l -> l.startsWith(prefix)).mapToInt(
            l -> Integer.parseInt(l.substring(prefix.length()))).findFirst().orElseThrow();
    }

    static List<String> readAll(final Path dir) {
        final List<String> messages = new ArrayList<>();
        try (DurableQueue<String> queue = DurableFaultMain.open(dir);
             DurableCursor cursor = queue.channel().cursor("verifier")) {
            while (cursor.poll((buffer, offset, length, index, timestamp) ->
                messages.add(Codecs.string().decode(buffer, offset, length))) != DurableChannel.NO_INDEX) {
                // keep reading
            }
        }
        return messages;
    }

    /** Mounts a tmpfs of the given size in the test's temp dir; skips the test when that is not possible. */
    private Path mountTmpfs(final String size) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "skipped: mounting a small tmpfs for the disk-full case needs root");
        final Path mount = Files.createDirectory(temp.resolve("small-disk"));
        final Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700",
            "tmpfs", mount.toString()).inheritIO().start();
        Assumptions.assumeTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
            "skipped: mount -t tmpfs failed (no mount privilege in this environment)");
        return mount;
    }

    private static void unmount(final Path mount) throws Exception {
        final Process process = new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, "umount " + mount);
    }

    /** Writes a file until the file system is full. */
    private static void fill(final Path ballast) throws IOException {
        final ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        try (FileChannel file = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                block.clear();
                file.write(block);
            }
        } catch (final IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static void signal(final String signal, final long pid) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }
}
