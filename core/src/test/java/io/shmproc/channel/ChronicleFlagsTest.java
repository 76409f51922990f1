package io.shmproc.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@CrossProcessTest
class ChronicleFlagsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void shouldRunEverythingElseAndExplainWhenChronicleIsNotOnTheClassPath() throws Exception {
        final String withoutChronicle = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("openhft"))
            .collect(Collectors.joining(File.pathSeparator));
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("-cp", withoutChronicle, ChronicleProbeMain.class.getName(),
            temp.resolve("q").toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor());
        assertTrue(output.contains("CONTEXT OK"), output);
        assertTrue(output.contains("FAILED MissingDependencyException") && output.contains(
            ChronicleFlags.MAVEN_COORDINATES), output);
    }

    @Test
    void shouldNameEveryMissingJvmOption() {
        try (ChildJvm child = ChildJvm.start(ChronicleProbeMain.class, temp.resolve("q").toString())) {
            final String line = child.awaitLine(l -> l.startsWith("FAILED") || l.startsWith("QUEUE"), WAIT);
            assertTrue(line.startsWith("FAILED MissingJvmFlagException"), line);
            for (final String option : List.of("--add-opens java.base/java.lang.reflect=ALL-UNNAMED",
                "--add-exports java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports java.base/jdk.internal.ref=ALL-UNNAMED")) {
                assertTrue(line.contains(option), "missing " + option + " in: " + line);
            }
            assertEquals(0, child.waitFor(WAIT));
        }
    }

    @Test
    void shouldWriteNothingIntoTheHomeDirectory() throws Exception {
        final Path home = Files.createDirectory(temp.resolve("home"));
        final List<String> options = new ArrayList<>(ChronicleFlags.CHRONICLE_ARGS);
        options.add("-Duser.home=" + home);
        try (ChildJvm child = ChildJvm.start(options, ChronicleProbeMain.class, temp.resolve("q").toString())) {
            final String line = child.awaitLine(l -> l.startsWith("FAILED") || l.startsWith("QUEUE"), WAIT);
            assertEquals("QUEUE OK x", line);
            assertEquals(0, child.waitFor(WAIT));
        }
        try (Stream<Path> files = Files.walk(home)) {
            assertEquals(List.of(home), files.collect(Collectors.toList()), "files written under user.home");
        }
    }

    @Test
    void shouldListEveryOptionForChildren() {
        assertTrue(ChronicleFlags.CHILD_JVM_ARGS.containsAll(ChronicleFlags.CHRONICLE_ARGS));
        assertTrue(ChronicleFlags.CHILD_JVM_ARGS.stream().noneMatch(arg -> arg.contains("jdk.internal.misc")),
            "shmproc itself needs no export");
        assertTrue(ChronicleFlags.CHILD_JVM_ARGS.contains("-Dchronicle.analytics.disable=true"));
        assertTrue(ChronicleFlags.missingModuleOptions(ChronicleFlags.class.getModule()).isEmpty(),
            "surefire's argLine has them all");
    }
}
