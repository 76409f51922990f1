package io.shmproc.channel;

import io.shmproc.exceptions.RegionException;
import io.shmproc.exceptions.ShmprocException;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.ProcessIdentity;
import io.shmproc.memory.RegionKind;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * A single-producer, single-consumer channel of byte messages in shared memory: one producer process (one
 * thread at a time) offers, one consumer process (one thread at a time) polls. Built on Agrona's
 * {@code OneToOneRingBuffer} record format over a {@link MappedRegion}; see {@link ChannelLayout}.
 *
 * <p>See {@link MessageChannel} for the contract. A standalone channel is a serializable handle: a copy
 * deserialized in another process attaches to the same file.
 */
public final class SpscChannel extends RingChannel implements Serializable {
    private static final long serialVersionUID = 1L;

    private SpscChannel(final MappedRegion region, final Path file, final AtomicBuffer payload, final int offset,
                        final ChannelOptions options) {
        super(region, file, payload, offset, options, 1);
    }

    /**
     * Creates a standalone channel in a new shared file.
     *
     * @param file    where to create it (must not exist)
     * @param options capacity, maximum message length, producers and this handle's waiting
     * @return the creator's handle
     * @throws RegionException when the file exists or cannot be created
     */
    public static SpscChannel create(final Path file, final ChannelOptions options) {
        final ChannelOptions own = options.copy();
        return handleOn(createRegion(file, RegionKind.SPSC_CHANNEL, own, 1),
            region -> new SpscChannel(region, region.file(), region.payload(), 0, own));
    }

    /**
     * Attaches to a standalone channel another handle created.
     *
     * @param file    the channel's file
     * @param options this handle's waiting (the shared sizes come from the file)
     * @return a new handle
     * @throws RegionException when the file is missing, corrupt, or not a channel of this kind
     */
    public static SpscChannel attach(final Path file, final ChannelOptions options) {
        final ChannelOptions own = options.copy();
        return handleOn(attachRegion(file, RegionKind.SPSC_CHANNEL),
            region -> new SpscChannel(region, region.file(), region.payload(), 0, own));
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
        return initializeBlock(payload, offset, options, 1);
    }

    /**
     * The length of a channel block with these options.
     *
     * @param options capacity and producers
     * @return bytes, a multiple of {@link ChannelLayout#ALIGNMENT}
     */
    public static int blockLength(final ChannelOptions options) {
        return ChannelLayout.length(options.capacity(), 1);
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
    public static SpscChannel wrap(final AtomicBuffer payload, final int offset, final Path file,
                                   final ChannelOptions options) {
        return new SpscChannel(null, file, Objects.requireNonNull(payload, "payload"), offset, options.copy());
    }

    @Override
    RingBuffer newRing(final AtomicBuffer ringBuffer) {
        return new OneToOneRingBuffer(ringBuffer);
    }

    @Override
    int claimSlot(final ProducerTable table) {
        final ProcessIdentity me = ProcessIdentity.current();
        final ProcessIdentity owner = table.owner(0);
        if (owner != null && owner.isAlive() && !owner.equals(me)) {
            throw new ShmprocException("channel " + file() + " already has a live producer (" + owner + "); a"
                + " single-producer channel takes one producer at a time: use an MpscChannel for several");
        }
        return table.claim(me);
    }

    private void readObject(final ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("SpscChannel travels as a Ref");
    }

    @Override
    RegionKind regionKind() {
        return RegionKind.SPSC_CHANNEL;
    }
}
