package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forms in which a target travels to the child, decoded as the child decodes them. */
class TargetCodecTest {
    /** Records the arguments it was run with (one test thread at a time). */
    public static final class RecordingTask implements ProcessTask {
        static Object[] seen;

        @Override
        public void run(final Object... args) {
            seen = args;
        }
    }

    @Test
    void shouldSendATaskClassWithSimpleArgumentsWithoutJavaSerialization() throws Exception {
        // a pool worker's target: a class and a few strings and numbers; Java serialization costs a spare 4-7 ms
        final byte[] bytes = TargetCodec.encode(TaskInvocation.of(RecordingTask.class, "control-file", 3, null, 7L,
            true, 'x'));

        assertEquals(TargetCodec.TASK, bytes[0], "a task class with simple arguments is sent in the TASK form");
        RecordingTask.seen = null;
        TargetCodec.decode(bytes).run();
        assertArrayEquals(new Object[] {"control-file", 3, null, 7L, true, 'x'}, RecordingTask.seen);
    }

    @Test
    void shouldCarryOtherArgumentsInOneGraphKeepingTheReferencesTheyShare() throws Exception {
        final List<Integer> shared = new java.util.ArrayList<>(List.of(1, 2));
        final byte[] bytes = TargetCodec.encode(TaskInvocation.of(RecordingTask.class, shared, "x", shared));

        RecordingTask.seen = null;
        TargetCodec.decode(bytes).run();
        assertArrayEquals(new Object[] {List.of(1, 2), "x", List.of(1, 2)}, RecordingTask.seen);
        assertSame(RecordingTask.seen[0], RecordingTask.seen[2], "one list passed twice arrives as one list");
    }

    @Test
    void shouldRefuseACorruptTaskForm() {
        final byte[] bytes = TargetCodec.encode(TaskInvocation.of(RecordingTask.class, "a"));
        final byte[] corrupt = java.util.Arrays.copyOf(bytes, bytes.length - 1);

        assertThrows(IOException.class, () -> TargetCodec.decode(corrupt));
    }
}
