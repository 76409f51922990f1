package io.shmproc.cluster;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.Shmproc;
import io.shmproc.pool.SerializableFunction;
import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every cluster primitive's handle has: the session it speaks through, its kind and name, and whether this
 * handle is closed. Closing a handle changes nothing in the cluster; {@link #unlink()} deletes the object.
 *
 * <p>A handle is serializable as its cluster's address and name ({@link ClusterRef}), never with the key.
 */
abstract class ClusterObject {
    final transient ClusterOps ops;
    final String kind;
    final String name;
    private volatile boolean closed;

    ClusterObject(final ClusterOps ops, final String kind, final String name) {
        this.ops = Objects.requireNonNull(ops, "ops");
        this.kind = kind;
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Throws when this handle is closed.
     *
     * @throws ClosedException when it is
     */
    final void checkOpen() {
        if (closed) {
            throw new ClosedException("the " + kind + " '" + name + "' handle is closed; ask the context for a new "
                + "one");
        }
    }

    /**
     * A cluster object has no file.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    public Path file() {
        throw new UnsupportedOperationException("the " + kind + " '" + name + "' lives in a cluster, not in a file; "
            + "check Shmproc.capabilities() for SHARED_MEMORY before asking for files");
    }

    /** Closes this handle; the object stays in the cluster. */
    public void close() {
        closed = true;
    }

    /**
     * Whether this handle is closed.
     *
     * @return {@code true} after {@link #close()}
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Deletes the object from the cluster; other handles to it see a new, empty object on their next use.
     *
     * @return {@code true} if this call deleted it
     */
    public boolean unlink() {
        checkOpen();
        return ops.delete(kind, name);
    }

    /**
     * How a context of the same cluster hands out this object again, for a handle sent to another process.
     *
     * @return the function, serializable
     * @throws NotSerializableException when this kind of handle cannot be sent
     */
    SerializableFunction<Shmproc, Object> reopener() throws NotSerializableException {
        throw new NotSerializableException("the cluster " + kind + " '" + name + "' cannot be serialized: in the "
            + "other process, connect to the cluster and ask for it by name");
    }

    /**
     * A cluster handle is written as its cluster's address and the way to ask for it again ({@link ClusterRef}).
     *
     * @return the form to write
     * @throws ObjectStreamException when this handle cannot be sent
     */
    final Object writeReplace() throws ObjectStreamException {
        return ClusterRef.of(ops, reopener());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + name + (closed ? ", closed" : "") + "}";
    }
}
