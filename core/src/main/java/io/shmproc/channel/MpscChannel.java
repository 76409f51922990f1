package io.shmproc.channel;

import io.shmproc.exceptions.RegionException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A many-producer, single-consumer channel of byte messages in shared memory: any number of producer
 * handles in any processes (up to {@link ChannelOptions#producers(int)} open at once; each thread-safe) offer,
 * one consumer process (one thread at a time) polls. Built on Agrona's {@code ManyToOneRingBuffer} over a
 * {@link MappedRegion}; see {@link ChannelLayout}.
 *
 * <p><b>Dead producers.</b> Each producer handle claims a slot recording its {@link ProcessIdentity}. When the
 * consumer waits on a ring whose head is held by a claimed-but-never-committed record for 100 ms and some
 * producer is dead, it frees the ring with Agrona's {@code unblock()} (after 10 s it does so regardless:
 * claims must be committed promptly). A dead producer's unfinished fragmented message is dropped whole.
 *
 * <p>See {@link MessageChannel} for the contract. A standalone channel is a serializable handle: a copy
 * deserialized in another process attaches to the same file.
 */
public final class MpscChannel extends RingChannel implements Serializable {
    private static final long serialVersionUID = 1L;

    private MpscChannel(final MappedRegion region, final Path file, final AtomicBuffer payload, final int offset,
                        final ChannelOptions options) {
        super(region, file, payload, offset, options, 0);
    }

    /**
     * Creates a standalone channel in a new shared file.
     *
     * @param file    where to create it (must not exist)
     * @param options capacity, maximum message length, producers and this handle's waiting
     * @return the creator's handle
     * @throws RegionException when the file exists or cannot be created
     */
    public static MpscChannel create(final Path file, final ChannelOptions options) {
        final ChannelOptions own = options.copy();
        return handleOn(createRegion(file, RegionKind.MPSC_CHANNEL, own, own.producers()),
            region -> new MpscChannel(region, region.file(), region.payload(), 0, own));
    }

    /**
     * Attaches to a standalone channel another handle created.
     *
     * @param file    the channel's file
     * @param options this handle's waiting (the shared sizes come from the file)
     * @return a new handle
     * @throws RegionException when the file is missing, corrupt, or not a channel of this kind
     */
    public static MpscChannel attach(final Path file, final ChannelOptions options) {
        final ChannelOptions own = options.copy();
        return handleOn(attachRegion(file, RegionKind.MPSC_CHANNEL),
            region -> new MpscChannel(region, region.file(), region.payload(), 0, own));
    }

    /**
     * Initialises a channel block inside another object's region payload, before that region is published.
     *
     * @param payload the zero-filled payload
     * @param offset  the block's offset, a multiple of {@link ChannelLayout#ALIGNMENT}
     * @param options capacity, maximum message length and producers
     * @return the block's length ({@link ChannelLayout#length})
     */
    public static int initialize(final AtomicBuffer payload, final int offset, final ChannelOptions options) {
        return initializeBlock(payload, offset, options, options.producers());
    }

    /**
     * The length of a channel block with these options.
     *
     * @param options capacity and producers
     * @return bytes, a multiple of {@link ChannelLayout#ALIGNMENT}
     */
    public static int blockLength(final ChannelOptions options) {
        return ChannelLayout.length(options.capacity(), options.producers());
    }

    /**
     * Opens a handle on a channel block embedded in another object's region; closing it leaves the region
     * mapped. Such a handle is not serializable: serialize the enclosing object.
     *
     * @param payload the region's payload
     * @param offset  the block's offset
     * @param file    the region's file, for messages
     * @param options this handle's waiting
     * @return a handle
     * @throws io.shmproc.exceptions.CorruptRegionException when the block is not a valid channel
     */
    public static MpscChannel wrap(final AtomicBuffer payload, final int offset, final Path file,
                                   final ChannelOptions options) {
        return new MpscChannel(null, file, Objects.requireNonNull(payload, "payload"), offset, options.copy());
    }

    @Override
    RingBuffer newRing(final AtomicBuffer ringBuffer) {
        return new ManyToOneRingBuffer(ringBuffer);
    }

    @Override
    int claimSlot(final ProducerTable table) {
        return table.claim(ProcessIdentity.current());
    }

    private void readObject(final ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("MpscChannel travels as a Ref");
    }

    @Override
    RegionKind regionKind() {
        return RegionKind.MPSC_CHANNEL;
    }
}
