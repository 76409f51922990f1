package io.shmproc.benchmarks.codec;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.codec.KryoCodec;
import io.shmproc.memory.ArrayBuffer;
import java.util.concurrent.TimeUnit;
import org.apache.fory.Fory;
import org.apache.fory.config.Language;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding plus decoding of one small object ({@link SmallObject}) with the candidate default object codecs:
 * Java serialization (shmproc's {@code Codecs.object()}, which Java-serializes non-built-in types), Kryo 5.6.2
 * with the class registered ({@code kryo}), shmproc's {@link KryoCodec} as a default codec would run it (nothing
 * registered, references tracked: {@code kryo-codec}), and Apache Fory 1.6.0 with and without registration.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar \
 *     SerializerBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SerializerBenchmark {
    /** The serializer. */
    @Param({"java", "kryo", "kryo-codec", "fory", "fory-unregistered"})
    public String impl;

    private final SmallObject value = new SmallObject(123_456_789L, 100, 101.25, "SHMP");
    private final ArrayBuffer scratch = ArrayBuffer.growable(256);
    private Codec<Object> java;
    private Kryo kryo;
    private Output output;
    private Input input;
    private Fory fory;
    private Fory foryUnregistered;
    private Codec<Object> kryoCodec;
    private int encodedLength;

    private void setUpOnly(final String only) {
        switch (only) {
            case "java":
                java = Codecs.object();
                break;
            case "kryo":
                kryo = new Kryo();
                kryo.register(SmallObject.class);
                output = new Output(256);
                input = new Input();
                break;
            case "kryo-codec":
                kryoCodec = KryoCodec.create();
                break;
            case "fory":
                fory = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(true).build();
                fory.register(SmallObject.class);
                break;
            default:
                foryUnregistered = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(false).build();
        }
    }

    /** Builds the serializers. */
    @Setup
    public void setUp() {
        java = Codecs.object();
        kryo = new Kryo();
        kryo.register(SmallObject.class);
        output = new Output(256);
        input = new Input();
        fory = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(true).build();
        fory.register(SmallObject.class);
        foryUnregistered = Fory.builder().withLanguage(Language.JAVA).requireClassRegistration(false).build();
        kryoCodec = KryoCodec.create();
        encodedLength = encodeDecode() == null ? -1 : encodedLength;
    }

    /**
     * Encodes and decodes one object.
     *
     * @return the decoded object
     */
    @Benchmark
    public Object roundTrip() {
        return encodeDecode();
    }

    private Object encodeDecode() {
        switch (impl) {
            case "java": {
                final int length = java.encode(value, scratch, 0);
                encodedLength = length;
                return java.decode(scratch, 0, length);
            }
            case "kryo": {
                output.reset();
                kryo.writeObject(output, value);
                encodedLength = output.position();
                input.setBuffer(output.getBuffer(), 0, output.position());
                return kryo.readObject(input, SmallObject.class);
            }
            case "kryo-codec": {
                final int length = kryoCodec.encode(value, scratch, 0);
                encodedLength = length;
                return kryoCodec.decode(scratch, 0, length);
            }
            case "fory-unregistered": {
                final byte[] bytes = foryUnregistered.serialize(value);
                encodedLength = bytes.length;
                return foryUnregistered.deserialize(bytes);
            }
            default: {
                final byte[] bytes = fory.serialize(value);
                encodedLength = bytes.length;
                return fory.deserialize(bytes);
            }
        }
    }

    /**
     * Prints each serializer's encoded length and checks the round trip; {@code cold IMPL} times set-up plus
     * the first round trip of one serializer in a fresh JVM.
     *
     * @param args nothing, or {@code cold IMPL}
     */
    public static void main(final String[] args) {
        if (args.length == 2 && args[0].equals("cold")) {
            final long start = System.nanoTime();
            final SerializerBenchmark benchmark = new SerializerBenchmark();
            benchmark.impl = args[1];
            benchmark.setUpOnly(args[1]);
            benchmark.roundTrip();
            System.out.printf("%s: first round trip in a fresh JVM (set-up included) %.1f ms%n", args[1],
                (System.nanoTime() - start) / 1e6);
            return;
        }
        for (final String impl : new String[] {"java", "kryo", "kryo-codec", "fory", "fory-unregistered"}) {
            final SerializerBenchmark benchmark = new SerializerBenchmark();
            benchmark.impl = impl;
            benchmark.setUp();
            final Object back = benchmark.roundTrip();
            System.out.println(impl + ": " + benchmark.encodedLength + " bytes, round trip equal: "
                + benchmark.value.equals(back));
        }
    }
}
