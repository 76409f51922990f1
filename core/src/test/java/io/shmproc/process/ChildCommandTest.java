package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildCommandTest {
    @Test
    void shouldStartWithThisJavaEndWithTheNameAndAllowUnsafeOnlyWhereTheOptionExists() {
        final List<String> command = ChildCommand.build(List.of("-Xshare:auto"), List.of(), List.of("-Xmx64m"),
            "ShmProcess-7");
        assertEquals(ChildCommand.javaExecutable(), command.get(0));
        assertEquals("ShmProcess-7", command.get(command.size() - 1));
        assertEquals(Runtime.version().feature() >= 24, command.contains(ChildCommand.UNSAFE_ALLOW),
            "Java 17 rejects the option; Java 24+ warns without it");
        // user options come after shmproc's, so that a user's own choice wins
        assertEquals(true, command.indexOf("-Xmx64m") > command.indexOf("-Xshare:auto"));
    }
}
