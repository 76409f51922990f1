package io.shmproc.cluster;

import static io.shmproc.cluster.ClusterProtocol.MAX_ANSWER_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ERROR;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ILLEGAL_ARGUMENT;

import io.aeron.BufferBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The replicated state machine behind every cluster primitive: one {@link ClusteredService} that applies the
 * commands of {@link ClusterOps} in log order, identically on every member.
 *
 * <p><b>Determinism.</b> It reads only the log (commands, session opens and closes), cluster time and its own
 * timers ({@code cluster.scheduleTimer}); never a wall clock, a random number or a hash order that could differ
 * between members.
 *
 * <p><b>Exactly once.</b> Each session's commands carry increasing sequence numbers. The service applies a
 * sequence once, records its answer, and answers a repeated sequence (the client re-sent it after a leader change)
 * from the record; answers below the client's low-water mark are forgotten.
 *
 * <p><b>Errors.</b> Aeron swallows an exception thrown while handling a message and the client would only time
 * out, so every failure is answered explicitly with a status and a message, and nothing escapes
 * {@link #onSessionMessage}.
 *
 * <p><b>Sessions ending.</b> A session that closes cleanly releases its locks; one that times out (its JVM died)
 * is treated as a process death: locks pass on with owner-died, barriers it waited at break, its unfinished
 * joinable-queue items return to the head of their queues.
 *
 * <p><b>Snapshots</b> hold the whole state, in messages of {@link SnapshotChunks#CHUNK_LENGTH} bytes ended by an
 * end marker (see {@link SnapshotChunks}).
 */
public final class ShmprocService implements ClusteredService {
    private final Map<Long, SessionRecord> sessions = new LinkedHashMap<>();
    private final ServiceState state;
    private final CommandDecoder decoder = new CommandDecoder();
    private final AnswerEncoder answer = new AnswerEncoder(new BufferBuilder(MAX_ANSWER_LENGTH).buffer());
    private final AnswerEncoder reply = new AnswerEncoder(new BufferBuilder(MAX_ANSWER_LENGTH).buffer());
    private final Consumer<Cluster.Role> roleListener;
    private Cluster cluster;

    /** Creates the service with no role listener. */
    public ShmprocService() {
        this(role -> { });
    }

    /**
     * Creates the service.
     *
     * @param roleListener told of each role change of this member (the member prints its leader line)
     */
    public ShmprocService(final Consumer<Cluster.Role> roleListener) {
        this.roleListener = roleListener;
        this.state = new ServiceState(sessions::get, this::answerLater);
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage) {
        this.cluster = cluster;
        state.waits.cluster(cluster);
        if (snapshotImage != null) {
            try {
                final java.io.DataInputStream in = SnapshotChunks.read(snapshotImage, cluster.idleStrategy());
                final int sessionCount = in.readInt();
                for (int i = 0; i < sessionCount; i++) {
                    final SessionRecord record = SessionRecord.read(in);
                    sessions.put(record.sessionId, record);
                }
                state.read(in);
            } catch (final IOException ex) {
                throw new UncheckedIOException("the service snapshot is unreadable", ex);
            }
        }
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp) {
        sessions.computeIfAbsent(session.id(), SessionRecord::new);
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason) {
        final SessionRecord record = sessions.get(session.id());
        if (record != null) {
            try {
                state.sessionEnded(record, closeReason != CloseReason.CLIENT_ACTION);
            } catch (final RuntimeException ex) {
                cluster.context().countedErrorHandler().onError(ex);
            }
            sessions.remove(session.id());
        }
    }

    @Override
    public void onSessionMessage(final ClientSession session, final long timestamp, final DirectBuffer buffer,
                                 final int offset, final int length, final Header header) {
        final SessionRecord record = sessions.computeIfAbsent(session.id(), SessionRecord::new);
        final String malformed = decoder.wrap(buffer, offset, length);
        if (malformed != null) {
            if (length >= Long.BYTES) {
                answer.error(decoder.sequence(), STATUS_ILLEGAL_ARGUMENT, malformed);
                send(session, answer.buffer(), answer.finish());
            }
            return;
        }
        final long sequence = decoder.sequence();
        record.forget(decoder);
        if (sequence <= record.lastApplied) {
            final byte[] stored = record.answers.get(sequence);
            if (stored != null) {
                reply.buffer().putBytes(0, stored);
                send(session, reply.buffer(), stored.length);
            }
            return;
        }
        record.lastApplied = sequence;
        boolean answered;
        try {
            answered = state.apply(record, decoder, answer);
        } catch (final IllegalArgumentException ex) {
            answer.error(sequence, STATUS_ILLEGAL_ARGUMENT, ex.getMessage());
            answered = true;
        } catch (final RuntimeException ex) {
            answer.error(sequence, STATUS_ERROR, ex.toString());
            answered = true;
        }
        if (answered) {
            record.answers.put(sequence, answer.copy());
            send(session, answer.buffer(), answer.finish());
        }
    }

    private void answerLater(final long sessionId, final long sequence, final long value, final byte[] field) {
        final SessionRecord record = sessions.get(sessionId);
        if (record == null) {
            return;
        }
        reply.begin(sequence, ClusterProtocol.STATUS_OK, value).field(field);
        record.answers.put(sequence, reply.copy());
        final ClientSession session = cluster.getClientSession(sessionId);
        if (session != null) {
            send(session, reply.buffer(), reply.finish());
        }
    }

    /** Sends an answer; a lost one is asked for again by the client's re-send. */
    private void send(final ClientSession session, final MutableDirectBuffer buffer, final int length) {
        for (int attempt = 0; attempt < 3; attempt++) {
            final long result = session.offer(buffer, 0, length);
            if (result > 0 || result == ClientSession.MOCKED_OFFER || result == Publication.CLOSED
                || result == Publication.NOT_CONNECTED || result == Publication.MAX_POSITION_EXCEEDED) {
                return;
            }
            cluster.idleStrategy().idle();
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp) {
        try {
            state.timerFired(correlationId);
        } catch (final RuntimeException ex) {
            cluster.context().countedErrorHandler().onError(ex);
        }
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(sessions.size());
            for (final SessionRecord record : sessions.values()) {
                record.write(out);
            }
            state.write(out);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        SnapshotChunks.write(snapshotPublication, bytes.toByteArray(), cluster.idleStrategy());
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole) {
        roleListener.accept(newRole);
    }

    @Override
    public void onTerminate(final Cluster cluster) {
        // nothing to release: the state lives on the heap and in the snapshots
    }
}
