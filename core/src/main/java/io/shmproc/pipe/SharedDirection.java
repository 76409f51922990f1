package io.shmproc.pipe;

import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.MpmcChannel;
import io.shmproc.channel.MpmcLayout;
import io.shmproc.channel.SpscChannel;
import io.shmproc.exceptions.RegionException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.ProcessIdentity;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * One direction of a pipe as one handle uses it, on one side (sending or receiving).
 *
 * <p><b>Single use (SPSC mode).</b> The first handle to send and the first to receive become the direction's
 * <em>ring sender</em> and <em>ring receiver</em> (recorded in the pipe's file) and use its SPSC ring directly;
 * this costs them one read of the mode word per message.
 *
 * <p><b>Shared use.</b> When a second live handle uses a side (another holder of the same end, in any
 * process), it switches the direction to shared mode: an MPMC channel file beside the pipe takes every new
 * message, so several senders interleave whole messages and several receivers take distinct whole messages, and
 * a holder killed mid-message leaves nothing half visible. The ring keeps only what was sent before: its sender
 * waits (a bounded time) for the ring's receiver to take what it sent there and then moves to the shared channel
 * for good, and the ring's receiver reads the ring before the shared channel, so a single receiver gets each
 * sender's messages in order. Only the ring's receiver reads the ring; when it is gone (closed or dead) another
 * receiver takes the ring over.
 */
final class SharedDirection {
    private static final long SWITCH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long FIRST_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_SLICE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** How long the ring sender waits for the ring to drain before it moves to the shared channel. */
    static final long HANDOFF_MILLIS = 200;
    private static final long TAKEOVER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Path pipeFile;
    private final AtomicBuffer payload;
    private final int channel;
    private final int line;
    private final int sideOffset;
    private final int end;
    private final SpscChannel ring;
    private final IdleStrategy idle;
    private final MpmcChannel.ReadHandler adapter = this::deliver;
    private final long token;
    private MpmcChannel shared;
    private MessageHandler current;
    private boolean delivered;
    private boolean ringUser;
    private boolean movedToShared;
    private long nextTakeoverCheck;

    /**
     * @param sending whether this handle sends on this direction (else it receives)
     * @param end     this handle's end
     * @param slot    this handle's holder slot in that end
     */
    SharedDirection(final Path pipeFile, final AtomicBuffer payload, final int channel, final SpscChannel ring,
                    final IdleStrategy idle, final boolean sending, final int end, final int slot) {
        this.pipeFile = pipeFile;
        this.payload = payload;
        this.channel = channel;
        this.line = PipeLayout.directionOffset(channel);
        this.sideOffset = line + (sending ? PipeLayout.RING_SENDER_OFFSET : PipeLayout.RING_RECEIVER_OFFSET);
        this.end = end;
        this.token = slot + 1L;
        this.ring = ring;
        this.idle = idle;
    }

    /** Whether this direction is shared. */
    boolean isShared() {
        return payload.getIntVolatile(line + PipeLayout.MODE_OFFSET) != PipeLayout.MODE_SPSC;
    }

    /** Whether this handle uses the ring on its side. */
    boolean isRingUser() {
        return ringUser;
    }

    /**
     * In SPSC mode, before this handle's first use of its side: takes the ring if no live handle uses it, else
     * switches the direction to shared mode.
     *
     * @return {@code true} when this handle now uses the ring; {@code false} when the direction is shared
     */
    boolean claimRing() {
        if (tryTakeRing()) {
            return true;
        }
        share();
        return false;
    }

    private boolean tryTakeRing() {
        final long user = payload.getLongVolatile(sideOffset);
        if (user == token || user == 0L && payload.compareAndSetLong(sideOffset, 0L, token)
            || user != 0L && userGone(user) && payload.compareAndSetLong(sideOffset, user, token)) {
            ringUser = true;
            return true;
        }
        return false;
    }

    private boolean userGone(final long user) {
        final int at = PipeLayout.holderOffset(end, (int) (user - 1));
        final long pid = payload.getLongVolatile(at + PipeLayout.HOLDER_PID_OFFSET);
        return pid <= 0L || !new ProcessIdentity(pid, payload.getLongVolatile(at + PipeLayout.HOLDER_START_OFFSET))
            .isAlive();
    }

    /** Switches the direction to shared mode, creating its channel file; idempotent, safe from both ends at once. */
    void share() {
        final int at = line + PipeLayout.MODE_OFFSET;
        if (payload.compareAndSetInt(at, PipeLayout.MODE_SPSC, PipeLayout.MODE_SWITCHING)) {
            try {
                MpmcChannel.create(PipeLayout.sharedChannelFile(pipeFile, channel),
                    Math.max(ring.capacity(), MpmcLayout.MIN_CAPACITY), 0, ring.maxMessageLength()).close();
            } catch (final RuntimeException e) {
                payload.putIntRelease(at, PipeLayout.MODE_SPSC);
                throw e;
            }
            // Publishes the channel file created above: a handle that sees SHARED attaches to it.
            payload.putIntRelease(at, PipeLayout.MODE_SHARED);
        }
    }

    private MpmcChannel channel() {
        if (shared == null) {
            final long deadline = System.nanoTime() + SWITCH_WAIT_NANOS;
            while (payload.getIntVolatile(line + PipeLayout.MODE_OFFSET) == PipeLayout.MODE_SWITCHING) {
                if (System.nanoTime() - deadline > 0) {
                    throw new ShmprocException("direction " + channel + " of pipe " + pipeFile + " has been switching"
                        + " to shared use for 10 s; the process switching it may have died");
                }
                Thread.onSpinWait();
            }
            try {
                shared = MpmcChannel.attach(PipeLayout.sharedChannelFile(pipeFile, channel));
            } catch (final RegionException e) {
                throw new ShmprocException("the shared channel of pipe " + pipeFile + " is missing or damaged: " + e,
                    e);
            }
        }
        return shared;
    }

    /**
     * Sends one message in shared mode. The ring sender first waits (up to {@value #HANDOFF_MILLIS} ms) until the
     * ring's receiver has taken what it sent there, so that a single receiver gets its messages in order.
     *
     * @return {@code true} (the message is sent)
     */
    boolean send(final DirectBuffer buffer, final int offset, final int length, final Runnable peer)
        throws InterruptedException {
        if (ringUser && !movedToShared) {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDOFF_MILLIS);
            idle.reset();
            while (!ring.isEmpty() && System.nanoTime() - deadline < 0) {
                peer.run();
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while sending on shared pipe " + pipeFile);
                }
                idle.idle();
            }
            movedToShared = true;
        }
        final MpmcChannel out = channel();
        if (out.offer(buffer, offset, length)) {
            return true;
        }
        long slice = FIRST_SLICE_NANOS;
        while (!out.offer(buffer, offset, length, System.nanoTime() + slice, idle)) {
            peer.run();
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while sending on shared pipe " + pipeFile);
            }
            slice = Math.min(MAX_SLICE_NANOS, slice * 2);
        }
        return true;
    }

    /**
     * Receives one message in shared mode without waiting: the ring first (when this handle reads it), then the
     * shared channel.
     *
     * @return {@code true} when the handler got a message
     */
    boolean receiveNow(final MessageHandler handler) {
        if (!ringUser && !ring.isEmpty()) {
            final long now = System.nanoTime();
            if (now - nextTakeoverCheck >= 0) {
                nextTakeoverCheck = now + TAKEOVER_CHECK_NANOS;
                tryTakeRing();
            }
        }
        if (ringUser) {
            while (true) {
                if (ring.poll(handler, 1) > 0) {
                    return true;
                }
                if (!ring.isAssembling() || ring.isEmpty()) {
                    break;
                }
            }
        }
        current = handler;
        delivered = false;
        try {
            channel().poll(adapter, 1);
            return delivered;
        } finally {
            current = null;
        }
    }

    /** Whether a message is waiting for this handle. */
    boolean hasMessage() {
        return !ring.isEmpty() && (ringUser || payload.getLongVolatile(sideOffset) == 0L) || channel().size() > 0;
    }

    private void deliver(final DirectBuffer buffer, final int offset, final int length) {
        delivered = true;
        current.onMessage(buffer, offset, length);
    }

    /** Gives up this handle's side of the ring and its channel handle; on close. */
    void release() {
        if (ringUser) {
            ringUser = false;
            payload.compareAndSetLong(sideOffset, token, 0L);
        }
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
