package io.shmproc.benchmarks.memory;

import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.memory.ArrayBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * shmproc's own buffer over a mapped file ({@code MappedBuffer}, no JVM option) against Agrona's {@code UnsafeBuffer}
 * over the same kind of mapping (needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}): Agrona's
 * one-to-one ring running on each, and the single accesses the channels make most.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BufferBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class BufferBenchmark {
    private static final int CAPACITY = 1 << 16;

    /** The buffer under the ring: {@code mapped} (shmproc's) or {@code unsafe} (Agrona's). */
    @Param({"mapped", "unsafe"})
    public String impl;

    private final ArrayBuffer message = ArrayBuffer.wrapping(new byte[32]);
    private final byte[] bytes = new byte[256];
    private final MessageHandler handler = (type, buffer, offset, length) -> { };
    private SharedDirectory dir;
    private MappedRegion region;
    private AtomicBuffer buffer;
    private OneToOneRingBuffer ring;

    /**
     * Maps the file and builds the ring.
     *
     * @throws Exception on failure
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        final int length = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
        final Path file = dir.path().resolve("buffer");
        if (impl.equals("mapped")) {
            region = MappedRegion.create(file, RegionKind.SPSC_CHANNEL, 1, length, payload -> { });
            buffer = io.shmproc.memory.Buffers.slice(region.payload(), 0, length);
        } else {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
                final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                buffer = new UnsafeBuffer(mapped);
            }
        }
        ring = new OneToOneRingBuffer(buffer);
    }

    /** Removes the file. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (region != null) {
            region.close();
        }
        SharedDirectory.deleteTree(dir.path());
    }

    /**
     * Agrona's one-to-one ring writes 32 bytes and reads them back.
     *
     * @return the records read
     */
    @Benchmark
    public int ringWriteRead() {
        ring.write(1, message, 0, 32);
        return ring.read(handler, 16);
    }

    /**
     * A volatile load and an ordered store of a long, the positions' accesses.
     *
     * @return the value read
     */
    @Benchmark
    public long longVolatileAndOrdered() {
        final long value = buffer.getLongVolatile(128);
        buffer.putLongOrdered(128, value + 1);
        return value;
    }

    /**
     * One atomic increment, a shared counter's whole cost.
     *
     * @return the value before
     */
    @Benchmark
    public long getAndAdd() {
        return buffer.getAndAddLong(192, 1);
    }

    /**
     * Copies 256 bytes in from an array and back out.
     *
     * @return a byte copied
     */
    @Benchmark
    public byte bytes256() {
        buffer.putBytes(256, bytes, 0, 256);
        buffer.getBytes(256, bytes, 0, 256);
        return bytes[7];
    }
}
