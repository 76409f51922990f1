package io.shmproc.cluster;

import java.util.Arrays;

/** A dict key in the service: bytes compared by content. */
final class ByteKey {
    final byte[] bytes;
    private final int hash;

    ByteKey(final byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof ByteKey && Arrays.equals(bytes, ((ByteKey) other).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
