package io.shmproc.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.SharedDirectory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs every demo in this JVM (its {@code main}, found by name in {@link Demos#ALL}) and checks what the parent
 * printed, so that the demos cannot rot. Children inherit the JVM's standard output file, not
 * {@code System.out}, so only the parent's lines are captured: each demo's parent prints enough to check it.
 * After each demo no child process of this JVM may be alive and no context directory of this JVM may remain.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemosTest {
    private static final Set<String> TESTED = Set.of("process-ids", "process-start-join", "process-terminate",
        "process-join-loop", "pipe", "ping-pong", "pipe-shared-end", "managed-object", "queue-writer-reader",
        "sporadic", "joinable-cooks-eaters", "sync-hello-lock", "sync-countdown", "sync-robust-lock", "state-manager",
        "state-namespace", "pool-callback", "pool-apply", "pool-progress", "durable-queue", "cluster",
        "flagship-hosts", DemoLauncher.FLAGSHIP);

    private Set<Path> filesBefore;

    @BeforeEach
    void snapshotFiles() {
        filesBefore = contextDirectories();
    }

    @AfterEach
    void shouldLeaveNoProcessAndNoFile() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<ProcessHandle> alive = descendants();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = descendants();
        }
        alive.forEach(ProcessHandle::destroyForcibly);
        final Set<Path> left = contextDirectories();
        left.removeAll(filesBefore);
        for (final Path path : left) {
            SharedDirectory.deleteTree(path);
        }
        assertEquals(List.of(), alive.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
            .collect(Collectors.toList()), "processes left running (killed them)");
        assertEquals(Set.of(), left, "context directories left behind (removed them)");
    }

    @Test
    void shouldTestEveryDemoInTheCatalogue() {
        assertEquals(new TreeSet<>(TESTED), Demos.ALL.stream().map(Demo::name).collect(Collectors.toCollection(
            TreeSet::new)));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void clusterShouldRunTheFirstProgramAgainstThreeMembers() throws Exception {
        final String out = run("cluster");
        assertTrue(out.contains("3 members on 127.0.0.1:"), out);
        assertTrue(out.contains("hello"), out);
        assertTrue(out.contains("worker exit code 0"), out);
        assertTrue(out.contains("echo: ping"), out);
        try (java.util.stream.Stream<Path> left = Files.list(Path.of("/dev/shm"))) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("shmproc-cluster-"))
                .collect(Collectors.toList()), "the demo removes its members' directories");
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void flagshipAcrossHostsShouldDeliverEveryMessageExactlyOnceWithWorkersOnBothHosts() throws Exception {
        final String out = run("flagship-hosts", "20000");
        assertTrue(out.contains("summary: 20,000 of 20,000 messages received exactly once (missing 0, duplicates 0)")
            && out.contains("across 2 hosts"), out);
        assertTrue(out.contains("pool 'flagship': 1 worker on host A, 2 on host B"), out);
        try (java.util.stream.Stream<Path> left = Files.list(Path.of("/dev/shm"))) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("shmproc-cluster-")
                || p.getFileName().toString().startsWith("shmproc-client-")).collect(Collectors.toList()),
                "the demo removes its members' and clients' directories");
        }
    }

    @Test
    void processIdsShouldPrintTheMainLine() throws Exception {
        final String out = run("process-ids");
        assertTrue(out.contains("main line"), out);
        assertTrue(out.contains("process id: " + ProcessHandle.current().pid()), out);
    }

    @Test
    void processStartJoinShouldEndWithExitCodeZero() throws Exception {
        assertTrue(run("process-start-join").contains("stopped, exitCode=0]"));
    }

    @Test
    void processTerminateShouldEndTheChildWithSigterm() throws Exception {
        final String out = run("process-terminate");
        assertTrue(out.contains("exitCode=-15 (SIGTERM)] false"), out);
        assertTrue(out.contains("exitCode == -15 (SIGTERM): true"), out);
    }

    @Test
    void processJoinLoopShouldJoinFourChildrenThatExitWithZero() throws Exception {
        assertTrue(run("process-join-loop").contains("exit codes [0, 0, 0, 0]"));
    }

    @Test
    void pipeShouldCarryAListToTheParentAndAnAnswerBack() throws Exception {
        final String out = run("pipe");
        assertTrue(out.contains("parent received: [42, null, hello]"), out);
        assertTrue(out.contains("child exited with 0"), out);
    }

    @Test
    void sharedPipeEndShouldCarryEveryWorkersMessagesThenReachEndOfFile() throws Exception {
        final String out = run("pipe-shared-end");
        assertEquals(20, count(out, "worker \\d: \\d squared is \\d+"), out);
        assertTrue(out.contains("parent: 20 messages from 4 workers on one end"), out);
    }

    @Test
    void managedObjectShouldCountEveryChildsCallsAndDeliverTheException() throws Exception {
        final String out = run("managed-object");
        assertTrue(out.contains("initializer ran in the serving process"), out);
        assertTrue(out.contains("counter = 1000 after 4 processes made 250 calls each (served by pid "
            + ProcessHandle.current().pid()), out);
        assertTrue(out.contains("caller caught IllegalStateException: cannot take 1000000 from 1000 (remote stack"
            + " trace in the cause: true)"), out);
    }

    @Test
    void pingPongShouldPrintPercentiles() throws Exception {
        final String out = run("ping-pong", "5000", "1000");
        assertTrue(out.contains("5,000 round trips of 32 bytes between two processes (after 1,000 warm-up"), out);
        for (final String line : List.of("p50", "p90", "p99 ", "p99.9", "max")) {
            assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(line) + " +[0-9,]+ ns$").matcher(out).find(),
                line + " in " + out);
        }
    }

    @Test
    void sporadicShouldPrintWakeUpPercentilesAfterTheConsumersWarmUp() throws Exception {
        final String out = run("sporadic", "20", "5");
        assertTrue(out.contains("20 messages every 5 ms to a consumer blocked in take() (its JVM warmed up first:"
            + " true), latency put -> take:"), out);
        for (final String line : List.of("p50", "p90", "p99", "max")) {
            assertTrue(Pattern.compile("(?m)^  " + Pattern.quote(line) + " +[0-9,.]+ us$").matcher(out).find(),
                line + " in " + out);
        }
    }

    @Test
    void queueWriterReaderShouldReadEveryItemThenTerminateTheReader() throws Exception {
        final String out = run("queue-writer-reader");
        assertTrue(out.contains("parent: the reader read all 11 items; queue empty: true"), out);
        assertTrue(out.contains("exitCode=-15 (SIGTERM), daemon]"), out);
    }

    @Test
    void cooksAndEatersShouldJoinTheQueueOnceEveryDishIsEaten() throws Exception {
        final String out = run("joinable-cooks-eaters");
        assertTrue(out.contains("parent: every dish was eaten"), out);
        assertTrue(out.contains(", 0 items, ") && out.contains(" 0 unfinished])"), out);
    }

    @Test
    void helloLockShouldJoinTenChildrenThatExitWithZero() throws Exception {
        assertTrue(run("sync-hello-lock").contains("parent: joined 10 processes; exit codes "
            + Arrays.toString(new int[10])));
    }

    @Test
    void countdownShouldEndAtExactlyZeroAfterOneHundredProcesses() throws Exception {
        final String out = run("sync-countdown");
        for (final int after : new int[] {25, 50, 75, 100}) {
            assertTrue(out.contains("after " + after + " processes: count = " + (100 - after)), out);
        }
        assertTrue(out.contains("final count = 0 (exact)"), out);
    }

    @Test
    void robustLockShouldBeTakenOverFromAKilledHolder() throws Exception {
        final String out = run("sync-robust-lock");
        assertTrue(out.contains("parent: tryLock() while the child lives -> false"), out);
        assertTrue(out.contains("while it held the lock; exit code -9"), out);
        assertTrue(out.contains("previousOwnerDied() = true"), out);
    }

    @Test
    void managerDemoShouldFillTheDictAndTheListFromFiveChildren() throws Exception {
        final String out = run("state-manager");
        assertTrue(out.contains("{name0=worker-0, name1=worker-1, name2=worker-2, name3=worker-3, name4=worker-4,"
            + " workdata0=0, workdata1=1, workdata2=4, workdata3=9, workdata4=16}"), out);
        final Matcher list = Pattern.compile("(?m)^\\[([0-9, ]+)]$").matcher(out);
        assertTrue(list.find(), out);
        final Set<Long> pids = Arrays.stream(list.group(1).split(", ")).map(Long::valueOf)
            .collect(Collectors.toSet());
        assertEquals(5, pids.size(), out);
        assertFalse(pids.contains(ProcessHandle.current().pid()), out);
    }

    @Test
    void namespaceDemoShouldShowEveryChildsUpdate() throws Exception {
        final String out = run("state-namespace");
        assertTrue(out.contains("Namespace(done=3, x=13, y='hello')"), out);
        assertTrue(out.contains("x = 13, fields in the order first set: [x, y, done]"), out);
    }

    @Test
    void poolCallbackShouldFinishEveryTask() throws Exception {
        final String out = run("pool-callback");
        assertTrue(out.contains("9 squared is 81"), out);
        assertTrue(out.contains("all 10 tasks done: true"), out);
    }

    @Test
    void poolApplyShouldRunSixTasksEachWay() throws Exception {
        final String out = run("pool-apply");
        assertEquals(6, count(out, "(?m)^apply: task "), out);
        assertEquals(6, count(out, "(?m)^applyAsync \\+ get: task "), out);
    }

    @Test
    void poolProgressShouldReachOneHundredPercent() throws Exception {
        final String out = run("pool-progress");
        assertTrue(out.contains("100% 5/5"), out);
        assertEquals(5, count(out, "task [1-5] done in pid "), out);
    }

    @Test
    void durableQueueShouldProveEveryEventSurvivedTheKills() throws Exception {
        final String out = run("durable-queue");
        assertTrue(out.contains("wrote 1000000 events and was killed with SIGKILL (exit code -9)"), out);
        assertEquals(2, count(out, "; killed with SIGKILL"), out);
        assertTrue(out.contains("proof: OK; all 1,000,000 events consumed: yes"), out);
    }

    @Test
    void flagshipShouldDeliverEveryMessageExactlyOnce() throws Exception {
        final String out = run(DemoLauncher.FLAGSHIP, "20000", "2");
        assertTrue(out.contains("summary: 20,000 of 20,000 messages received exactly once (missing 0, duplicates 0)"),
            out);
    }

    /**
     * Runs a demo's {@code main} here, with {@code System.out} both shown and captured.
     *
     * @return what it printed on {@code System.out}
     */
    private static String run(final String name, final String... args) throws Exception {
        assertTrue(TESTED.contains(name), name + " is not in TESTED");
        final Demo demo = Demos.ALL.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
        final PrintStream original = System.out;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
        try {
            demo.mainClass().getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (final InvocationTargetException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static int count(final String text, final String regex) {
        final Matcher matcher = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    private static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    /** This JVM's context directories ({@code shmproc-<user>-<pid>-*}) under the shared-memory base. */
    private static Set<Path> contextDirectories() {
        final Set<Path> found = new HashSet<>();
        final String mine = SharedDirectory.userPrefix() + ProcessHandle.current().pid() + "-*";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(SharedDirectory.defaultBase(), mine)) {
            entries.forEach(found::add);
        } catch (final IOException e) {
            // no base directory: nothing of ours
        }
        return found;
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(final OutputStream first, final OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(final int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
