package io.shmproc.testkit;

import io.shmproc.memory.SharedDirectory;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a process running or a shmproc file behind, after cleaning both up.
 *
 * <p>Processes: every descendant of the test JVM still alive two seconds after the test is killed with
 * SIGKILL and reported. Files: every context directory of this JVM ({@code shmproc-<user>-<pid>-*}) under
 * {@code /dev/shm} or the temp dir that appeared during the test is removed and reported, as is any
 * {@code shmproc*} entry that appeared in the temp dir.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
        LeakCheckExtension.class);

    @Override
    public void beforeEach(final ExtensionContext context) {
        context.getStore(NAMESPACE).put("files", snapshot());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(final ExtensionContext context) throws Exception {
        check((Set<Path>) context.getStore(NAMESPACE).get("files"), context);
    }

    /**
     * Kills what a test or suite left running and removes what it left in the shared-memory and temp
     * directories, and fails it for that unless it failed already.
     *
     * @param before  the {@link #snapshot()} taken before it ran
     * @param context the test's or suite's context
     * @throws Exception when waiting was interrupted
     */
    static void check(final Set<Path> before, final ExtensionContext context) throws Exception {
        final List<String> problems = new ArrayList<>();
        for (final ChildJvm child : new ArrayList<>(ChildJvm.live())) {
            child.close();
        }
        final List<ProcessHandle> leaked = awaitNoDescendants(2_000);
        if (!leaked.isEmpty()) {
            problems.add("test left processes running (killed them): " + leaked.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.joining("; ")));
            leaked.forEach(ProcessHandle::destroyForcibly);
            awaitNoDescendants(5_000);
        }
        final Set<Path> now = snapshot();
        now.removeAll(before);
        if (!now.isEmpty()) {
            problems.add("test left files behind (removed them): " + now);
            for (final Path path : now) {
                SharedDirectory.deleteTree(path);
            }
        }
        if (!problems.isEmpty() && context.getExecutionException().isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }

    private static List<ProcessHandle> awaitNoDescendants(final long millis) throws InterruptedException {
        final long deadline = System.currentTimeMillis() + millis;
        List<ProcessHandle> alive = descendants();
        while (!alive.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            alive = descendants();
        }
        return alive;
    }

    private static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    /**
     * The shmproc entries this JVM could have created: its context directories and temp files.
     *
     * @return a mutable set of paths
     */
    static Set<Path> snapshot() {
        final Set<Path> found = new HashSet<>();
        final String mine = SharedDirectory.userPrefix() + ProcessHandle.current().pid() + "-*";
        collect(SharedDirectory.defaultBase(), mine, found);
        final Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        collect(temp, mine, found);
        collect(temp, "shmproc*" + ProcessHandle.current().pid() + "*", found);
        return found;
    }

    private static void collect(final Path dir, final String glob, final Set<Path> into) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
            entries.forEach(into::add);
        } catch (final IOException e) {
            // no such base: nothing of ours there
        }
    }
}
