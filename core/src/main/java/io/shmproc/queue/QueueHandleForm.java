package io.shmproc.queue;

import io.shmproc.codec.Codecs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.Path;

/**
 * A local queue handle written without Java serialization, for the process layer: a child's target that captures a
 * queue (the usual way to hand a queue to a child) then reaches the child in a form the child reads without an
 * {@code ObjectInputStream}, whose first use cost a cold child 8-13 ms of its start (measured). Only handles whose
 * codec is one of {@link Codecs}' built-in codecs have this form; any other travels Java-serialized, as before.
 *
 * <pre>
 *   byte flavour (SHARED 0, SIMPLE 1, JOINABLE 2)  UTF file  int capacityBytes  long maxItems
 *   int maxMessageLength  byte idle mode (ordinal)  byte codec ({@link Codecs#builtInIndex})
 * </pre>
 *
 * <p>Across processes: the receiving process attaches the same file with the same options, exactly as the
 * handle's Java-serialized form does; across hosts it is not used (a cluster's queues are not local handles).
 *
 * <p>Under crashes: the form holds nothing open; a process that reads it after the file was removed (its context
 * reclaimed once every process using it died) gets the attach's {@code RegionException}, as with the serialized
 * form.
 */
public final class QueueHandleForm {
    private static final AbstractSharedQueue.Flavour[] FLAVOURS = AbstractSharedQueue.Flavour.values();
    private static final IdleMode[] IDLE_MODES = IdleMode.values();

    private QueueHandleForm() {
    }

    /**
     * Whether a value is a local queue handle with this form.
     *
     * @param value any value
     * @return {@code true} for a local queue handle whose codec is a built-in one
     */
    public static boolean applies(final Object value) {
        return value instanceof AbstractSharedQueue
            && Codecs.builtInIndex(((AbstractSharedQueue<?>) value).options().codec()) >= 0;
    }

    /**
     * Writes a handle's form.
     *
     * @param out   where to write
     * @param value a handle for which {@link #applies} is {@code true}
     * @throws IOException              when the stream fails
     * @throws IllegalArgumentException when the form does not apply to the value
     */
    public static void write(final DataOutputStream out, final Object value) throws IOException {
        // one copy of the options (a handle gives out copies), checked and written
        final QueueOptions options = value instanceof AbstractSharedQueue ? ((AbstractSharedQueue<?>) value).options()
            : null;
        final int codec = options == null ? -1 : Codecs.builtInIndex(options.codec());
        if (codec < 0) {
            throw new IllegalArgumentException(value + " has no queue handle form; check applies() first");
        }
        final AbstractSharedQueue<?> queue = (AbstractSharedQueue<?>) value;
        out.writeByte(queue.flavour().ordinal());
        out.writeUTF(queue.file().toString());
        out.writeInt(options.capacityBytes());
        out.writeLong(options.maxItems());
        out.writeInt(options.maxMessageLength());
        out.writeByte(options.idle().ordinal());
        out.writeByte(codec);
    }

    /**
     * Reads a handle's form and attaches the queue, as the handle's Java-serialized form does.
     *
     * @param in where to read
     * @return the handle (a {@link SharedQueue}, {@link SimpleQueue} or {@link JoinableQueue})
     * @throws IOException when the stream fails or holds no such form
     * @throws io.shmproc.exceptions.RegionException when the queue's file cannot be attached
     */
    public static Object read(final DataInputStream in) throws IOException {
        final int flavour = in.readByte();
        final String file = in.readUTF();
        final int capacityBytes = in.readInt();
        final long maxItems = in.readLong();
        final int maxMessageLength = in.readInt();
        final int idle = in.readByte();
        final int codec = in.readByte();
        if (flavour < 0 || flavour >= FLAVOURS.length || idle < 0 || idle >= IDLE_MODES.length || codec < 0) {
            throw new StreamCorruptedException("a queue handle form with flavour " + flavour + ", idle mode " + idle
                + " and codec " + codec + " is corrupt");
        }
        return AbstractSharedQueue.attach(Path.of(file), FLAVOURS[flavour], QueueOptions.restored(capacityBytes,
            maxItems, maxMessageLength, IDLE_MODES[idle], Codecs.builtIn(codec)));
    }
}
