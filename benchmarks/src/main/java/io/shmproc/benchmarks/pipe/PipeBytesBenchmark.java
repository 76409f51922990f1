package io.shmproc.benchmarks.pipe;

import io.shmproc.channel.MessageHandler;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
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
 * One send plus one receive on a pipe, on one thread: the byte path ({@code sendBytes(DirectBuffer)} with
 * {@code recvBytes(MessageHandler)}, which must allocate nothing: check with {@code -prof gc}), of {@code size}
 * bytes from shmproc's array buffer and from Agrona's buffer over a direct {@code ByteBuffer}, and the object path
 * ({@code send(String)} with {@code recv()} through the default codec, which allocates the decoded string).
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
 *     PipeBytesBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PipeBytesBenchmark {
    /** The message length in bytes. */
    @Param({"32", "256"})
    public int size;
    private final ArrayBuffer message = ArrayBuffer.wrapping(new byte[256]);
    private UnsafeBuffer direct;
    private final MessageHandler handler = (buffer, offset, length) -> { };
    private SharedDirectory dir;
    private Pipe<Object> pipe;
    private Connection<Object> sender;
    private Connection<Object> receiver;

    /** Creates the pipe. */
    @Setup(Level.Trial)
    public void setUp() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        pipe = Pipe.open(dir.path().resolve("pipe"), PipeOptions.duplex());
        sender = pipe.second();
        receiver = pipe.first();
        direct = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
    }

    /** Removes the pipe. */
    @TearDown(Level.Trial)
    public void tearDown() {
        pipe.close();
        SharedDirectory.deleteTree(dir.path());
    }

    /**
     * Sends 32 bytes and receives them in place.
     *
     * @throws Exception never
     */
    @Benchmark
    public void bytes() throws Exception {
        sender.sendBytes(message, 0, size);
        receiver.recvBytes(handler);
    }

    /**
     * Sends {@code size} bytes from an Agrona buffer over a direct {@code ByteBuffer} and receives them in place.
     *
     * @throws Exception never
     */
    @Benchmark
    public void bytesFromAgronaDirect() throws Exception {
        sender.sendBytes(direct, 0, size);
        receiver.recvBytes(handler);
    }

    /**
     * Sends a short string and receives it decoded.
     *
     * @return the string
     * @throws Exception never
     */
    @Benchmark
    public Object object() throws Exception {
        sender.send("hello-123456");
        return receiver.recv();
    }
}
