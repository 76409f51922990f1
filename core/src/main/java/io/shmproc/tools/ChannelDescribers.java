package io.shmproc.tools;

import io.shmproc.channel.ChannelLayout;
import io.shmproc.channel.MpmcLayout;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.pipe.PipeLayout;
import io.shmproc.pool.PoolLayout;
import io.shmproc.tools.RegionDescribers.PayloadReader;
import io.shmproc.tools.RegionDescribers.Report;
import java.io.IOException;

/**
 * Describers of the message-carrying kinds: queues and MPMC channels, SPSC and MPSC channels, pipes and pools.
 */
final class ChannelDescribers {
    /**
     * Offset of an Agrona ring's tail position past its capacity ({@code RingBufferDescriptor}'s value, kept
     * here because the tool runs without Agrona on the class path; a test keeps the two equal).
     */
    static final int RING_TAIL_POSITION_OFFSET = 128;
    /** Offset of an Agrona ring's head position past its capacity (see {@link #RING_TAIL_POSITION_OFFSET}). */
    static final int RING_HEAD_POSITION_OFFSET = 384;
    /** Length of an Agrona ring's trailer (see {@link #RING_TAIL_POSITION_OFFSET}). */
    static final int RING_TRAILER_LENGTH = 768;
    private static final int MAX_SLOTS_SHOWN = 64;

    private ChannelDescribers() {
    }

    /** QUEUE and MPMC_CHANNEL: depth, capacity, bound and the two lock holders. */
    static Report mpmc(final PayloadReader p, final Liveness liveness) throws IOException {
        final Report.Builder report = new Report.Builder();
        final long items = p.getLong(MpmcLayout.WRITTEN_OFFSET) - p.getLong(MpmcLayout.READ_OFFSET);
        final long bytes = p.getLong(MpmcLayout.TAIL_OFFSET) - p.getLong(MpmcLayout.HEAD_OFFSET);
        final int capacity = p.getInt(MpmcLayout.CAPACITY_OFFSET);
        final long maxItems = p.getLong(MpmcLayout.MAX_ITEMS_OFFSET);
        final String producer = holder(p, MpmcLayout.PRODUCER_LOCK_OFFSET, MpmcLayout.PRODUCER_PID_OFFSET,
            MpmcLayout.PRODUCER_START_OFFSET);
        final String consumer = holder(p, MpmcLayout.CONSUMER_LOCK_OFFSET, MpmcLayout.CONSUMER_PID_OFFSET,
            MpmcLayout.CONSUMER_START_OFFSET);
        report.field("depth", items + " items, " + bytes + " bytes")
            .field("capacity", capacity + " bytes")
            .field("max items", maxItems == 0 ? "unbounded" : maxItems)
            .field("max message", p.getInt(MpmcLayout.MAX_MESSAGE_OFFSET) + " bytes")
            .field("max fragment", p.getInt(MpmcLayout.MAX_FRAGMENT_OFFSET) + " bytes")
            .field("tail", p.getLong(MpmcLayout.TAIL_OFFSET) + " bytes ever written")
            .field("head", p.getLong(MpmcLayout.HEAD_OFFSET) + " bytes ever read")
            .field("written", p.getLong(MpmcLayout.WRITTEN_OFFSET) + " messages")
            .field("read", p.getLong(MpmcLayout.READ_OFFSET) + " messages")
            .field("producer lock", producer)
            .field("consumer lock", consumer)
            .field("user word 0", p.getLong(MpmcLayout.userWordOffset(0)));
        return report.summary("depth " + items + " items / " + bytes + " bytes, capacity " + capacity + " bytes, max "
            + (maxItems == 0 ? "unbounded" : maxItems + " items") + ", producer lock " + producer
            + ", consumer lock " + consumer);
    }

    private static String holder(final PayloadReader p, final int lockOffset, final int pidOffset,
                                 final int startOffset) throws IOException {
        final long pid = p.getLong(lockOffset) & 0xFFFF_FFFFL;
        if (pid == 0) {
            return "free";
        }
        final long start = p.getLong(pidOffset) == pid ? p.getLong(startOffset) : -1;
        return new ProcessIdentity(pid, start).toString();
    }

    /** SPSC_CHANNEL and MPSC_CHANNEL: one channel block at payload offset 0. */
    static Report channel(final PayloadReader p, final Liveness liveness) throws IOException {
        final Report.Builder report = new Report.Builder();
        final Block block = block(p, 0, report, "");
        return report.summary("pending " + block.pending + " bytes, capacity " + block.capacity + " bytes, producers "
            + block.producers);
    }

    /** PIPE: duplex flag, each end's state and holders, each direction's mode, bytes pending per direction. */
    static Report pipe(final PayloadReader p, final Liveness liveness) throws IOException {
        final Report.Builder report = new Report.Builder();
        final boolean duplex = p.getInt(PipeLayout.DUPLEX_OFFSET) == 1;
        report.field("duplex", duplex);
        final StringBuilder summary = new StringBuilder(duplex ? "duplex" : "simplex");
        for (int end = 1; end <= 2; end++) {
            final int at = PipeLayout.endOffset(end);
            final long state = p.getLong(at + PipeLayout.STATE_OFFSET);
            final StringBuilder holders = new StringBuilder();
            for (int slot = 0; slot < PipeLayout.HOLDER_SLOTS; slot++) {
                final int holder = PipeLayout.holderOffset(end, slot);
                final long pid = p.getLong(holder + PipeLayout.HOLDER_PID_OFFSET);
                if (pid != 0L) {
                    holders.append(holders.length() == 0 ? "" : "; ").append(pid < 0 ? "in transit from " : "")
                        .append(new ProcessIdentity(Math.abs(pid), p.getLong(holder + PipeLayout.HOLDER_START_OFFSET)));
                }
            }
            final String text = endState(state) + ", holders " + (holders.length() == 0 ? "none" : holders);
            report.field("end " + end, text);
            summary.append(", end ").append(end).append(' ').append(text);
        }
        for (int channel = 0; channel < (duplex ? 2 : 1); channel++) {
            final int mode = p.getInt(PipeLayout.directionOffset(channel) + PipeLayout.MODE_OFFSET);
            report.field("direction " + (channel == 0 ? "2->1" : "1->2"), mode == PipeLayout.MODE_SPSC ? "SPSC ring"
                : mode == PipeLayout.MODE_SHARED ? "shared (MPMC channel file beside the pipe)" : "switching");
        }
        final Block first = block(p, PipeLayout.CHANNELS_OFFSET, report, "2->1 ");
        summary.append(", pending 2->1 ").append(first.pending).append(" bytes");
        if (duplex) {
            final int length = blockLength(first.capacity, first.producers);
            final Block second = block(p, PipeLayout.channelOffset(1, length), report, "1->2 ");
            summary.append(", 1->2 ").append(second.pending).append(" bytes");
        }
        return report.summary(summary.toString());
    }

    private static String endState(final long state) {
        if (state == PipeLayout.OPEN) {
            return "OPEN";
        }
        if (state == PipeLayout.CLOSED) {
            return "CLOSED";
        }
        if (state == PipeLayout.IN_TRANSIT) {
            return "IN_TRANSIT";
        }
        return "unknown state " + state;
    }

    /** The constants, producer slots and ring positions of one channel block. */
    private record Block(int capacity, int producers, long pending) {
    }

    private static Block block(final PayloadReader p, final int at, final Report.Builder report, final String prefix)
        throws IOException {
        final int capacity = p.getInt(at + ChannelLayout.CAPACITY_OFFSET);
        final int producers = p.getInt(at + ChannelLayout.PRODUCERS_OFFSET);
        if (capacity <= 0 || Integer.bitCount(capacity) != 1 || producers < 0) {
            throw new IOException("channel block at " + at + " has capacity " + capacity + " and " + producers
                + " producer slots");
        }
        final long pending = pending(p, at + ChannelLayout.ringOffset(producers), capacity);
        report.field(prefix + "capacity", capacity + " bytes")
            .field(prefix + "max message", p.getInt(at + ChannelLayout.MAX_MESSAGE_LENGTH_OFFSET) + " bytes")
            .field(prefix + "pending", pending + " bytes");
        for (int slot = 0; slot < Math.min(producers, MAX_SLOTS_SHOWN); slot++) {
            final int offset = at + ChannelLayout.slotOffset(slot);
            final long pid = p.getLong(offset + ChannelLayout.SLOT_PID_OFFSET);
            report.field(prefix + "producer " + slot, pid == 0 ? "free"
                : new ProcessIdentity(pid, p.getLong(offset + ChannelLayout.SLOT_START_OFFSET)).toString());
        }
        return new Block(capacity, producers, pending);
    }

    /** Bytes written to an Agrona ring and not yet read: tail minus head from its trailer. */
    private static long pending(final PayloadReader p, final long ringOffset, final int capacity) throws IOException {
        final long tail = p.getLong(ringOffset + capacity + RING_TAIL_POSITION_OFFSET);
        final long head = p.getLong(ringOffset + capacity + RING_HEAD_POSITION_OFFSET);
        return tail - head;
    }

    /** {@code ChannelLayout.length} without Agrona: the length of a channel block. */
    static int blockLength(final int capacity, final int producers) {
        return ChannelLayout.ringOffset(producers) + capacity + RING_TRAILER_LENGTH;
    }

    /** {@code PoolLayout.slotOffset} without Agrona: where a worker's slot starts. */
    static long poolSlotOffset(final int slot, final int ringCapacity) {
        return PoolLayout.HEADER_LENGTH + (long) slot * (PoolLayout.STATUS_LENGTH + 2L * (ringCapacity
            + RING_TRAILER_LENGTH));
    }

    /** POOL: each worker's pid and the task it runs, and the tasks and results waiting in its rings. */
    static Report pool(final PayloadReader p, final Liveness liveness) throws IOException {
        final Report.Builder report = new Report.Builder();
        final int workers = p.getInt(PoolLayout.WORKERS_OFFSET);
        final int ringCapacity = p.getInt(PoolLayout.RING_CAPACITY_OFFSET);
        if (workers < 0 || ringCapacity <= 0 || Integer.bitCount(ringCapacity) != 1) {
            throw new IOException(workers + " workers with rings of " + ringCapacity + " bytes");
        }
        report.field("workers", workers).field("ring capacity", ringCapacity + " bytes");
        int alive = 0;
        int busy = 0;
        for (int slot = 0; slot < workers; slot++) {
            final long at = poolSlotOffset(slot, ringCapacity);
            final long pid = p.getLong(at + PoolLayout.STATUS_PID_OFFSET);
            final long job = p.getLong(at + PoolLayout.STATUS_RUNNING_JOB_OFFSET);
            final boolean live = pid != 0 && new ProcessIdentity(pid, -1).isAlive();
            alive += live ? 1 : 0;
            busy += job != 0 ? 1 : 0;
            report.field("worker " + slot, (pid == 0 ? "not started" : "pid " + pid + (live ? " (alive)" : " (dead)"))
                + ", " + (job == 0 ? "idle" : "running task " + job)
                + ", " + p.getLong(at + PoolLayout.STATUS_TASKS_DONE_OFFSET) + " tasks done"
                + ", generation " + p.getLong(at + PoolLayout.STATUS_GENERATION_OFFSET)
                + ", tasks queued " + pending(p, at + PoolLayout.STATUS_LENGTH, ringCapacity)
                + " bytes, results queued " + pending(p, at + PoolLayout.STATUS_LENGTH
                + ringCapacity + RING_TRAILER_LENGTH, ringCapacity)
                + " bytes");
        }
        return report.summary(workers + " workers, " + alive + " alive, " + busy + " running a task");
    }
}
