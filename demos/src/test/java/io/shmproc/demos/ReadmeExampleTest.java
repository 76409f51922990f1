package io.shmproc.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keeps the README honest: its example is this code, and this code runs. */
class ReadmeExampleTest {
    private static final List<String> EXAMPLE = List.of(
        "try (Shmproc mp = Shmproc.open()) {",
        "SharedQueue<String> q = mp.queue(\"jobs\");",
        "ShmProcess p = mp.process(() -> q.put(\"hello\"))",
        ".name(\"worker\").start();",
        "System.out.println(q.take());",
        "p.join();");

    @Test
    void shouldShowThisExampleInTheReadme() throws Exception {
        final String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        for (final String line : EXAMPLE) {
            assertTrue(readme.contains(line), "README.md lacks the line: " + line);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunTheReadmeExampleAcrossTwoJvms() throws Exception {
        final String received;
        final Path dir;
        try (Shmproc mp = Shmproc.open()) {
            dir = mp.directory();
            SharedQueue<String> q = mp.queue("jobs");
            ShmProcess p = mp.process(() -> q.put("hello"))
                             .name("worker").start();
            received = q.take();
            p.join();
            assertEquals(0, p.exitCode().getAsInt());
            assertTrue(p.pid() != ProcessHandle.current().pid());
        }
        assertEquals("hello", received);
        assertTrue(Files.notExists(dir), "the context directory is removed on close");
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count());
    }
}
