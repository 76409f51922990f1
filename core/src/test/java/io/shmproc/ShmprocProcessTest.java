package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.process.ShmProcess;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The context's process factory: closing the context terminates daemon children and joins the others. */
@CrossProcessTest
class ShmprocProcessTest {
    @TempDir
    Path temp;

    @Test
    void shouldTerminateDaemonChildrenAndJoinOthersOnClose() throws Exception {
        final String done = temp.resolve("done").toString();
        final ShmProcess daemon;
        final ShmProcess worker;
        try (Shmproc mp = Shmproc.open()) {
            daemon = mp.process(() -> Thread.sleep(120_000)).daemon(true).start();
            worker = mp.process(() -> {
                Thread.sleep(500);
                Files.writeString(Path.of(done), "done");
            }).start();
            assertTrue(daemon.isAlive());
        }
        assertFalse(daemon.isAlive());
        assertEquals(OptionalInt.of(-15), daemon.exitCode());
        assertEquals(OptionalInt.of(0), worker.exitCode(), "close() joined the non-daemon child");
        assertTrue(Files.exists(Path.of(done)));
    }

    @Test
    void shouldRunATaskClassAndRefuseNewProcessesAfterClose() throws Exception {
        final Shmproc mp = Shmproc.open();
        final ShmProcess p = mp.process(ExitWith.class, 5).start();
        p.join();
        assertEquals(OptionalInt.of(5), p.exitCode());
        mp.close();
        assertThrows(ClosedException.class, () -> mp.process(() -> { }));
    }

    /** Exits with the status given as its argument. */
    public static final class ExitWith implements io.shmproc.process.ProcessTask {
        /** For the child. */
        public ExitWith() {
        }

        @Override
        public void run(final Object... args) {
            System.exit((Integer) args[0]);
        }
    }
}
