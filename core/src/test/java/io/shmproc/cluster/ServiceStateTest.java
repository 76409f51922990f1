package io.shmproc.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.aeron.cluster.service.Cluster;
import io.shmproc.memory.ArrayBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The state machine alone, in this JVM, on a fake cluster clock: waiters and their timers survive a snapshot, and
 * a restored state carries on exactly as the original would.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ServiceStateTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A cluster that only keeps time and timers. */
    private static final class FakeCluster {
        long time;
        final TreeMap<Long, Long> timers = new TreeMap<>();

        Cluster proxy() {
            return (Cluster) Proxy.newProxyInstance(Cluster.class.getClassLoader(), new Class<?>[] {Cluster.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "time":
                            return time;
                        case "timeUnit":
                            return TimeUnit.MILLISECONDS;
                        case "scheduleTimer":
                            timers.put((Long) args[0], (Long) args[1]);
                            return true;
                        case "cancelTimer":
                            return timers.remove((Long) args[0]) != null;
                        case "idleStrategy":
                            return NoOpIdleStrategy.INSTANCE;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
        }

        /** Advances the clock and returns the timers due, in deadline order. */
        List<Long> advance(final long millis) {
            time += millis;
            final List<Long> due = new ArrayList<>();
            timers.entrySet().stream().filter(e -> e.getValue() <= time)
                .sorted(Map.Entry.comparingByValue()).forEach(e -> due.add(e.getKey()));
            due.forEach(timers::remove);
            return due;
        }
    }

    /** One state machine with its sessions and the answers it gave later. */
    private static final class Machine {
        final Map<Long, SessionRecord> sessions = new LinkedHashMap<>();
        final List<String> later = new ArrayList<>();
        final FakeCluster cluster;
        final ServiceState state;
        final AnswerEncoder encoder = new AnswerEncoder(ArrayBuffer.wrapping(new byte[ClusterProtocol.MAX_ANSWER_LENGTH]));
        long sequence;

        Machine(final FakeCluster cluster) {
            this.cluster = cluster;
            this.state = new ServiceState(sessions::get,
                (session, seq, value, field) -> later.add(session + ":" + seq + "=" + value
                    + (field == null ? "" : "/" + new String(field, StandardCharsets.UTF_8))));
            state.waits.cluster(cluster.proxy());
        }

        /** @return the answer's value, or {@code null} when the command waits */
        Long apply(final long session, final int opcode, final String name, final long thread, final long timeout,
                   final long arg0, final long arg1, final byte[]... fields) {
            final SessionRecord record = sessions.computeIfAbsent(session, SessionRecord::new);
            final byte[] command = CommandEncoder.encode(opcode, name, thread, timeout, arg0, arg1, fields);
            final long seq = ++sequence;
            CommandEncoder.stamp(command, seq, seq);
            final CommandDecoder decoder = new CommandDecoder();
            assertEquals(null, decoder.wrap(ArrayBuffer.wrapping(command), 0, command.length));
            record.lastApplied = seq;
            if (!state.apply(record, decoder, encoder)) {
                return null;
            }
            final int length = encoder.finish();
            final byte[] copy = new byte[length];
            encoder.buffer().getBytes(0, copy);
            return Answer.read(ArrayBuffer.wrapping(copy), 0, length).value(name);
        }

        void fire(final long millis) {
            for (final long timer : cluster.advance(millis)) {
                state.timerFired(timer);
            }
        }

        byte[] snapshot() throws IOException {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(sessions.size());
                for (final SessionRecord record : sessions.values()) {
                    record.write(out);
                }
                state.write(out);
            }
            return bytes.toByteArray();
        }

        static Machine restore(final byte[] snapshot, final FakeCluster cluster, final long sequence)
            throws IOException {
            final Machine machine = new Machine(cluster);
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
                final int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    final SessionRecord record = SessionRecord.read(in);
                    machine.sessions.put(record.sessionId, record);
                }
                machine.state.read(in);
            }
            machine.sequence = sequence;
            return machine;
        }
    }

    private static byte[] b(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldCarryWaitersAndTimersThroughASnapshot() throws IOException {
        final FakeCluster cluster = new FakeCluster();
        final Machine original = new Machine(cluster);
        assertEquals(ClusterOps.LOCK_ACQUIRED, original.apply(1, ClusterProtocol.OP_LOCK_ACQUIRE, "lock", 7, 0, 0, 0));
        assertEquals(null, original.apply(2, ClusterProtocol.OP_LOCK_ACQUIRE, "lock", 8, 1000 * MS, 0, 0));
        assertEquals(null, original.apply(2, ClusterProtocol.OP_QUEUE_POLL, "q", 9, -1, 0, 0));
        original.apply(3, ClusterProtocol.OP_BARRIER_CREATE, "bar", 0, 0, 3, 0);
        assertEquals(null, original.apply(3, ClusterProtocol.OP_BARRIER_AWAIT, "bar", 1, 5000 * MS, 0, 0));
        original.apply(1, ClusterProtocol.OP_DICT_PUT, "d", 0, 0, 0, 0, b("k"), b("v"));

        final byte[] snapshot = original.snapshot();
        final Machine restored = Machine.restore(snapshot, cluster, original.sequence);
        assertArrayEquals(snapshot, restored.snapshot(), "a restored state snapshots to the same bytes");

        restored.fire(1000);
        assertEquals(List.of("2:2=" + ClusterOps.LOCK_TIMED_OUT), restored.later, "the lock waiter's timer fired");
        restored.apply(1, ClusterProtocol.OP_QUEUE_OFFER, "q", 0, 0, 0, 0, b("item"));
        assertEquals("2:3=1/item", restored.later.get(1), "the restored poller got the item");
        restored.fire(4000);
        assertEquals("3:5=" + ClusterOps.BARRIER_BROKEN, restored.later.get(2), "the barrier broke on its timeout");
        assertEquals(1L, restored.apply(1, ClusterProtocol.OP_BARRIER_IS_BROKEN, "bar", 0, 0, 0, 0));
    }

    @Test
    void shouldPassALockToTheNextWaiterWithOwnerDiedWhenTheOwnerSessionDies() {
        final FakeCluster cluster = new FakeCluster();
        final Machine machine = new Machine(cluster);
        machine.apply(1, ClusterProtocol.OP_LOCK_ACQUIRE, "lock", 7, 0, 0, 0);
        assertEquals(null, machine.apply(2, ClusterProtocol.OP_LOCK_ACQUIRE, "lock", 8, -1, 0, 0));
        machine.state.sessionEnded(machine.sessions.get(1L), true);
        assertEquals(List.of("2:2=" + ClusterOps.LOCK_ACQUIRED_OWNER_DIED), machine.later);
        assertEquals(1L, machine.apply(2, ClusterProtocol.OP_LOCK_HOLD_COUNT, "lock", 8, 0, 0, 0));
        assertTrue(cluster.timers.isEmpty(), "no timer left behind");
    }

    @Test
    void shouldServeSemaphoreWaitersInArrivalOrder() {
        final FakeCluster cluster = new FakeCluster();
        final Machine machine = new Machine(cluster);
        machine.apply(1, ClusterProtocol.OP_SEMAPHORE_CREATE, "s", 0, 0, 0, -1);
        assertEquals(null, machine.apply(1, ClusterProtocol.OP_SEMAPHORE_ACQUIRE, "s", 0, -1, 2, 0));
        assertEquals(null, machine.apply(2, ClusterProtocol.OP_SEMAPHORE_ACQUIRE, "s", 0, 100 * MS, 1, 0));
        machine.apply(3, ClusterProtocol.OP_SEMAPHORE_RELEASE, "s", 0, 0, 1, 0);
        assertEquals(List.of(), machine.later, "the first waiter wants 2; the second waits behind it");
        machine.fire(100);
        assertEquals(List.of("2:3=0"), machine.later);
        machine.apply(3, ClusterProtocol.OP_SEMAPHORE_RELEASE, "s", 0, 0, 1, 0);
        assertEquals("1:2=1", machine.later.get(1));
        assertEquals(0L, machine.apply(3, ClusterProtocol.OP_SEMAPHORE_VALUE, "s", 0, 0, 0, 0));
    }
}
