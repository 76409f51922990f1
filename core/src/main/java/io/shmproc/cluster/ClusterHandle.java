package io.shmproc.cluster;

/**
 * The {@link ClusterObject} part of a handle that already extends a collection class ({@link ClusterDict},
 * {@link ClusterList}): it holds the session, kind, name and closed flag, and the handle delegates to it.
 */
final class ClusterHandle extends ClusterObject {
    ClusterHandle(final ClusterOps ops, final String kind, final String name) {
        super(ops, kind, name);
    }
}
