package io.shmproc.cluster;

import io.shmproc.memory.SharedDirectory;
import static io.shmproc.cluster.ClusterProtocol.MAX_COMMAND_LENGTH;
import static io.shmproc.cluster.ClusterProtocol.MAX_PENDING_LISTED;
import static io.shmproc.cluster.ClusterProtocol.OP_CANCEL;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.BufferBuilder;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.aeron.security.CredentialsSupplier;
import io.shmproc.exceptions.AuthenticationException;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.CountersReader;

/**
 * The client side of {@link ClusterOps}: one cluster session, shared by every thread of this JVM that uses it.
 *
 * <p><b>Parts.</b> A private media driver in its own directory under {@code /dev/shm} (shared threading, back-off
 * idling; deleted at {@link #close()}), an {@code AeronCluster} session authenticated with the shared key, and one
 * poller thread that reads answers, sends keep-alives and re-sends (it polls every 50 us or sooner while an answer is
 * due, and backs off to 1 ms when none is).
 *
 * <p><b>Threads.</b> Any number of threads may call at once. A call encodes its command, takes the session lock
 * only to number and send it, then waits for the answer with that sequence number. Commands are sent in sequence
 * order; one that could not be sent yet (back pressure, election) is sent by the poller before any later one.
 *
 * <p><b>Leader changes.</b> After a new leader is announced, every unanswered command is re-sent with its original
 * sequence number; the service applies each sequence once and answers a repeat from its record. An unanswered
 * command is also re-sent after {@link #RESEND_INTERVAL_NANOS} ns, then at doubling intervals (an answer can be lost
 * on the way back; a waiting command's re-send is a cheap no-op in the service).
 *
 * <p><b>Time limits.</b> A call waits for its operation's timeout plus the request timeout; then it throws
 * {@link ShmprocTimeoutException} (the outcome is then unknown). A call without a time limit waits while the
 * session lives. An interrupted waiting thread sends a cancel: the call then returns the service's answer (the
 * operation's timed-out answer, or its success when that came first) with the thread's interrupt status set.
 *
 * <pre>{@code
 * try (ClusterClient client = ClusterClient.connect(new ClusterClientOptions().members(endpoints).key(key))) {
 *     long before = client.wordGetAndAdd("hits", 0, 1);
 * }
 * }</pre>
 */
final class ClusterClient implements ClusterOps {
    /** An unanswered command is sent again after this long, then after twice as long each time, up to 30 s. */
    static final long RESEND_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * The client's driver and Aeron threads are daemons: a JVM whose main thread ends exits (and its shutdown hooks
     * close the session cleanly) instead of waiting for them.
     */
    private static final java.util.concurrent.ThreadFactory DAEMON_THREADS = runnable -> {
        final Thread thread = new Thread(runnable);
        thread.setDaemon(true);
        return thread;
    };
    static final long MAX_RESEND_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * How long the client's driver keeps a stream from a silent sender (a publisher sends heartbeats while idle):
     * the other end of a pipe across hosts that died is noticed within about this.
     */
    static final long IMAGE_LIVENESS_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The poller sends a keep-alive this often. */
    static final long KEEP_ALIVE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * For this long after a command was sent the poller sleeps at most {@link #HOT_MAX_PARK_NANOS} between polls (an
     * answer is due soon); otherwise up to 1 ms, so that a thread waiting long for a lock costs almost no CPU.
     */
    static final long HOT_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final long HOT_MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** The longest a closing client waits for its driver to send the close-session request. */
    static final long CLOSE_FLUSH_MILLIS = 500;

    private final MediaDriver driver;
    private final Path driverDir;
    private final PipeDriver pipes;
    private final AeronCluster cluster;
    private final long requestTimeoutNanos;
    private final String egressHost;
    private final long connectTimeoutNanos;
    private final ReentrantLock sessionLock = new ReentrantLock();
    /** Unanswered calls by sequence; guarded by {@link #sessionLock}. */
    private final TreeMap<Long, Call> pending = new TreeMap<>();
    private final MutableDirectBuffer sendBuffer = new BufferBuilder(MAX_COMMAND_LENGTH
        + MAX_PENDING_LISTED * Long.BYTES).buffer();
    private final Thread poller;
    private long nextSequence;
    private long lastSendNanos;
    private long sentUpTo;
    /** Set by a new leader's announcement until every earlier unanswered call was re-sent to it. */
    private boolean resendAll;
    private long leaderChanges;
    private volatile boolean closed;
    private volatile String sessionEnded;

    private ClusterClient(final MediaDriver driver, final Path driverDir, final AeronCluster cluster,
                          final ClusterClientOptions options, final Listener listener) {
        this.driver = driver;
        this.driverDir = driverDir;
        this.pipes = new PipeDriver(driverDir);
        this.cluster = cluster;
        this.requestTimeoutNanos = options.requestTimeout().toNanos();
        this.egressHost = options.egressHost();
        this.connectTimeoutNanos = options.connectTimeout().toNanos();
        listener.client = this;
        this.poller = new Thread(this::poll, "shmproc-cluster-client-" + cluster.clusterSessionId());
        poller.setDaemon(true);
        poller.start();
    }

    /**
     * Connects to a cluster.
     *
     * @param options the members, the key, the timeouts
     * @return a connected client; close it to end the session cleanly
     * @throws AuthenticationException when the members refused the key
     * @throws ShmprocTimeoutException when no leader answered within the connect timeout (cluster down, wrong
     *                                 address)
     */
    static ClusterClient connect(final ClusterClientOptions options) {
        options.validate();
        JdkInternalMisc.ensureExported();
        final Path driverDir = options.driverDir();
        StaleDriverDirs.reap(driverDir.getParent());
        // as a local context does: the private directories of this user's dead processes (a cluster context's own
        // process records among them) go when the next context opens
        SharedDirectory.reclaimStale(SharedDirectory.defaultBase());
        final MediaDriver driver = launchDriver(driverDir);
        final Listener listener = new Listener();
        final byte[] key = options.key();
        final MemberEndpoints endpoints = MemberEndpoints.parse(options.members());
        Aeron aeron = null;
        try {
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(driverDir.toString())
                .threadFactory(DAEMON_THREADS)
                .idleStrategy(ClusterMember.idle()));
            final AeronCluster cluster = AeronCluster.connect(new AeronCluster.Context()
                .aeron(aeron)
                .ownsAeronClient(true)
                .aeronDirectoryName(driverDir.toString())
                .ingressChannel("aeron:udp?term-length=" + ClusterProtocol.INGRESS_TERM_LENGTH)
                .ingressEndpoints(endpoints.ingressEndpoints())
                .egressChannel("aeron:udp?endpoint=" + options.egressHost() + ":0|term-length="
                    + ClusterProtocol.EGRESS_TERM_LENGTH)
                .egressListener(listener)
                .credentialsSupplier(new KeyCredentials(key))
                .messageTimeoutNs(options.connectTimeout().toNanos())
                .idleStrategy(ClusterMember.idle()));
            return new ClusterClient(driver, driverDir, cluster, options, listener);
        } catch (final io.aeron.security.AuthenticationException ex) {
            CloseHelper.quietClose(aeron);
            stopDriver(driver, driverDir);
            throw new AuthenticationException("the cluster at " + options.members() + " refused this client's key ("
                + ex.getMessage() + "); give the key the members were started with", ex);
        } catch (final io.aeron.exceptions.TimeoutException ex) {
            CloseHelper.quietClose(aeron);
            stopDriver(driver, driverDir);
            throw new ShmprocTimeoutException("no cluster leader answered at " + options.members() + " within "
                + options.connectTimeout() + " (" + ex.getMessage() + "); check that the members run and the "
                + "addresses are right", ex);
        } catch (final RuntimeException ex) {
            CloseHelper.quietClose(aeron);
            stopDriver(driver, driverDir);
            if (String.valueOf(ex.getMessage()).contains("AUTHENTICATION_REJECTED")) {
                throw new AuthenticationException("the cluster at " + options.members() + " refused this client's "
                    + "key; give the key the members were started with", ex);
            }
            throw ex;
        }
    }

    /**
     * Launches a client's media driver in {@code dir}: shared threading, back-off idling, daemon threads, stream
     * liveness {@link #IMAGE_LIVENESS_NANOS}. The session's and the pipes' drivers ({@link PipeDriver}) are alike.
     */
    static MediaDriver launchDriver(final Path dir) {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ClusterMember.idle())
            .asyncExecutorEnabled(false)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(64 * 1024)
            .ipcTermBufferLength(64 * 1024)
            .counterValuesBufferLength(1024 * 1024)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .imageLivenessTimeoutNs(IMAGE_LIVENESS_NANOS)
            .sharedThreadFactory(DAEMON_THREADS)
            .conductorThreadFactory(DAEMON_THREADS)
            .senderThreadFactory(DAEMON_THREADS)
            .receiverThreadFactory(DAEMON_THREADS)
            .sharedNetworkThreadFactory(DAEMON_THREADS));
    }

    /** The client's thread factory: daemon threads. */
    static java.util.concurrent.ThreadFactory daemonThreads() {
        return DAEMON_THREADS;
    }

    static void stopDriver(final MediaDriver driver, final Path driverDir) {
        driver.close();
        SharedDirectory.deleteTree(driverDir);
    }

    // ---- sending and waiting ----

    private Answer call(final byte[] command, final long timeoutNanos) {
        checkOpen();
        final Call call = new Call(command);
        sessionLock.lock();
        try {
            call.sequence = ++nextSequence;
            pending.put(call.sequence, call);
            flushLocked();
        } finally {
            sessionLock.unlock();
        }
        LockSupport.unpark(poller);
        return await(call, timeoutNanos);
    }

    private Answer await(final Call call, final long timeoutNanos) {
        final boolean unlimited = timeoutNanos < 0;
        final long deadline = System.nanoTime() + (unlimited ? 0 : timeoutNanos) + requestTimeoutNanos;
        boolean interrupted = false;
        try {
            while (true) {
                final long left = unlimited ? TimeUnit.MILLISECONDS.toNanos(100) : deadline - System.nanoTime();
                if (left <= 0) {
                    forget(call);
                    throw new ShmprocTimeoutException("no answer from the cluster within "
                        + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms beyond the operation's own wait "
                        + "(no leader, or the members are down); the operation may or may not have been applied");
                }
                try {
                    if (call.done.await(left, TimeUnit.NANOSECONDS)) {
                        return call.answer;
                    }
                } catch (final InterruptedException ex) {
                    if (!interrupted) {
                        interrupted = true;
                        sendCancel(call.sequence);
                    }
                    continue;
                }
                if (closed || sessionEnded != null) {
                    forget(call);
                    checkOpen();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void sendCancel(final long sequence) {
        final byte[] command = CommandEncoder.encode(OP_CANCEL, "cancel", 0, 0, sequence, 0);
        final Call cancel = new Call(command);
        sessionLock.lock();
        try {
            cancel.sequence = ++nextSequence;
            pending.put(cancel.sequence, cancel);
            flushLocked();
        } finally {
            sessionLock.unlock();
        }
        LockSupport.unpark(poller);
    }

    private void forget(final Call call) {
        sessionLock.lock();
        try {
            pending.remove(call.sequence);
        } finally {
            sessionLock.unlock();
        }
    }

    /**
     * Sends the calls not sent yet, in sequence order, stopping at the first the session cannot take now. After a
     * leader change nothing new goes out before every earlier unanswered call was re-sent: a new command applied
     * ahead of a lost older one would make the service take the older one for a repeat.
     */
    private void flushLocked() {
        if (resendAll) {
            if (!resendLocked(System.nanoTime(), true)) {
                return;
            }
            resendAll = false;
        }
        for (final Map.Entry<Long, Call> entry : pending.tailMap(sentUpTo, false).entrySet()) {
            if (!offerLocked(entry.getValue())) {
                return;
            }
            sentUpTo = entry.getKey();
        }
    }

    private boolean offerLocked(final Call call) {
        if (cluster.isClosed()) {
            return false;
        }
        final long lowWater = pending.firstKey();
        CommandEncoder.stamp(call.command, call.sequence, lowWater);
        sendBuffer.putBytes(0, call.command);
        final Map<Long, Call> between = pending.subMap(lowWater, false, call.sequence, false);
        int length = call.command.length;
        if (between.size() > MAX_PENDING_LISTED) {
            sendBuffer.putInt(ClusterProtocol.COMMAND_PENDING_COUNT_OFFSET, -1, ClusterProtocol.ORDER);
        } else {
            sendBuffer.putInt(ClusterProtocol.COMMAND_PENDING_COUNT_OFFSET, between.size(), ClusterProtocol.ORDER);
            for (final long sequence : between.keySet()) {
                sendBuffer.putLong(length, sequence, ClusterProtocol.ORDER);
                length += Long.BYTES;
            }
        }
        final long result = cluster.offer(sendBuffer, 0, length);
        if (result > 0) {
            call.sentAtNanos = System.nanoTime();
            lastSendNanos = call.sentAtNanos;
            return true;
        }
        return false;
    }

    /** @return whether every call due was re-sent */
    private boolean resendLocked(final long now, final boolean all) {
        for (final Call call : pending.headMap(sentUpTo, true).values()) {
            if (all ? call.resentAtLeaderChange < leaderChanges : now - call.sentAtNanos > call.resendIntervalNanos) {
                if (!offerLocked(call)) {
                    return false;
                }
                if (all) {
                    call.resentAtLeaderChange = leaderChanges;
                }
                if (!all) {
                    call.resendIntervalNanos = Math.min(call.resendIntervalNanos * 2, MAX_RESEND_INTERVAL_NANOS);
                }
            }
        }
        return true;
    }

    // ---- the poller ----

    private void poll() {
        final IdleStrategy coldIdle = ClusterMember.idle();
        final IdleStrategy hotIdle = new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
            HOT_MAX_PARK_NANOS);
        long lastKeepAlive = System.nanoTime();
        while (!closed) {
            int work = 0;
            boolean hot = false;
            sessionLock.lock();
            try {
                if (cluster.isClosed()) {
                    sessionEnded = "this client's cluster session ended: no leader took it over in time (the "
                        + "members are down or unreachable), the cluster shut down, or the session was silent "
                        + "longer than the session timeout; connect a new client";
                    failAllLocked();
                    return;
                }
                work += cluster.pollEgress();
                final long now = System.nanoTime();
                if (now - lastKeepAlive > KEEP_ALIVE_INTERVAL_NANOS) {
                    cluster.sendKeepAlive();
                    lastKeepAlive = now;
                }
                flushLocked();
                if (!resendAll) {
                    resendLocked(now, false);
                }
                hot = !pending.isEmpty() && now - lastSendNanos < HOT_WINDOW_NANOS;
            } catch (final RuntimeException ex) {
                System.err.println("shmproc cluster client: " + ex);
            } finally {
                sessionLock.unlock();
            }
            if (hot) {
                hotIdle.idle(work);
            } else {
                hotIdle.reset();
                coldIdle.idle(work);
            }
        }
    }

    private void failAllLocked() {
        for (final Call call : pending.values()) {
            call.done.countDown();
        }
        pending.clear();
    }

    void onAnswer(final DirectBuffer buffer, final int offset, final int length) {
        final Call call = pending.remove(Answer.sequence(buffer, offset));
        if (call != null) {
            call.answer = Answer.read(buffer, offset, length);
            call.done.countDown();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedException("this cluster client is closed");
        }
        final String ended = sessionEnded;
        if (ended != null) {
            throw new ShmprocTimeoutException(ended);
        }
    }

    /** The Aeron client of the driver that carries this client's pipes across hosts ({@link PipeDriver}). */
    Aeron aeron() {
        return pipes.aeron();
    }

    /** The host the members reach this client at: where its pipe ends listen. */
    String egressHost() {
        return egressHost;
    }

    /** How long this client waits to connect: also how long a pipe end waits for the other to listen. */
    long connectTimeoutNanos() {
        return connectTimeoutNanos;
    }

    /** Whether this client was closed or its session ended. */
    boolean isClosed() {
        return closed || sessionEnded != null;
    }

    /** The cluster session's id, for messages and tests. */
    long sessionId() {
        return cluster.clusterSessionId();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(poller);
        try {
            poller.join(TimeUnit.SECONDS.toMillis(5));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        sessionLock.lock();
        try {
            failAllLocked();
            final Publication ingress = cluster.ingressPublication();
            final long before = ingress == null || ingress.isClosed() ? -1 : ingress.position();
            final long registrationId = ingress == null ? -1 : ingress.originalRegistrationId();
            cluster.close(); // offers the close-session request
            if (before >= 0) {
                awaitSent(registrationId, before);
            }
        } finally {
            sessionLock.unlock();
            pipes.close();
            stopDriver(driver, driverDir);
        }
    }

    /**
     * Waits, at most {@value #CLOSE_FLUSH_MILLIS} ms, until this client's driver has sent what its ingress
     * publication held past {@code position} (the close-session request): the driver stops right after, and a
     * request it had not sent yet left the members to time the session out and treat it as dead (its locks then
     * passed on as owner-died). Reads the driver's sender-position counter of that publication; returns at once
     * when there is none.
     */
    private void awaitSent(final long registrationId, final long position) {
        final CountersReader counters = driver.context().countersManager();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_FLUSH_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            final long[] sent = {Long.MIN_VALUE};
            counters.forEach((counterId, typeId, key, label) -> {
                if (typeId == AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID && key.getLong(0) == registrationId) {
                    sent[0] = Math.max(sent[0], counters.getCounterValue(counterId));
                }
            });
            if (sent[0] == Long.MIN_VALUE || sent[0] > position) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public String toString() {
        return "ClusterClient{session=" + cluster.clusterSessionId() + ", leader=" + cluster.leaderMemberId()
            + ", closed=" + closed + "}";
    }

    // ---- operations ----

    private Answer send(final int opcode, final String name, final long threadId, final long timeoutNanos,
                        final long arg0, final long arg1, final byte[]... fields) {
        final Answer answer = call(CommandEncoder.encode(opcode, name, threadId, timeoutNanos, arg0, arg1, fields),
            timeoutNanos);
        if (answer == null) {
            checkOpen();
            throw new ShmprocTimeoutException("the answer to a command on '" + name + "' was malformed or lost");
        }
        return answer;
    }

    private long value(final int opcode, final String name, final long arg0, final long arg1,
                       final byte[]... fields) {
        return send(opcode, name, 0, 0, arg0, arg1, fields).value(name);
    }

    private static byte[] notNull(final byte[] bytes, final String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " is null; the cluster stores bytes (encode null as bytes)");
        }
        return bytes;
    }

    @Override
    public int wordCreate(final String name, final int length, final long initial) {
        return (int) value(ClusterProtocol.OP_WORD_CREATE, name, length, initial);
    }

    @Override
    public long wordGet(final String name, final int index) {
        return value(ClusterProtocol.OP_WORD_GET, name, index, 0);
    }

    @Override
    public void wordSet(final String name, final int index, final long value) {
        value(ClusterProtocol.OP_WORD_SET, name, index, value);
    }

    @Override
    public long wordGetAndSet(final String name, final int index, final long value) {
        return value(ClusterProtocol.OP_WORD_GET_AND_SET, name, index, value);
    }

    @Override
    public long wordGetAndAdd(final String name, final int index, final long delta) {
        return value(ClusterProtocol.OP_WORD_GET_AND_ADD, name, index, delta);
    }

    @Override
    public boolean wordCompareAndSet(final String name, final int index, final long expected, final long value) {
        final byte[] expectedBytes = java.nio.ByteBuffer.allocate(Long.BYTES).order(ClusterProtocol.ORDER)
            .putLong(0, expected).array();
        return value(ClusterProtocol.OP_WORD_COMPARE_AND_SET, name, index, value, expectedBytes) != 0;
    }

    @Override
    public long[] wordSnapshot(final String name) {
        final byte[] bytes = send(ClusterProtocol.OP_WORD_SNAPSHOT, name, 0, 0, 0, 0).field(name, 0);
        final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes).order(ClusterProtocol.ORDER);
        final long[] words = new long[bytes.length / Long.BYTES];
        for (int i = 0; i < words.length; i++) {
            words[i] = buffer.getLong();
        }
        return words;
    }

    @Override
    public byte[] dictGet(final String dict, final byte[] key) {
        return send(ClusterProtocol.OP_DICT_GET, dict, 0, 0, 0, 0, notNull(key, "key")).field(dict, 0);
    }

    @Override
    public byte[] dictPut(final String dict, final byte[] key, final byte[] value) {
        return send(ClusterProtocol.OP_DICT_PUT, dict, 0, 0, 0, 0, notNull(key, "key"), notNull(value, "value"))
            .field(dict, 0);
    }

    @Override
    public byte[] dictPutIfAbsent(final String dict, final byte[] key, final byte[] value) {
        return send(ClusterProtocol.OP_DICT_PUT_IF_ABSENT, dict, 0, 0, 0, 0, notNull(key, "key"),
            notNull(value, "value")).field(dict, 0);
    }

    @Override
    public byte[] dictReplace(final String dict, final byte[] key, final byte[] value) {
        return send(ClusterProtocol.OP_DICT_REPLACE, dict, 0, 0, 0, 0, notNull(key, "key"), notNull(value, "value"))
            .field(dict, 0);
    }

    @Override
    public boolean dictReplaceIfEquals(final String dict, final byte[] key, final byte[] expected,
                                       final byte[] value) {
        return value(ClusterProtocol.OP_DICT_REPLACE_IF_EQUALS, dict, 0, 0, notNull(key, "key"),
            notNull(value, "value"), notNull(expected, "expected")) != 0;
    }

    @Override
    public byte[] dictRemove(final String dict, final byte[] key) {
        return send(ClusterProtocol.OP_DICT_REMOVE, dict, 0, 0, 0, 0, notNull(key, "key")).field(dict, 0);
    }

    @Override
    public boolean dictRemoveIfEquals(final String dict, final byte[] key, final byte[] expected) {
        return value(ClusterProtocol.OP_DICT_REMOVE_IF_EQUALS, dict, 0, 0, notNull(key, "key"),
            notNull(expected, "expected")) != 0;
    }

    @Override
    public int dictSize(final String dict) {
        return (int) value(ClusterProtocol.OP_DICT_SIZE, dict, 0, 0);
    }

    @Override
    public void dictClear(final String dict) {
        value(ClusterProtocol.OP_DICT_CLEAR, dict, 0, 0);
    }

    @Override
    public java.util.List<byte[][]> dictEntries(final String dict) {
        final byte[][] fields = send(ClusterProtocol.OP_DICT_ENTRIES, dict, 0, 0, 0, 0).fields(dict);
        final java.util.List<byte[][]> entries = new java.util.ArrayList<>(fields.length / 2);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            entries.add(new byte[][] {fields[i], fields[i + 1]});
        }
        return entries;
    }

    @Override
    public int listSize(final String list) {
        return (int) value(ClusterProtocol.OP_LIST_SIZE, list, 0, 0);
    }

    @Override
    public byte[] listGet(final String list, final int index) {
        return send(ClusterProtocol.OP_LIST_GET, list, 0, 0, index, 0).field(list, 0);
    }

    @Override
    public byte[] listSet(final String list, final int index, final byte[] element) {
        return send(ClusterProtocol.OP_LIST_SET, list, 0, 0, index, 0, notNull(element, "element")).field(list, 0);
    }

    @Override
    public void listAdd(final String list, final int index, final byte[] element) {
        value(ClusterProtocol.OP_LIST_ADD, list, index, 0, notNull(element, "element"));
    }

    @Override
    public byte[] listRemove(final String list, final int index) {
        return send(ClusterProtocol.OP_LIST_REMOVE, list, 0, 0, index, 0).field(list, 0);
    }

    @Override
    public void listClear(final String list) {
        value(ClusterProtocol.OP_LIST_CLEAR, list, 0, 0);
    }

    @Override
    public java.util.List<byte[]> listSnapshot(final String list) {
        return java.util.Arrays.asList(send(ClusterProtocol.OP_LIST_SNAPSHOT, list, 0, 0, 0, 0).fields(list));
    }

    @Override
    public long queueCreate(final String queue, final long maxItems, final boolean joinable) {
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems=" + maxItems + "; expected 0 (unbounded) or more");
        }
        return value(ClusterProtocol.OP_QUEUE_CREATE, queue, maxItems, joinable ? 1 : 0);
    }

    @Override
    public boolean queueOffer(final String queue, final byte[] item, final long timeoutNanos) {
        return send(ClusterProtocol.OP_QUEUE_OFFER, queue, 0, timeoutNanos, 0, 0, notNull(item, "item"))
            .value(queue) != 0;
    }

    @Override
    public byte[] queuePoll(final String queue, final long timeoutNanos) {
        return send(ClusterProtocol.OP_QUEUE_POLL, queue, 0, timeoutNanos, 0, 0).field(queue, 0);
    }

    @Override
    public byte[] queuePeek(final String queue) {
        return send(ClusterProtocol.OP_QUEUE_PEEK, queue, 0, 0, 0, 0).field(queue, 0);
    }

    @Override
    public long queueSize(final String queue) {
        return value(ClusterProtocol.OP_QUEUE_SIZE, queue, 0, 0);
    }

    @Override
    public void queueTaskDone(final String queue) {
        value(ClusterProtocol.OP_QUEUE_TASK_DONE, queue, 0, 0);
    }

    @Override
    public long queueUnfinished(final String queue) {
        return value(ClusterProtocol.OP_QUEUE_UNFINISHED, queue, 0, 0);
    }

    @Override
    public boolean queueJoin(final String queue, final long timeoutNanos) {
        return send(ClusterProtocol.OP_QUEUE_JOIN, queue, 0, timeoutNanos, 0, 0).value(queue) != 0;
    }

    @Override
    public int lockAcquire(final String lock, final boolean reentrant, final long threadId, final long timeoutNanos) {
        return (int) send(ClusterProtocol.OP_LOCK_ACQUIRE, lock, threadId, timeoutNanos, reentrant ? 1 : 0, 0)
            .value(lock);
    }

    @Override
    public void lockRelease(final String lock, final long threadId) {
        send(ClusterProtocol.OP_LOCK_RELEASE, lock, threadId, 0, 0, 0).value(lock);
    }

    @Override
    public int lockHoldCount(final String lock, final long threadId) {
        return (int) send(ClusterProtocol.OP_LOCK_HOLD_COUNT, lock, threadId, 0, 0, 0).value(lock);
    }

    @Override
    public boolean lockIsLocked(final String lock) {
        return value(ClusterProtocol.OP_LOCK_IS_LOCKED, lock, 0, 0) != 0;
    }

    @Override
    public int semaphoreCreate(final String semaphore, final int permits, final int bound) {
        return (int) value(ClusterProtocol.OP_SEMAPHORE_CREATE, semaphore, permits, bound);
    }

    @Override
    public boolean semaphoreAcquire(final String semaphore, final int permits, final long timeoutNanos) {
        return send(ClusterProtocol.OP_SEMAPHORE_ACQUIRE, semaphore, 0, timeoutNanos, permits, 0)
            .value(semaphore) != 0;
    }

    @Override
    public void semaphoreRelease(final String semaphore, final int permits) {
        value(ClusterProtocol.OP_SEMAPHORE_RELEASE, semaphore, permits, 0);
    }

    @Override
    public int semaphoreValue(final String semaphore) {
        return (int) value(ClusterProtocol.OP_SEMAPHORE_VALUE, semaphore, 0, 0);
    }

    @Override
    public void eventSet(final String event) {
        value(ClusterProtocol.OP_EVENT_SET, event, 0, 0);
    }

    @Override
    public void eventClear(final String event) {
        value(ClusterProtocol.OP_EVENT_CLEAR, event, 0, 0);
    }

    @Override
    public boolean eventIsSet(final String event) {
        return value(ClusterProtocol.OP_EVENT_IS_SET, event, 0, 0) != 0;
    }

    @Override
    public boolean eventAwait(final String event, final long timeoutNanos) {
        return send(ClusterProtocol.OP_EVENT_AWAIT, event, 0, timeoutNanos, 0, 0).value(event) != 0;
    }

    @Override
    public boolean conditionAwait(final String condition, final String lock, final long threadId,
                                  final long timeoutNanos) {
        return send(ClusterProtocol.OP_CONDITION_AWAIT, condition, threadId, timeoutNanos, 0, 0,
            CommandEncoder.nameBytes(lock)).value(condition) != 0;
    }

    @Override
    public void conditionNotify(final String condition, final int n) {
        value(ClusterProtocol.OP_CONDITION_NOTIFY, condition, n, 0);
    }

    @Override
    public int barrierCreate(final String barrier, final int parties) {
        return (int) value(ClusterProtocol.OP_BARRIER_CREATE, barrier, parties, 0);
    }

    @Override
    public int barrierAwait(final String barrier, final long threadId, final long timeoutNanos) {
        return (int) send(ClusterProtocol.OP_BARRIER_AWAIT, barrier, threadId, timeoutNanos, 0, 0).value(barrier);
    }

    @Override
    public void barrierAbort(final String barrier) {
        value(ClusterProtocol.OP_BARRIER_ABORT, barrier, 0, 0);
    }

    @Override
    public void barrierReset(final String barrier) {
        value(ClusterProtocol.OP_BARRIER_RESET, barrier, 0, 0);
    }

    @Override
    public int barrierWaiting(final String barrier) {
        return (int) value(ClusterProtocol.OP_BARRIER_WAITING, barrier, 0, 0);
    }

    @Override
    public boolean barrierIsBroken(final String barrier) {
        return value(ClusterProtocol.OP_BARRIER_IS_BROKEN, barrier, 0, 0) != 0;
    }

    @Override
    public boolean delete(final String kind, final String name) {
        return value(ClusterProtocol.OP_DELETE, kind, 0, 0, CommandEncoder.nameBytes(name)) != 0;
    }

    // ---- parts ----

    /** One command awaiting its answer. */
    private static final class Call {
        final byte[] command;
        final CountDownLatch done = new CountDownLatch(1);
        long sequence;
        long sentAtNanos;
        long resendIntervalNanos = RESEND_INTERVAL_NANOS;
        long resentAtLeaderChange;
        volatile Answer answer;

        Call(final byte[] command) {
            this.command = command;
        }
    }

    /** Routes egress to the client; runs on the poller thread, under the session lock. */
    private static final class Listener implements EgressListener {
        ClusterClient client;

        @Override
        public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
                              final int offset, final int length, final Header header) {
            if (client != null) {
                client.onAnswer(buffer, offset, length);
            }
        }

        @Override
        public void onNewLeader(final long clusterSessionId, final long leadershipTermId, final int leaderMemberId,
                                final String ingressEndpoints) {
            if (client != null) {
                client.leaderChanges++;
                client.resendAll = true;
            }
        }

        @Override
        public void onSessionEvent(final long correlationId, final long clusterSessionId,
                                   final long leadershipTermId, final int leaderMemberId, final EventCode code,
                                   final String detail) {
            if (client != null && code == EventCode.CLOSED) {
                client.sessionEnded = "the cluster ended this client's session: " + code + " " + detail;
            }
        }
    }

    /** Presents the shared key as the connect credentials. */
    private static final class KeyCredentials implements CredentialsSupplier {
        private final byte[] key;

        KeyCredentials(final byte[] key) {
            this.key = key;
        }

        @Override
        public byte[] encodedCredentials() {
            return key.clone();
        }

        @Override
        public byte[] onChallenge(final byte[] encodedChallenge) {
            return new byte[0];
        }
    }
}
