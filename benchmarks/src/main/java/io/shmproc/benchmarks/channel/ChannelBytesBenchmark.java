package io.shmproc.benchmarks.channel;

import io.shmproc.channel.ChannelOptions;
import io.shmproc.channel.MessageChannel;
import io.shmproc.channel.MessageHandler;
import io.shmproc.channel.MpscChannel;
import io.shmproc.channel.SpscChannel;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.SharedDirectory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ringbuffer.RingBuffer;
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
 * One offer plus one poll of a 32-byte message on one thread, through shmproc's channels and the raw Agrona
 * rings over the same kind of mapped memory: the per-message cost of the byte path without any cross-core
 * traffic, and (with {@code -prof gc}) the proof that it allocates nothing.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
 *     ChannelBytesBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ChannelBytesBenchmark {
    /** The ring. */
    @Param({"shmproc-spsc", "shmproc-mpsc", "agrona-spsc", "agrona-mpsc"})
    public String impl;

    private final ArrayBuffer message = ArrayBuffer.wrapping(new byte[32]);
    private final MessageHandler handler = (buffer, offset, length) -> { };
    private final org.agrona.concurrent.MessageHandler rawHandler = (type, buffer, offset, length) -> { };
    private SharedDirectory dir;
    private MessageChannel channel;
    private RingBuffer ring;

    /**
     * Creates the ring.
     *
     * @throws Exception on failure
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        final Path file = dir.path().resolve("ring");
        final ChannelOptions options = ChannelOptions.defaults();
        switch (impl) {
            case "shmproc-spsc":
                channel = SpscChannel.create(file, options);
                break;
            case "shmproc-mpsc":
                channel = MpscChannel.create(file, options);
                break;
            default:
                ring = RawRings.map(file, options.capacity(), impl.substring("agrona-".length()));
        }
    }

    /** Removes the ring. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (channel != null) {
            channel.close();
        }
        SharedDirectory.deleteTree(dir.path());
    }

    /**
     * Offers one message and polls it back.
     *
     * @return the number of messages polled
     */
    @Benchmark
    public int offerAndPoll() {
        if (channel != null) {
            channel.offer(message, 0, 32);
            return channel.poll(handler, 16);
        }
        ring.write(1, message, 0, 32);
        return ring.read(rawHandler, 16);
    }
}
