package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExitStatusTest {

    @Test
    void shouldKeepExitValuesUpTo128() {
        assertEquals(0, ExitStatus.decode(0, ExitStatus.ORDERLY));
        assertEquals(1, ExitStatus.decode(1, null));
        assertEquals(128, ExitStatus.decode(128, null));
    }

    @Test
    void shouldReadValueAbove128WithoutRecordAsSignal() {
        assertEquals(-9, ExitStatus.decode(137, null));
        assertEquals(-6, ExitStatus.decode(134, null));
    }

    @Test
    void shouldReadValueAbove128WithSignalRecordAsSignal() {
        assertEquals(-15, ExitStatus.decode(143, "signal 15"));
    }

    @Test
    void shouldReadValueAbove128WithOrderlyRecordAsSystemExit() {
        assertEquals(137, ExitStatus.decode(137, ExitStatus.ORDERLY));
        assertEquals(255, ExitStatus.decode(255, ExitStatus.ORDERLY));
    }

    @Test
    void shouldNameSignalsInDescriptions() {
        assertEquals("-15 (SIGTERM)", ExitStatus.describe(-15));
        assertEquals("-9 (SIGKILL)", ExitStatus.describe(-9));
        assertEquals("3", ExitStatus.describe(3));
        assertEquals("-40 (signal 40)", ExitStatus.describe(-40));
    }
}
