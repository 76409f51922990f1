package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@CrossProcessTest
class ShmProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void shouldGoFromInitialToStoppedWithExitCodeZeroAfterNormalReturn() throws Exception {
        final ShmProcess p = ShmProcess.of(() -> { });
        assertFalse(p.isAlive());
        assertEquals(OptionalInt.empty(), p.exitCode());
        assertTrue(p.toString().contains("initial"), p.toString());
        assertThrows(IllegalStateException.class, p::pid);
        assertThrows(IllegalStateException.class, p::join);

        p.start();
        assertTrue(p.pid() > 0);
        assertTrue(p.join(PATIENCE));
        assertFalse(p.isAlive());
        assertEquals(OptionalInt.of(0), p.exitCode());
        assertTrue(p.toString().contains("stopped, exitCode=0"), p.toString());
        p.close();
    }

    @Test
    void shouldBeAliveAndHaveNoExitCodeWhileRunning() throws Exception {
        final Path marker = temp.resolve("running");
        final String file = marker.toString();
        final ShmProcess p = ShmProcess.of(() -> ChildActions.touchAndSleep(file)).start();
        awaitFile(marker);
        assertTrue(p.isAlive());
        assertEquals(OptionalInt.empty(), p.exitCode());
        assertTrue(p.toString().contains("pid=" + p.pid() + ", started"), p.toString());
        p.kill();
        p.join();
    }

    @Test
    void shouldRejectASecondStart() throws Exception {
        final ShmProcess p = ShmProcess.of(() -> { }).start();
        final IllegalStateException e = assertThrows(IllegalStateException.class, p::start);
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
        p.join();
    }

    @Test
    void shouldExitWithOneAndPrintTheStackTraceAfterAnUncaughtException() throws Exception {
        final Path stderr = temp.resolve("stderr.txt");
        final ShmProcess p = ShmProcess.of(() -> {
            throw new IllegalStateException("boom from the child");
        }).name("failing").redirectError(ProcessBuilder.Redirect.to(stderr.toFile())).start();
        p.join();
        assertEquals(OptionalInt.of(1), p.exitCode());
        final String printed = Files.readString(stderr);
        assertTrue(printed.contains("Process failing:"), printed);
        assertTrue(printed.contains("java.lang.IllegalStateException: boom from the child"), printed);
        assertTrue(printed.contains("\tat io.shmproc.process.ShmProcessTest"), printed);
    }

    @Test
    void shouldReportTheStatusPassedToSystemExit() throws Exception {
        final ShmProcess three = ShmProcess.of(() -> System.exit(3)).start();
        final ShmProcess aboveSignals = ShmProcess.of(() -> System.exit(137)).start();
        three.join();
        aboveSignals.join();
        assertEquals(OptionalInt.of(3), three.exitCode());
        assertEquals(OptionalInt.of(137), aboveSignals.exitCode(), "System.exit(137) must not read as SIGKILL");
    }

    @Test
    void shouldReportMinus15AfterTerminate() throws Exception {
        final ShmProcess p = startSleeper("terminated");
        p.terminate();
        p.join();
        assertFalse(p.isAlive());
        assertEquals(OptionalInt.of(-15), p.exitCode());
        assertTrue(p.toString().contains("exitCode=-15 (SIGTERM)"), p.toString());
    }

    @Test
    void shouldReportMinus15AfterTerminatingADaemonChildEveryTime() throws Exception {
        // terminate() once also closed the child's stdin, which a daemon child reads as its parent's death: its
        // own exit (status 1) raced the SIGTERM. Five rounds made that race show up most runs.
        for (int round = 0; round < 5; round++) {
            final Path marker = temp.resolve("daemon-" + round);
            final String file = marker.toString();
            final ShmProcess p = ShmProcess.of(() -> ChildActions.touchAndSleep(file)).daemon(true).start();
            awaitFile(marker);
            p.terminate();
            assertTrue(p.join(PATIENCE));
            assertEquals(OptionalInt.of(-15), p.exitCode(), "round " + round + ": " + p);
        }
    }

    @Test
    void shouldReportMinus9AfterKill() throws Exception {
        final ShmProcess p = startSleeper("killed");
        p.kill();
        p.join();
        assertEquals(OptionalInt.of(-9), p.exitCode());
    }

    @Test
    void shouldReturnFromTimedJoinWhenTheChildKeepsRunning() throws Exception {
        final ShmProcess p = startSleeper("sleeper");
        final long begin = System.nanoTime();
        assertFalse(p.join(Duration.ofMillis(300)));
        final long waitedMillis = (System.nanoTime() - begin) / 1_000_000;
        assertTrue(waitedMillis >= 290 && waitedMillis < 10_000, "waited " + waitedMillis + " ms");
        assertTrue(p.isAlive());
        assertEquals(OptionalInt.empty(), p.exitCode());
        p.kill();
        assertTrue(p.join(PATIENCE));
    }

    @Test
    void shouldRejectCloseWhileAliveAndUseAfterClose() throws Exception {
        final ShmProcess p = startSleeper("closing");
        assertThrows(IllegalStateException.class, p::close);
        p.kill();
        p.join();
        p.close();
        p.close();
        assertThrows(ClosedException.class, p::isAlive);
        assertThrows(ClosedException.class, p::exitCode);
        assertThrows(ClosedException.class, p::start);
        assertTrue(p.toString().contains("closed"), p.toString());
    }

    @Test
    void shouldAcceptConfigurationOnlyBeforeStart() throws Exception {
        final ShmProcess p = ShmProcess.of(() -> { }).daemon(true);
        assertTrue(p.daemon());
        p.start();
        assertThrows(IllegalStateException.class, () -> p.daemon(false));
        assertThrows(IllegalStateException.class, () -> p.jvmOptions(List.of("-Xmx64m")));
        p.name("renamed");
        assertEquals("renamed", p.name());
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode());
    }

    @Test
    void shouldRejectBadConfigurationNamingTheArgument() {
        final ShmProcess p = ShmProcess.of(() -> { });
        final IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> p.name(" "));
        assertTrue(blank.getMessage().contains("name"), blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.redirectOutput(ProcessBuilder.Redirect.PIPE));
        assertThrows(IllegalArgumentException.class, () -> ShmProcess.of((SerializableRunnable) null));
        assertThrows(IllegalArgumentException.class, () -> ShmProcess.of(ChildActions.NoDefaultConstructor.class));
        final IllegalArgumentException arg = assertThrows(IllegalArgumentException.class,
            () -> ShmProcess.of(ChildActions.WriteArgs.class, "ok", new Object()));
        assertTrue(arg.getMessage().contains("args[1]"), arg.getMessage());
    }

    @Test
    void shouldFailStartWhenTheTargetCapturesSomethingUnserializable() {
        final Object notSerializable = new Object();
        final ShmProcess p = ShmProcess.of(() -> notSerializable.hashCode());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::start);
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
        assertFalse(p.isAlive());
    }

    @Test
    void shouldCarryCapturedValuesToTheChild() throws Exception {
        final String file = temp.resolve("captured").toString();
        final int number = 42;
        final String text = "captured text";
        final List<String> list = List.of("a", "b");
        final ShmProcess p = ShmProcess.of(() -> ChildActions.write(file, number + "|" + text + "|" + list)).start();
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode());
        assertEquals("42|captured text|[a, b]", Files.readString(Path.of(file)));
    }

    @Test
    void shouldRunMethodReferencesAndLambdasCapturedByLambdas() throws Exception {
        final String file = temp.resolve("nested-lambda").toString();
        final SerializableRunnable inner = () -> ChildActions.write(file, "inner ran");
        final ShmProcess viaLambda = ShmProcess.of(() -> inner.run()).start();
        final ChildActions.Writer writer = new ChildActions.Writer(temp.resolve("bound").toString(), "bound ran");
        final ShmProcess viaBoundReference = ShmProcess.of(writer::write).start();
        final ShmProcess viaStaticReference = ShmProcess.of(ChildActions::exitWithFour).start();
        viaLambda.join();
        viaBoundReference.join();
        viaStaticReference.join();
        assertEquals(OptionalInt.of(0), viaLambda.exitCode());
        assertEquals("inner ran", Files.readString(Path.of(file)));
        assertEquals(OptionalInt.of(0), viaBoundReference.exitCode());
        assertEquals("bound ran", Files.readString(temp.resolve("bound")));
        assertEquals(OptionalInt.of(4), viaStaticReference.exitCode());
    }

    @Test
    void shouldRunATaskClassWithArguments() throws Exception {
        final String file = temp.resolve("task").toString();
        final ShmProcess p = ShmProcess.of(ChildActions.WriteArgs.class, file, 7, null).start();
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode());
        assertEquals("7|null", Files.readString(Path.of(file)));
    }

    @Test
    void shouldPassEnvironmentAndJvmOptions() throws Exception {
        final String file = temp.resolve("env").toString();
        final ShmProcess p = ShmProcess.of(() -> ChildActions.write(file, System.getenv("SHMPROC_TEST_VAR") + "|"
                + System.getProperty("shmproc.test.prop")))
            .environment(Map.of("SHMPROC_TEST_VAR", "from-env"))
            .jvmOptions(List.of("-Dshmproc.test.prop=from-option"))
            .start();
        p.join();
        assertEquals("from-env|from-option", Files.readString(Path.of(file)));
    }

    @Test
    void shouldGiveTheChildTheParentsClassPathWithoutAnyAgronaExport() throws Exception {
        final String file = temp.resolve("classpath").toString();
        final ShmProcess p = ShmProcess.of(() -> {
            if (Object.class.getModule().isExported("jdk.internal.misc", ChildActions.class.getModule())) {
                throw new IllegalStateException("the child was given jdk.internal.misc; shmproc needs no export");
            }
            ChildActions.write(file, System.getProperty("java.class.path"));
        }).start();
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode(), "the child runs shmproc without jdk.internal.misc");
        assertEquals(System.getProperty("java.class.path"), Files.readString(Path.of(file)));
    }

    void shouldGiveTheChildTheJvmOptionsDurableQueuesNeed() throws Exception {
        final Path log = temp.resolve("durable");
        final String dir = log.toString();
        final ShmProcess p = ShmProcess.of(() -> {
            try (DurableQueue<Long> q = DurableQueue.open(Path.of(dir), Codecs.longs(),
                DurableQueueOptions.defaults())) {
                q.put(42L);
            }
        }).start();
        assertTrue(p.join(PATIENCE));
        assertEquals(OptionalInt.of(0), p.exitCode());
        try (DurableQueue<Long> q = DurableQueue.open(log, Codecs.longs(), DurableQueueOptions.defaults())) {
            assertEquals(42L, q.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldSeeCurrentAndParentInsideTheChild() throws Exception {
        final String file = temp.resolve("identity").toString();
        final ShmProcess p = ShmProcess.of(() -> ChildActions.writeIdentity(file)).name("inner").start();
        p.join();
        assertEquals(OptionalInt.of(0), p.exitCode());
        final String[] fields = Files.readString(Path.of(file)).split("\\|");
        assertEquals("inner", fields[0]);
        assertEquals(Long.toString(p.pid()), fields[1]);
        assertEquals("MainProcess", fields[2]);
        assertEquals(Long.toString(ProcessHandle.current().pid()), fields[3]);
        assertEquals("true", fields[4], "the parent is alive while the child runs");
    }

    @Test
    void shouldDescribeTheMainProcessAsCurrentWithoutParent() {
        assertEquals("MainProcess", ShmProcess.current().name());
        assertEquals(ProcessHandle.current().pid(), ShmProcess.current().pid());
        assertTrue(ShmProcess.current().isAlive());
        assertTrue(ShmProcess.parent().isEmpty());
        assertTrue(ShmProcess.cpuCount() >= 1);
        assertThrows(IllegalStateException.class, () -> ShmProcess.current().join());
        assertThrows(IllegalStateException.class, () -> ShmProcess.current().terminate());
    }

    @Test
    void shouldNameChildrenInOrderAndNestedChildrenWithColons() throws Exception {
        final ShmProcess first = ShmProcess.of(() -> { });
        final ShmProcess second = ShmProcess.of(() -> { });
        final int n = Integer.parseInt(first.name().substring("ShmProcess-".length()));
        assertEquals("ShmProcess-" + (n + 1), second.name());

        final String file = temp.resolve("nested").toString();
        first.start();
        final ShmProcess parent = ShmProcess.of(() -> ChildActions.startNestedChildren(file)).start();
        parent.join();
        first.join();
        assertEquals(OptionalInt.of(0), parent.exitCode());
        final String nestedPrefix = parent.name() + ":";
        assertEquals(nestedPrefix.replace("ShmProcess-", "ShmProcess-") + "1|" + nestedPrefix + "2|" + parent.name(),
            Files.readString(Path.of(file)));
    }

    @Test
    void shouldListOnlyRunningChildrenAsActive() throws Exception {
        final ShmProcess one = startSleeper("one");
        final ShmProcess two = startSleeper("two");
        final List<ShmProcess> active = ShmProcess.activeChildren();
        assertTrue(active.contains(one) && active.contains(two), active.toString());
        one.kill();
        one.join();
        assertFalse(ShmProcess.activeChildren().contains(one));
        assertTrue(ShmProcess.activeChildren().contains(two));
        two.kill();
        two.join();
        assertFalse(ShmProcess.activeChildren().contains(two));
    }

    private ShmProcess startSleeper(final String label) throws IOException, InterruptedException {
        final Path marker = temp.resolve(label);
        final String file = marker.toString();
        final ShmProcess p = ShmProcess.of(() -> ChildActions.touchAndSleep(file)).start();
        awaitFile(marker);
        return p;
    }

    static void awaitFile(final Path file) throws InterruptedException {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + file + " within " + PATIENCE);
            }
            Thread.sleep(10);
        }
    }

    static String read(final Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
