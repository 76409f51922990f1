package io.shmproc.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocToolTest {
    private SharedDirectory dir;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ShmprocTool tool = new ShmprocTool(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @BeforeEach
    void setUp() throws Exception {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        MappedRegion.create(dir.resolve("good"), RegionKind.TEST, 2, 4096, PayloadInitializer.ZEROED).close();
        MappedRegion.create(dir.resolve("cut"), RegionKind.TEST, 2, 4096, PayloadInitializer.ZEROED).close();
        try (FileChannel channel = FileChannel.open(dir.resolve("cut"), StandardOpenOption.WRITE)) {
            channel.truncate(1000);
        }
        final byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(dir.resolve("garbage"), garbage);
        Files.write(dir.resolve("tiny"), new byte[3]);
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("good"));
    }

    @AfterEach
    void tearDown() {
        dir.delete();
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String lineOf(final String name) {
        return output().lines().filter(l -> l.startsWith(name + " ")).findFirst().orElse("<none>");
    }

    @Test
    void shouldListEveryObjectAndReportDamagedFilesWithoutFailing() throws Exception {
        assertEquals(0, tool.run(new String[] {"inspect", dir.path().toString()}));
        assertTrue(lineOf("good").contains("TEST") && lineOf("good").contains("(alive)"), lineOf("good"));
        assertTrue(lineOf("cut").contains("DAMAGED") && lineOf("cut").contains("truncated"), lineOf("cut"));
        assertTrue(lineOf("garbage").contains("DAMAGED: not a shmproc file"), lineOf("garbage"));
        assertTrue(lineOf("tiny").contains("DAMAGED") && lineOf("tiny").contains("shorter than"), lineOf("tiny"));
        assertTrue(lineOf("link").contains("DAMAGED: not a regular file"), lineOf("link"));
        assertTrue(output().contains("owner pid " + ProcessHandle.current().pid()), output());
    }

    @Test
    void shouldDumpAHeaderReadably() throws Exception {
        assertEquals(0, tool.run(new String[] {"dump", dir.resolve("good").toString()}));
        assertTrue(output().contains("(SHMPROC1)") && output().contains("kind             99 (TEST)")
            && output().contains("(ready)"), output());
    }

    @Test
    void shouldDumpADamagedFileAsDamaged() throws Exception {
        assertEquals(1, tool.run(new String[] {"dump", dir.resolve("garbage").toString()}));
        assertTrue(output().contains("NOT a shmproc file"), output());
        bytes.reset();
        assertEquals(1, tool.run(new String[] {"dump", dir.path().resolve("missing").toString()}));
        assertTrue(output().contains("DAMAGED"), output());
    }

    @Test
    void shouldListContextsWithTheirOwners() throws Exception {
        assertEquals(0, tool.run(new String[] {"list"}));
        assertTrue(output().contains(dir.path().toString()), output());
    }

    @Test
    void shouldPrintUsageForUnknownCommands() throws Exception {
        assertEquals(2, tool.run(new String[] {"frobnicate"}));
        assertTrue(output().startsWith("usage:"), output());
    }
}
