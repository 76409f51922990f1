package io.shmproc.pipe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Connection#waitAny}: the local algorithm when every connection is a {@link LocalConnection}, else a
 * polling loop over {@link Connection#poll()} that works for any mix of backends.
 */
final class WaitAny {
    /** Idle rounds of the polling loop that only spin before it parks. */
    private static final int SPIN_ROUNDS = 100;
    /** The first park of the polling loop; each next one doubles, up to {@link #MAX_PARK_NANOS}. */
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private WaitAny() {
    }

    /** See {@link Connection#waitAny}. */
    @SuppressWarnings("unchecked")
    static List<Connection<?>> waitAny(final Collection<? extends Connection<?>> connections, final long timeout,
                                       final TimeUnit unit) throws InterruptedException {
        if (connections == null || connections.isEmpty()) {
            throw new IllegalArgumentException("connections=" + connections + "; give at least one connection");
        }
        boolean local = true;
        for (final Connection<?> connection : connections) {
            if (!(connection instanceof LocalConnection)) {
                local = false;
                break;
            }
        }
        if (local) {
            return LocalConnection.waitAnyLocal((Collection<? extends LocalConnection<?>>) connections, timeout, unit);
        }
        return polling(connections, timeout, unit);
    }

    /**
     * Polls every connection in each round and returns the ready ones, in the given order; between rounds spins a
     * little, then parks 50 µs, doubling up to 1 ms (never past the deadline).
     */
    static List<Connection<?>> polling(final Collection<? extends Connection<?>> connections, final long timeout,
                                       final TimeUnit unit) throws InterruptedException {
        for (final Connection<?> connection : connections) {
            if (!(connection instanceof LocalConnection) && !connection.isReadable()) {
                throw new IllegalStateException(connection + " only sends; waitAny watches connections that receive");
            }
        }
        final long start = System.nanoTime();
        final long timeoutNanos = unit.toNanos(timeout);
        int idleRounds = 0;
        long parkNanos = MIN_PARK_NANOS;
        while (true) {
            final List<Connection<?>> ready = new ArrayList<>();
            for (final Connection<?> connection : connections) {
                if (connection.poll()) {
                    ready.add(connection);
                }
            }
            if (!ready.isEmpty()) {
                return ready;
            }
            final long left = timeoutNanos - (System.nanoTime() - start);
            if (left <= 0) {
                return ready;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted in waitAny");
            }
            if (idleRounds < SPIN_ROUNDS) {
                idleRounds++;
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(Math.min(parkNanos, left));
                parkNanos = Math.min(parkNanos * 2, MAX_PARK_NANOS);
            }
        }
    }
}
