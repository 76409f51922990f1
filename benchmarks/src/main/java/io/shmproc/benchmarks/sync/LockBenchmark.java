package io.shmproc.benchmarks.sync;

import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.PayloadInitializer;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.sync.Lock;
import io.shmproc.sync.RLock;
import io.shmproc.sync.SyncOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.agrona.concurrent.AtomicBuffer;
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
 * Uncontended acquire + release of one lock by one thread, shmproc's locks beside their peers in the same run:
 * {@code ReentrantLock} (in-process only), a bare {@code FileChannel.lock} (crash-safe, slow), and a
 * compare-and-set spin lock on a mapped word (fast, not crash-safe).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LockBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LockBenchmark {
    private SharedDirectory dir;
    private Lock lock;
    private RLock rlock;
    private final ReentrantLock reentrantLock = new ReentrantLock();
    private FileChannel channel;
    private MappedRegion region;
    private AtomicBuffer word;
    private long counter;

    /** Creates the locks in a private directory. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
        lock = Lock.create(dir.resolve("lock"), SyncOptions.defaults());
        rlock = RLock.create(dir.resolve("rlock"), SyncOptions.defaults());
        channel = FileChannel.open(dir.resolve("file-lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        region = MappedRegion.create(dir.resolve("cas"), RegionKind.TEST, 1, 64, PayloadInitializer.ZEROED);
        word = region.payload();
    }

    /** Closes everything and removes the directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        lock.close();
        rlock.close();
        channel.close();
        region.close();
        SharedDirectory.deleteTree(dir.path());
    }

    /**
     * shmproc {@link Lock}: one CAS on the shared owner word, one release store; crash-safe.
     *
     * @return the counter, so the work is not eliminated
     */
    @Benchmark
    public long shmprocLock() {
        lock.lock();
        try {
            return ++counter;
        } finally {
            lock.unlock();
        }
    }

    /**
     * shmproc {@link RLock}: as {@link #shmprocLock()} plus the shared hold count.
     *
     * @return the counter
     */
    @Benchmark
    public long shmprocRLock() {
        rlock.lock();
        try {
            return ++counter;
        } finally {
            rlock.unlock();
        }
    }

    /**
     * Peer: {@code ReentrantLock}, in-process only.
     *
     * @return the counter
     */
    @Benchmark
    public long reentrantLock() {
        reentrantLock.lock();
        try {
            return ++counter;
        } finally {
            reentrantLock.unlock();
        }
    }

    /**
     * Peer: a bare {@code FileChannel.lock} on one byte; crash-safe, one system call each way.
     *
     * @return the counter
     * @throws IOException from the file lock
     */
    @Benchmark
    public long fileChannelLock() throws IOException {
        final FileLock fileLock = channel.lock(0, 1, false);
        try {
            return ++counter;
        } finally {
            fileLock.release();
        }
    }

    /**
     * Peer: a compare-and-set spin lock on a mapped word; fast, but a dead holder blocks it forever.
     *
     * @return the counter
     */
    @Benchmark
    public long casSpinLock() {
        while (!word.compareAndSetLong(0, 0, 1)) {
            Thread.onSpinWait();
        }
        try {
            return ++counter;
        } finally {
            word.putLongRelease(0, 0);
        }
    }
}
