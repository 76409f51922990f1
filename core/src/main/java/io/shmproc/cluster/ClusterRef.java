package io.shmproc.cluster;

import io.shmproc.Shmproc;
import io.shmproc.pool.SerializableFunction;
import java.io.NotSerializableException;
import java.io.Serializable;

/**
 * What a cluster handle becomes when it is serialized: the cluster's address and how to ask a context of that
 * cluster for the same object again. Never the key: the JVM that reads it reaches the cluster through a context
 * it already has for that address, or connects with the key in its environment ({@link ClusterContexts}).
 */
final class ClusterRef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String address;
    private final SerializableFunction<Shmproc, Object> reopen;

    private ClusterRef(final String address, final SerializableFunction<Shmproc, Object> reopen) {
        this.address = address;
        this.reopen = reopen;
    }

    /**
     * The serialized form of a handle.
     *
     * @param ops    the session the handle speaks through
     * @param reopen how a context of the same cluster hands out the same object
     * @return the form to write
     * @throws NotSerializableException when the handle's context is closed
     */
    static ClusterRef of(final ClusterOps ops, final SerializableFunction<Shmproc, Object> reopen)
        throws NotSerializableException {
        return new ClusterRef(ClusterContexts.addressOf(ops), reopen);
    }

    private Object readResolve() {
        return reopen.apply(ClusterContexts.forAddress(address));
    }
}
