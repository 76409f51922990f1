package io.shmproc.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.shmproc.memory.SharedDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/** The leak check must fail a test that leaks, and clean up after it. */
class LeakCheckExtensionTest {
    static final AtomicReference<Path> LEAKED_DIR = new AtomicReference<>();
    static final AtomicReference<ProcessHandle> LEAKED_PROCESS = new AtomicReference<>();

    @Test
    void shouldFailATestThatLeaksAProcessAndAFileAndCleanBoth() {
        final Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(Leaky.class)).execute()
            .testEvents();
        events.assertStatistics(stats -> stats.started(1).failed(1));
        final Event failed = events.failed().list().get(0);
        final String message = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class)
            .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::getMessage).orElse("");
        assertTrue(message.contains("left processes running") && message.contains("left files behind"), message);
        assertFalse(Files.exists(LEAKED_DIR.get()), "the leaked directory was removed");
        assertFalse(LEAKED_PROCESS.get().isAlive(), "the leaked process was killed");
    }

    /** Runs only through the engine test kit above (nested classes are not discovered by surefire). */
    @CrossProcessTest
    static final class Leaky {
        @Test
        void leaks() throws Exception {
            LEAKED_PROCESS.set(new ProcessBuilder("sleep", "60").start().toHandle());
            LEAKED_DIR.set(SharedDirectory.create(SharedDirectory.defaultBase()).path());
        }
    }
}
