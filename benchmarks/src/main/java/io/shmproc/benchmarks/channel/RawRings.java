package io.shmproc.benchmarks.channel;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The raw Agrona peers: a {@code OneToOneRingBuffer} or {@code ManyToOneRingBuffer} over a plain memory-mapped
 * file, with nothing of shmproc around it — the baseline the channels and pipes are measured against.
 */
public final class RawRings {
    private RawRings() {
    }

    /**
     * The JVM option a JVM running these raw Agrona peers needs: Agrona 2.x's {@code UnsafeBuffer} links against
     * {@code jdk.internal.misc.Unsafe}. Only the peers need it; shmproc's own paths run without any option.
     */
    public static final List<String> AGRONA_PEER_ARGS = List.of("--add-exports",
        "java.base/jdk.internal.misc=ALL-UNNAMED");

    /**
     * Maps (creating if needed) a ring file and wraps an Agrona ring over it.
     *
     * @param file     the file, usually under {@code /dev/shm}
     * @param capacity the ring capacity, a power of two
     * @param kind     {@code spsc} or {@code mpsc}
     * @return the ring
     * @throws IOException when the file cannot be mapped
     */
    public static RingBuffer map(final Path file, final int capacity, final String kind) throws IOException {
        final int length = capacity + RingBufferDescriptor.TRAILER_LENGTH;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
            return "mpsc".equals(kind) ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
        }
    }
}
