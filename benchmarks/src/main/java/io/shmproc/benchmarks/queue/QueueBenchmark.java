package io.shmproc.benchmarks.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.codec.Codecs;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.RegionKind;
import io.shmproc.queue.IdleMode;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 * One thread offers and polls one 32-byte message per operation: the uncontended cost of the queue paths and,
 * with {@code -prof gc}, their allocation per message (the bytes path allocates nothing; the object path
 * allocates the decoded {@code byte[]}). Cross-process figures come from {@link QueueHarness}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar QueueBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class QueueBenchmark {
    /** Which path. */
    @Param({"mpmc-bytes", "shared-queue-bytes-codec", "array-blocking-queue"})
    public String impl;

    private Path dir;
    private MpmcChannel channel;
    private SharedQueue<byte[]> queue;
    private ArrayBlockingQueue<byte[]> abq;
    private final ArrayBuffer message = ArrayBuffer.wrapping(new byte[32]);
    private final byte[] item = new byte[32];
    private long sink;
    private final MpmcChannel.ReadHandler handler = (b, o, l) -> sink += b.getByte(o);

    /**
     * Creates the queue under test.
     *
     * @throws IOException when the directory cannot be created
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/dev/shm"), "shmproc-bench-queue-jmh-");
        switch (impl) {
            case "mpmc-bytes":
                channel = MpmcChannel.create(dir.resolve("ch"), RegionKind.MPMC_CHANNEL, 1 << 20, 0, 1 << 16);
                break;
            case "shared-queue-bytes-codec":
                queue = SharedQueue.create(dir.resolve("q"), QueueOptions.defaults().codec(Codecs.bytes())
                    .idle(IdleMode.BUSY_SPIN));
                break;
            default:
                abq = new ArrayBlockingQueue<>(1024);
        }
    }

    /**
     * Removes the files.
     *
     * @throws IOException when they cannot be removed
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (channel != null) {
            channel.close();
            channel.unlink();
        }
        if (queue != null) {
            queue.close();
            queue.unlink();
        }
        Files.deleteIfExists(dir);
    }

    /**
     * Offers one message and polls it back.
     *
     * @return something the JIT cannot drop
     */
    @Benchmark
    public long offerPoll() {
        switch (impl) {
            case "mpmc-bytes":
                channel.offer(message, 0, 32);
                channel.poll(handler, 1);
                return sink;
            case "shared-queue-bytes-codec":
                queue.offer(item);
                return queue.poll().length;
            default:
                abq.offer(item);
                return abq.poll().length;
        }
    }
}
