package io.shmproc.cluster;

/** The markers an object's operation returns when it booked a waiter and will answer later. */
final class Pending {
    /** A numeric operation booked a waiter. */
    static final long LATER = Long.MIN_VALUE;
    /** A byte-returning operation booked a waiter (compared by identity). */
    static final byte[] LATER_BYTES = new byte[0];

    private Pending() {
    }
}
