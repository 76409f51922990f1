package io.shmproc.cluster;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the service remembers of one client session for exactly-once answers: the highest sequence applied, the
 * answers the client may still ask for again (those at or above its low-water mark), and its waiting commands.
 */
final class SessionRecord {
    final long sessionId;
    long lastApplied;
    /** Answers by sequence, kept until the client's low-water mark passes them. */
    final TreeMap<Long, byte[]> answers = new TreeMap<>();
    /** Waiting commands by sequence (not snapshotted here: rebuilt from the objects' waiter queues). */
    final Map<Long, Waiter> waiters = new LinkedHashMap<>();

    SessionRecord(final long sessionId) {
        this.sessionId = sessionId;
    }

    /**
     * Forgets the answers the client no longer waits for: all below its low-water mark and, when the command
     * listed every sequence it still waits for, the ones between the mark and the command that it did not list.
     */
    void forget(final CommandDecoder command) {
        final long lowWater = command.lowWater();
        final long sequence = command.sequence();
        answers.headMap(lowWater).clear();
        final int listed = command.pendingCount();
        if (listed < 0 || answers.isEmpty()) {
            return;
        }
        final java.util.Iterator<Long> recorded = answers.subMap(lowWater, false, sequence, false).keySet()
            .iterator();
        int next = 0;
        while (recorded.hasNext()) {
            final long answered = recorded.next();
            while (next < listed && command.pending(next) < answered) {
                next++;
            }
            if (next >= listed || command.pending(next) != answered) {
                recorded.remove();
            }
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeLong(sessionId);
        out.writeLong(lastApplied);
        out.writeInt(answers.size());
        for (final Map.Entry<Long, byte[]> entry : answers.entrySet()) {
            out.writeLong(entry.getKey());
            SnapshotIo.writeBytes(out, entry.getValue());
        }
    }

    static SessionRecord read(final DataInput in) throws IOException {
        final SessionRecord record = new SessionRecord(in.readLong());
        record.lastApplied = in.readLong();
        final int count = in.readInt();
        for (int i = 0; i < count; i++) {
            record.answers.put(in.readLong(), SnapshotIo.readBytes(in));
        }
        return record;
    }
}
