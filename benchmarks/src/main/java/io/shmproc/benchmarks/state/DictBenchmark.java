package io.shmproc.benchmarks.state;

import io.shmproc.memory.SharedDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 * Single-process get and put throughput of shmproc's {@code SharedDict} beside Chronicle Map (persisted in
 * {@code /dev/shm}) and {@code ConcurrentHashMap}, over 100,000 keys by default: {@code Long -> Long} and 16-character
 * {@code String -> byte[64]}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DictBenchmark -jvmArgsAppend "$(cat benchmarks/chronicle.jvm)"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true",
    "-Dchronicle.disk.monitor.disable=true"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DictBenchmark {
    /** The map under test. */
    @Param({"shmproc", "chronicle", "chm"})
    public String impl;
    /** {@code long} keys and values, or {@code string} keys with 64-byte values. */
    @Param({"long", "string"})
    public String keys;
    /** How many keys the map holds: 100,000 (memory-bound), or 1,000 (cache-resident). */
    @Param({"100000"})
    public int size;

    private Path dir;
    private Map<Object, Object> map;
    private Object[] keyObjects;
    private Object[] valueObjects;
    private int next;

    /**
     * Opens and fills the map.
     *
     * @throws Exception when it cannot be opened
     */
    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory(SharedDirectory.defaultBase(), "shmproc-bench-dict-");
        map = DictPeers.open(impl, keys, dir);
        keyObjects = DictPeers.keys(keys, size);
        valueObjects = DictPeers.values(keys, size);
        for (int i = 0; i < size; i++) {
            map.put(keyObjects[i], valueObjects[i]);
        }
    }

    /** Closes the map and removes its files. */
    @TearDown(Level.Trial)
    public void close() {
        DictPeers.close(map);
        SharedDirectory.deleteTree(dir);
    }

    /**
     * One get of a present key.
     *
     * @return the value
     */
    @Benchmark
    public Object get() {
        final int i = next++ % size;
        return map.get(keyObjects[i]);
    }

    /**
     * One put replacing a present key's value.
     *
     * @return the previous value, as {@code Map.put} returns it
     */
    @Benchmark
    public Object put() {
        final int i = next++ % size;
        return map.put(keyObjects[i], valueObjects[i]);
    }
}
