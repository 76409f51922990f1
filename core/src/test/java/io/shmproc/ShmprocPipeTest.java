package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.codec.Codecs;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocPipeTest {
    @Test
    void shouldHandOutPipesThatCloseWithTheContext() throws Exception {
        final Pipe<Object> pipe;
        final Pipe<String> strings;
        try (Shmproc mp = Shmproc.open()) {
            pipe = mp.pipe();
            strings = mp.pipe(PipeOptions.simplex(), Codecs.string());
            assertTrue(Files.exists(pipe.file()) && pipe.file().startsWith(mp.directory()));
            pipe.first().send("via the facade");
            assertEquals("via the facade", pipe.second().recv());
            strings.second().send("typed");
            assertEquals("typed", strings.first().recv());
        }
        assertTrue(pipe.first().isClosed() && strings.second().isClosed());
        assertFalse(Files.exists(pipe.file()));
    }
}
