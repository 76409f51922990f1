package io.shmproc.pipe;

import io.shmproc.channel.ChannelOptions;
import io.shmproc.channel.WaitStrategy;
import io.shmproc.codec.Codecs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A local pipe end written without Java serialization, for the process layer: a child's target that captures a
 * {@link Connection} (the usual way to hand a child its end) then reaches the child in a form it reads without an
 * {@code ObjectInputStream}, whose first use cost a cold child 8-13 ms of its start (measured). Only ends whose codec
 * is one of {@link Codecs}' built-in codecs have this form; any other travels Java-serialized, as before.
 *
 * <pre>
 *   UTF file  int end  byte codec ({@link Codecs#builtInIndex})  boolean duplex  int capacity
 *   int maxMessageLength  int producers  byte wait strategy (ordinal)  long + int stall timeout (s, ns)
 *   int holder slot kept for the copy  long pid of the writer (its guardian)
 * </pre>
 *
 * <p>Across processes: exactly what the end's Java-serialized form does. Writing the form keeps a holder slot of
 * the end for the copy, alive while the writing process lives; the receiving process adopts it, so the end is
 * never seen closed in between.
 *
 * <p>Under crashes: the kept slot is the writing process's (its pid is the slot's guardian), so a writer killed
 * before the copy is adopted leaves no end held open for ever, as with the serialized form.
 */
public final class PipeHandleForm {
    private static final WaitStrategy[] STRATEGIES = WaitStrategy.values();

    private PipeHandleForm() {
    }

    /**
     * Whether a value is a local pipe end with this form.
     *
     * @param value any value
     * @return {@code true} for a local {@link Connection} whose codec is a built-in one
     */
    public static boolean applies(final Object value) {
        return value instanceof LocalConnection && Codecs.builtInIndex(((LocalConnection<?>) value).codec()) >= 0;
    }

    /**
     * Writes an end's form, keeping a holder slot of the end for the copy.
     *
     * @param out   where to write
     * @param value an end for which {@link #applies} is {@code true}
     * @throws IOException                              when the stream fails
     * @throws IllegalArgumentException                 when the form does not apply to the value
     * @throws io.shmproc.exceptions.ClosedException when the end is closed
     */
    public static void write(final DataOutputStream out, final Object value) throws IOException {
        if (!applies(value)) {
            throw new IllegalArgumentException(value + " has no pipe end form; check applies() first");
        }
        final LocalConnection<?> connection = (LocalConnection<?>) value;
        connection.writeForm(out, Codecs.builtInIndex(connection.codec()));
    }

    /**
     * Reads an end's form and attaches the end, adopting the slot kept for it.
     *
     * @param in where to read
     * @return the end, a {@link Connection}
     * @throws IOException when the stream fails or holds no such form
     * @throws io.shmproc.exceptions.RegionException when the pipe's file cannot be attached
     */
    public static Object read(final DataInputStream in) throws IOException {
        final String file = in.readUTF();
        final int end = in.readInt();
        final int codec = in.readByte();
        final boolean duplex = in.readBoolean();
        final int capacity = in.readInt();
        final int maxMessageLength = in.readInt();
        final int producers = in.readInt();
        final int strategy = in.readByte();
        final long stallSeconds = in.readLong();
        final int stallNanos = in.readInt();
        final int slot = in.readInt();
        final long guardian = in.readLong();
        if (codec < 0 || strategy < 0 || strategy >= STRATEGIES.length) {
            throw new StreamCorruptedException("a pipe end form with codec " + codec + " and wait strategy "
                + strategy + " is corrupt");
        }
        final ChannelOptions channel = ChannelOptions.defaults().capacity(capacity).maxMessageLength(maxMessageLength)
            .producers(producers).waitStrategy(STRATEGIES[strategy])
            .stallTimeout(Duration.ofSeconds(stallSeconds, stallNanos));
        return LocalConnection.adopt(Path.of(file), end, Codecs.builtIn(codec), PipeOptions.restored(duplex, channel),
            slot, guardian);
    }

}
