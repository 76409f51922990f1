package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.shmproc.memory.ArrayBuffer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The service forgets exactly the recorded answers a client no longer waits for. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SessionRecordTest {
    private static CommandDecoder command(final long sequence, final long lowWater, final long... pending) {
        final byte[] fields = CommandEncoder.encode(ClusterProtocol.OP_PING, "x", 0, 0, 0, 0);
        CommandEncoder.stamp(fields, sequence, lowWater);
        final int listed = pending == null ? -1 : pending.length;
        final ByteBuffer bytes = ByteBuffer.allocate(fields.length + Math.max(listed, 0) * Long.BYTES)
            .order(ClusterProtocol.ORDER);
        bytes.put(fields);
        bytes.putInt(ClusterProtocol.COMMAND_PENDING_COUNT_OFFSET, listed);
        if (pending != null) {
            for (final long sequenceWaited : pending) {
                bytes.putLong(sequenceWaited);
            }
        }
        final CommandDecoder decoder = new CommandDecoder();
        assertNull(decoder.wrap(ArrayBuffer.wrapping(bytes.array()), 0, bytes.capacity()));
        return decoder;
    }

    private static SessionRecord recordWithAnswers(final int upTo) {
        final SessionRecord record = new SessionRecord(1);
        for (long sequence = 1; sequence <= upTo; sequence++) {
            record.answers.put(sequence, new byte[] {(byte) sequence});
        }
        return record;
    }

    @Test
    void shouldKeepOnlyTheListedAnswersAboveTheLowWaterMark() {
        final SessionRecord record = recordWithAnswers(10);
        record.forget(command(11, 3, 5, 8));
        assertEquals(List.of(3L, 5L, 8L), List.copyOf(record.answers.keySet()));
    }

    @Test
    void shouldKeepEverythingAboveTheMarkWhenTheListIsMissing() {
        final SessionRecord record = recordWithAnswers(10);
        record.forget(command(11, 6, (long[]) null));
        assertEquals(List.of(6L, 7L, 8L, 9L, 10L), List.copyOf(record.answers.keySet()));
    }

    @Test
    void shouldForgetAllButTheMarkWhenNothingElseIsAwaited() {
        final SessionRecord record = recordWithAnswers(10);
        record.forget(command(11, 11));
        assertEquals(List.of(), List.copyOf(record.answers.keySet()));
    }
}
