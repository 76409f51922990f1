package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * In a fresh JVM (whose read-modify-writes have not run yet), the warm-up uses up every method's early size checks
 * without a file left behind.
 */
@CrossProcessTest
class ReadModifyWriteWarmupTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldUseUpEveryEarlyCheckAndLeaveNoFile() {
        try (ChildJvm child = ChildJvm.start(RmwWarmupChild.class)) {
            final String line = child.awaitLine(l -> l.startsWith("RESULT"), WAIT);
            final boolean early = Runtime.version().feature() < 21;
            assertEquals("RESULT before=" + (early ? MappedBuffer.EARLY_CHECKS : 0) + " after=0 files=[]", line);
            assertEquals(0, child.waitFor(WAIT));
        }
    }

    /** Runs the warm-up and reports the early checks left before and after, and its scratch files left. */
    public static final class RmwWarmupChild {
        private RmwWarmupChild() {
        }

        /**
         * Entry point.
         *
         * @param args none
         * @throws IOException on failure
         */
        public static void main(final String[] args) throws IOException {
            final boolean early = Runtime.version().feature() < 21;
            final int before = early ? Math.max(0, Arrays.stream(MappedBuffer.earlyChecksLeft()).min().orElse(0)) : 0;
            ReadModifyWriteWarmup.run();
            final int after = early ? Math.max(0, Arrays.stream(MappedBuffer.earlyChecksLeft()).max().orElse(0)) : 0;
            final List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(SharedDirectory.defaultBase(),
                ".shmproc-warmup-" + ProcessHandle.current().pid() + "-*")) {
                entries.forEach(files::add);
            }
            System.out.println("RESULT before=" + before + " after=" + after + " files=" + files);
        }
    }
}
