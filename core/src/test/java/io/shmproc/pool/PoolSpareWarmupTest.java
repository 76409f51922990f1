package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shmproc.process.SpareExtension;
import io.shmproc.testkit.CrossProcessTest;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The pool's part of a spare's warm-up runs a worker's whole path (its one result is checked inside) and leaves
 * nothing behind (the leak check of every test), and spares find it as a service.
 */
@CrossProcessTest
class PoolSpareWarmupTest {
    @Test
    void shouldRunAWorkersPathAndLeaveNothing() {
        assertDoesNotThrow(() -> new PoolSpareWarmup().warmUp());
        assertDoesNotThrow(() -> new PoolSpareWarmup().warmUp(), "a second time in the same JVM");
    }

    @Test
    void shouldBeFoundAsASpareExtension() {
        final List<String> found = new ArrayList<>();
        ServiceLoader.load(SpareExtension.class).forEach(extension -> found.add(extension.getClass().getName()));
        assertEquals(List.of(PoolSpareWarmup.class.getName()), found);
    }
}
