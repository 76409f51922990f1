package io.shmproc.cluster;

import io.shmproc.codec.Codec;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;

/**
 * A pipe of a cluster context: two {@link ClusterConnection} ends that talk over Aeron UDP directly, wherever
 * their processes run; the cluster holds only where each end listens ({@link Registry}).
 *
 * <p><b>Across processes and hosts.</b> Send an end to the process that uses it (as an argument of a child
 * process, or serialized by hand): it reconnects through that process's context of the same cluster. An end
 * belongs to the first process that uses it. <b>Under crashes.</b> The other end's {@code recv} ends in
 * {@code EOFException} when an end's process dies, within the client's stream liveness timeout.
 *
 * @param <T> the type of the messages
 */
final class ClusterPipe<T> implements Pipe<T> {
    /** The cluster dict holding every pipe's endpoints: key {@code <pipe id>/<end>}, value {@code host:port token}. */
    static final String REGISTRY_DICT = "shmproc.pipes";

    private final String id;
    private final boolean duplex;
    private final Registry registry;
    private final ClusterConnection<T> first;
    private final ClusterConnection<T> second;
    private final int only;
    private final Consumer<ClusterPipe<?>> closed;

    /**
     * A pipe handle in this process.
     *
     * @param client  the session
     * @param id      the pipe's id, unique in the cluster
     * @param duplex  whether both ends send and receive (else end 1 receives and end 2 sends, as Python's)
     * @param codec   the messages' codec
     * @param only    0 for both ends, else the one end this handle holds (an end received from another process)
     * @param timeout how long an end waits for the other to listen, in ns
     * @param closed  called once when every end this handle holds is closed (the context then forgets it)
     */
    ClusterPipe(final ClusterClient client, final String id, final boolean duplex, final Codec<T> codec,
                final int only, final long timeout, final Consumer<ClusterPipe<?>> closed) {
        this.id = id;
        this.closed = closed;
        this.duplex = duplex;
        this.only = only;
        this.registry = new Registry(client, id);
        this.first = only == 2 ? null : new ClusterConnection<>(client, this, 1, codec, timeout);
        this.second = only == 1 ? null : new ClusterConnection<>(client, this, 2, codec, timeout);
    }

    String id() {
        return id;
    }

    boolean isDuplex() {
        return duplex;
    }

    Registry registry() {
        return registry;
    }

    ClusterConnection<T> end(final int end) {
        return end == 1 ? first : second;
    }

    @Override
    public Connection<T> first() {
        if (first == null) {
            throw new IllegalStateException("this handle of pipe " + id + " holds only end " + only);
        }
        return first;
    }

    @Override
    public Connection<T> second() {
        if (second == null) {
            throw new IllegalStateException("this handle of pipe " + id + " holds only end " + only);
        }
        return second;
    }

    /**
     * A pipe across hosts has no file.
     *
     * @return {@code null}
     */
    @Override
    public Path file() {
        return null;
    }

    /**
     * Removes the records of the ends this process listens on from the cluster (closing them does too).
     *
     * @return {@code true} when a record was removed
     */
    @Override
    public boolean unlink() {
        return registry.withdraw(1) | registry.withdraw(2);
    }

    /** Closes the ends this handle holds. */
    @Override
    public void close() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    /** Called by an end after it closed: tells the context when no end of this handle is open any more. */
    void endClosed() {
        if ((first == null || first.isClosed()) && (second == null || second.isClosed())) {
            closed.accept(this);
        }
    }

    @Override
    public String toString() {
        return "ClusterPipe[" + id + (duplex ? ", duplex" : ", simplex") + "]";
    }

    /**
     * Where each end of one pipe listens, in the cluster dict {@value #REGISTRY_DICT}: one record per end that
     * receives, written by the process that uses the end, with a token naming that process; removed when the end
     * closes.
     */
    static final class Registry {
        private final ClusterClient client;
        private final String id;
        private final String token;

        Registry(final ClusterClient client, final String id) {
            this.client = client;
            this.id = id;
            this.token = "pid " + ProcessHandle.current().pid() + " on " + client.egressHost() + " #"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
        }

        private byte[] key(final int end) {
            return (id + "/" + end).getBytes(StandardCharsets.UTF_8);
        }

        /** Records that {@code end} listens at {@code endpoint}; refuses when another process holds the end. */
        void publish(final int end, final String endpoint) {
            final byte[] value = (endpoint + " " + token).getBytes(StandardCharsets.UTF_8);
            final byte[] before = client.dictPutIfAbsent(REGISTRY_DICT, key(end), value);
            if (before != null) {
                final String holder = new String(before, StandardCharsets.UTF_8);
                throw new IllegalStateException("end " + end + " of pipe " + id + " is used by another process ("
                    + holder.substring(holder.indexOf(' ') + 1) + "); across hosts an end belongs to one process "
                    + "until it closes it");
            }
        }

        /** Where {@code end} listens now, or {@code null}. */
        String lookup(final int end) {
            final byte[] value = client.dictGet(REGISTRY_DICT, key(end));
            if (value == null) {
                return null;
            }
            final String text = new String(value, StandardCharsets.UTF_8);
            return text.substring(0, text.indexOf(' '));
        }

        /** Waits until {@code end} listens and returns its {@code host:port}. */
        String await(final int end, final long timeoutNanos) throws InterruptedException {
            final long deadline = System.nanoTime() + timeoutNanos;
            long sleepMillis = 1;
            while (true) {
                final String endpoint = lookup(end);
                if (endpoint != null) {
                    return endpoint;
                }
                if (System.nanoTime() > deadline) {
                    throw new ShmprocTimeoutException("end " + end + " of pipe " + id + " did not start listening "
                        + "within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: no process has received "
                        + "on it (send it to the process that uses it, and use it there)");
                }
                if (client.isClosed()) {
                    throw new ClosedException("the cluster context of pipe " + id + " is closed");
                }
                Thread.sleep(sleepMillis);
                sleepMillis = Math.min(sleepMillis * 2, 50);
            }
        }

        /** Removes {@code end}'s record if this process wrote it. */
        boolean withdraw(final int end) {
            final byte[] value = client.dictGet(REGISTRY_DICT, key(end));
            if (value == null) {
                return false;
            }
            final String text = new String(value, StandardCharsets.UTF_8);
            return text.endsWith(" " + token) && client.dictRemoveIfEquals(REGISTRY_DICT, key(end), value);
        }
    }
}
