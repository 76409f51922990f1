package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.MissingJvmFlagException;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM without the Agrona flag gets one clear exception naming it, not an IllegalAccessError. */
@CrossProcessTest
class JvmFlagsTest {

    @Test
    void shouldNameTheMissingFlagInAJvmThatLacksIt() throws Exception {
        final Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), WithoutFlag.class.getName())
            .redirectErrorStream(true).start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("RESULT MissingJvmFlagException")
                && output.contains("--add-exports java.base/jdk.internal.misc=ALL-UNNAMED"), output);
        } finally {
            process.destroyForcibly().waitFor();
        }
    }

    /** Child started without the flag. */
    static final class WithoutFlag {
        public static void main(final String[] args) throws IOException {
            try (Shmproc mp = Shmproc.open()) {
                System.out.println("RESULT opened " + mp);
            } catch (final MissingJvmFlagException e) {
                System.out.println("RESULT MissingJvmFlagException " + e.getMessage());
            }
        }
    }
}
